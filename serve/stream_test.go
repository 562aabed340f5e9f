package serve

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// TestStreamEvents reads the raw stream: a host event first, then snapshots in the JSON format,
// one per interval, each newer than the last.
func TestStreamEvents(t *testing.T) {
	a := start(t, Config{Interval: 100 * time.Millisecond})
	resp, err := http.Get(a.URL + "/api/v1/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type %q", ct)
	}
	er := newEventReader(resp.Body)
	ev, err := er.next()
	if err != nil || ev.Name != "host" || !strings.Contains(string(ev.Data), `"interval_ms":100`) {
		t.Fatalf("first event %q %s, %v", ev.Name, ev.Data, err)
	}
	var last time.Time
	begin := time.Now()
	for i := range 5 {
		ev, err := er.next()
		if err != nil || ev.Name != "snapshot" {
			t.Fatalf("event %d: %q, %v", i, ev.Name, err)
		}
		snap, err := inspect.DecodeJSON(ev.Data)
		if err != nil {
			t.Fatal(err)
		}
		if !snap.Taken.After(last) || len(snap.Processes) == 0 {
			t.Errorf("snapshot %d taken %v after %v, %d processes", i, snap.Taken, last, len(snap.Processes))
		}
		last = snap.Taken
	}
	// Five snapshots at 100 ms: about half a second (the first comes at once).
	if d := time.Since(begin); d < 300*time.Millisecond || d > 5*time.Second {
		t.Errorf("5 snapshots took %v at a 100 ms interval", d)
	}
}

// TestStreamLimit fills the stream limit and checks the next client gets 503.
func TestStreamLimit(t *testing.T) {
	a := start(t, Config{Interval: 100 * time.Millisecond, MaxStreams: 2})
	var open []*http.Response
	for range 2 {
		resp, err := http.Get(a.URL + "/api/v1/stream")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("stream: %v %v", resp, err)
		}
		open = append(open, resp)
	}
	resp, err := http.Get(a.URL + "/api/v1/stream")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("third stream: %d, Retry-After %q; want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	for _, r := range open {
		r.Body.Close()
	}
	waitFor(t, "streams to close", func() bool { return a.ActiveStreams() == 0 })
}

// TestSlowClientDropped connects a client that never reads: once the kernel's buffers are full,
// a write waits past the write timeout and the agent drops the client instead of buffering.
func TestSlowClientDropped(t *testing.T) {
	a := start(t, Config{Interval: 20 * time.Millisecond, WriteTimeout: 300 * time.Millisecond})
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		// A small receive buffer fills after a few snapshots.
		return c.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
	}}
	conn, err := d.Dial("tcp", a.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /api/v1/stream HTTP/1.1\r\nHost: %s\r\n\r\n", a.Addr)
	waitFor(t, "the stream to open", func() bool { return a.ActiveStreams() == 1 })
	waitFor(t, "the agent to drop the client that does not read", func() bool { return a.ActiveStreams() == 0 })
	_, body := get(t, a.URL+"/metrics", "")
	if !strings.Contains(string(body), "taskscope_stream_clients_dropped_total 1") {
		t.Errorf("dropped counter not 1:\n%s", grepLines(string(body), "taskscope_stream"))
	}
}

// TestClientReconnects runs a Client against an agent, stops the agent, and starts another on
// the same port: the Client reports the loss with a retry time, and is connected again.
func TestClientReconnects(t *testing.T) {
	cfg := Config{Interval: 50 * time.Millisecond, Token: "t0k"}
	a := start(t, cfg)
	c, err := NewClient(a.URL, "t0k")
	if err != nil {
		t.Fatal(err)
	}
	c.MinBackoff, c.MaxBackoff = 100*time.Millisecond, 400*time.Millisecond
	var mu sync.Mutex
	var states []State
	snaps := 0
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- c.Run(ctx, func(s *inspect.Snapshot) {
			mu.Lock()
			defer mu.Unlock()
			if s.Host.Hostname == "" || len(s.Processes) == 0 {
				t.Errorf("snapshot without host or processes: %q %d", s.Host.Hostname, len(s.Processes))
			}
			snaps++
		}, func(s State) {
			mu.Lock()
			defer mu.Unlock()
			states = append(states, s)
		})
	}()
	count := func() (int, []State) { mu.Lock(); defer mu.Unlock(); return snaps, append([]State(nil), states...) }
	waitFor(t, "snapshots", func() bool { n, _ := count(); return n >= 3 })
	a.stop(t)
	waitFor(t, "the loss to be reported", func() bool {
		_, st := count()
		l := st[len(st)-1]
		return !l.Connected && l.Err != nil && l.RetryIn > 0 && strings.Contains(l.String(), "retrying in")
	})
	before, _ := count()
	time.Sleep(500 * time.Millisecond) // a few failed attempts while nothing listens
	ln, err := net.Listen("tcp", a.Addr)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	serveOn(t, s2, ln)
	waitFor(t, "snapshots from the new agent", func() bool { n, _ := count(); return n >= before+3 })
	_, st := count()
	if !st[len(st)-1].Connected || st[len(st)-1].Host.Hostname == "" {
		t.Errorf("last state %+v, want connected with a host", st[len(st)-1])
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run returned %v", err)
	}
}

// TestClientWrongToken reports a refused token as such.
func TestClientWrongToken(t *testing.T) {
	a := start(t, Config{Token: "right"})
	c, _ := NewClient(a.URL, "wrong")
	c.MinBackoff = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan State, 4)
	go c.Run(ctx, func(*inspect.Snapshot) {}, func(s State) { got <- s })
	<-got // connecting
	select {
	case s := <-got:
		if s.Connected || !errors.Is(s.Err, ErrUnauthorized) {
			t.Errorf("state %+v, want the 401 reported", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no state after a refused token")
	}
	for _, bad := range []string{"", "ftp://x", "http://", "localhost:9256"} {
		if _, err := NewClient(bad, ""); err == nil {
			t.Errorf("NewClient(%q) accepted", bad)
		}
	}
}

// waitFor polls cond for up to 20 s.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// grepLines returns the lines of s that contain sub.
func grepLines(s, sub string) string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		if strings.Contains(sc.Text(), sub) {
			out = append(out, sc.Text())
		}
	}
	return strings.Join(out, "\n")
}

// TestClientSilentAgent: an agent that keeps the connection open but sends nothing more (a
// hung host) is reported lost once Silence has passed, and tried again.
func TestClientSilentAgent(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	hung := make(chan struct{})
	defer close(hung)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "event: host\ndata: {\"hostname\":\"hung\",\"interval_ms\":100}\n\n")
		w.(http.Flusher).Flush()
		select {
		case <-hung:
		case <-r.Context().Done():
		}
	})}
	go srv.Serve(ln)
	defer srv.Close()
	c, _ := NewClient("http://"+ln.Addr().String(), "")
	c.Silence, c.MinBackoff = 300*time.Millisecond, time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	states := make(chan State, 4)
	go c.Run(ctx, func(*inspect.Snapshot) {}, func(s State) { states <- s })
	<-states // connecting
	select {
	case s := <-states:
		if s.Connected || s.Err == nil || !strings.Contains(s.Err.Error(), "no news") || s.Host.Hostname != "hung" {
			t.Errorf("state %+v, want lost for silence", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a silent agent was never reported lost")
	}
}
