package serve

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/proctest"
)

func TestMain(m *testing.M) {
	proctest.Main()
	code := m.Run()
	stopBenchLoad()
	os.Exit(code)
}

// running is an agent serving on a free loopback port for one test.
type running struct {
	*Server
	URL  string
	Addr string
	done chan error
}

// start runs an agent with cfg (Listen defaulting to a free loopback port) until the test ends.
func start(t testing.TB, cfg Config) *running {
	t.Helper()
	if cfg.Listen == "" {
		cfg.Listen = "127.0.0.1:0"
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := s.Listen()
	if err != nil {
		t.Fatal(err)
	}
	return serveOn(t, s, ln)
}

// serveOn serves s on ln until the test ends.
func serveOn(t testing.TB, s *Server, ln net.Listener) *running {
	t.Helper()
	scheme := "http"
	if s.cfg.TLSCert != "" {
		scheme = "https"
	}
	r := &running{Server: s, Addr: ln.Addr().String(), URL: scheme + "://" + ln.Addr().String(), done: make(chan error, 1)}
	go func() { r.done <- s.Serve(ln) }()
	t.Cleanup(func() { r.stop(t) })
	return r
}

// stop shuts the agent down and checks that it ended as it should.
func (r *running) stop(t testing.TB) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r.Shutdown(ctx)
	select {
	case err := <-r.done:
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("Serve: %v", err)
		}
		r.done <- http.ErrServerClosed // a second stop finds it ended
	case <-time.After(10 * time.Second):
		t.Error("the agent did not stop within 10 s of Shutdown")
	}
}

// get fetches url with an optional bearer token and returns the status and body.
func get(t testing.TB, url, token string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}
