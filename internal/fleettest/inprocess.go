package fleettest

import (
	"context"
	"testing"
	"time"

	"github.com/taskscope/taskscope/serve"
)

// InProcessAgent runs an agent in the test's own process on a free loopback port until the test
// ends, and returns its host:port: the one agent a test of the fleet's client or tab needs, with
// no namespace and so no root.
func InProcessAgent(t testing.TB) string {
	t.Helper()
	s, err := serve.New(serve.Config{Listen: "127.0.0.1:0", Interval: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := s.Listen()
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.Shutdown(ctx)
	})
	return ln.Addr().String()
}
