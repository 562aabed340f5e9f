package model

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/serve"
)

func TestReason(t *testing.T) {
	_, err := net.Dial("tcp", "127.0.0.1:1")
	if got := Reason(err); got != "connection refused" {
		t.Errorf("Reason(%v) = %q", err, got)
	}
	if got := Reason(serve.ErrUnauthorized); got != serve.ErrUnauthorized.Error() {
		t.Errorf("Reason(401) = %q", got)
	}
	if Reason(nil) != "" {
		t.Error("Reason(nil) not empty")
	}
}

func TestRemoteStatusText(t *testing.T) {
	now := time.Date(2026, 11, 26, 22, 0, 0, 0, time.UTC)
	cases := []struct {
		s    RemoteStatus
		want []string
	}{
		{RemoteStatus{URL: "http://lab:9256"}, []string{"connecting to http://lab:9256"}},
		{RemoteStatus{URL: "http://lab:9256", Host: "lab-1", Connected: true}, []string{"live from lab-1"}},
		{RemoteStatus{URL: "http://lab:9256", Host: "lab-1", Err: errors.New("connection refused"),
			RetryAt: now.Add(3500 * time.Millisecond), LastData: now.Add(-12 * time.Second)},
			[]string{"connection to lab-1 lost: connection refused", "retrying in 4 s", "showing data from 12 s ago"}},
		{RemoteStatus{URL: "http://lab:9256", Err: errors.New("401"), RetryAt: now.Add(-time.Second)},
			[]string{"connection to http://lab:9256 lost", "retrying now", "nothing received yet"}},
		{RemoteStatus{URL: "u", Host: "h", Err: errors.New("x"), RetryAt: now, LastData: now.Add(-5 * time.Minute)},
			[]string{"showing data from 5 min ago"}},
	}
	for _, c := range cases {
		got := c.s.Text(now)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%+v: %q lacks %q", c.s, got, w)
			}
		}
	}
}

// agent runs a real agent on addr ("127.0.0.1:0" for any port) until stop.
type agent struct {
	s    *serve.Server
	addr string
	done chan error
}

func startAgent(t *testing.T, addr string, cfg serve.Config) *agent {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	s, err := serve.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	a := &agent{s: s, addr: ln.Addr().String(), done: make(chan error, 1)}
	go func() { a.done <- s.Serve(ln) }()
	t.Cleanup(a.stop)
	return a
}

func (a *agent) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	a.s.Shutdown(ctx)
}

// TestRemoteSource runs a Remote against a real agent: snapshots arrive with the remote host's
// name, none is handed over twice, a stopped agent shows as a lost connection with a retry
// time, and a restarted one is picked up again.
func TestRemoteSource(t *testing.T) {
	cfg := serve.Config{Interval: 50 * time.Millisecond, Token: "tok"}
	a := startAgent(t, "127.0.0.1:0", cfg)
	r, err := NewRemote("http://"+a.addr, "tok")
	if err != nil {
		t.Fatal(err)
	}
	r.client.MinBackoff, r.client.MaxBackoff = 100*time.Millisecond, 300*time.Millisecond
	var mu sync.Mutex
	var seen []RemoteStatus
	r.OnStatus(func(s RemoteStatus) { mu.Lock(); seen = append(seen, s); mu.Unlock() })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	if _, err := r.Sample(); !errors.Is(err, ErrRemote) || !strings.Contains(err.Error(), "connecting") {
		t.Errorf("before Start: err = %v, want connecting", err)
	}
	r.Start(ctx)
	var first *inspect.Snapshot
	waitUntil(t, "a snapshot", func() bool {
		s, err := r.Sample()
		first = s
		return err == nil
	})
	if first.Host.Hostname == "" || len(first.Processes) == 0 || r.Status().Host != first.Host.Hostname {
		t.Errorf("snapshot host %q, %d processes; status %+v", first.Host.Hostname, len(first.Processes), r.Status())
	}
	if s, err := r.Sample(); err == nil && s == first {
		t.Error("the same snapshot was handed over twice")
	} else if err != nil && !errors.Is(err, ErrNoNews) {
		t.Errorf("second Sample: %v", err)
	}

	a.stop()
	var lost error
	waitUntil(t, "the loss", func() bool {
		_, lost = r.Sample()
		return errors.Is(lost, ErrRemote)
	})
	if msg := lost.Error(); !strings.Contains(msg, "lost") || !strings.Contains(msg, "retrying") || !strings.Contains(msg, "showing data from") {
		t.Errorf("lost connection says %q", msg)
	}
	b := startAgent(t, a.addr, cfg)
	defer b.stop()
	waitUntil(t, "snapshots from the restarted agent", func() bool {
		s, err := r.Sample()
		return err == nil && s.Taken.After(first.Taken)
	})
	mu.Lock()
	defer mu.Unlock()
	var connected, lostSeen bool
	for _, s := range seen {
		connected = connected || s.Connected
		lostSeen = lostSeen || (!s.Connected && s.Err != nil && !s.RetryAt.IsZero())
	}
	if !connected || !lostSeen {
		t.Errorf("status changes %+v: want connected and lost", seen)
	}
}

// TestRemoteSignals: an agent without --allow-signals refuses, and says so in the window's
// words; one with it signals a process of its host.
func TestRemoteSignals(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	off := startAgent(t, "127.0.0.1:0", serve.Config{Interval: 50 * time.Millisecond, Token: "tok"})
	r, _ := NewRemote("http://"+off.addr, "tok")
	r.Start(ctx)
	waitUntil(t, "connected", func() bool { return r.Status().Connected })
	err := r.Signal(inspect.TaskKey{ID: 12345, StartTicks: 1}, unix.SIGTERM)
	if !errors.Is(err, ErrNoSignals) || !strings.Contains(SignalMessage(err, SignalChoices[0], "x"), "--allow-signals") {
		t.Errorf("signals off: %v", err)
	}

	on := startAgent(t, "127.0.0.1:0", serve.Config{Interval: 50 * time.Millisecond, Token: "tok", AllowSignals: true})
	r2, _ := NewRemote("http://"+on.addr, "tok")
	r2.Start(ctx)
	waitUntil(t, "connected", func() bool { return r2.Status().Connected && r2.Status().SignalsAllowed })
	if !strings.Contains(r.Refusal(4242), "--allow-signals") || r2.Refusal(4242) != "" || r2.Refusal(1) == "" {
		t.Errorf("refusals: off %q, on %q, init %q", r.Refusal(4242), r2.Refusal(4242), r2.Refusal(1))
	}
	// A worker over the remote source offers the refusal in the detail pane's model.
	w := NewWorker(r, time.Second, Options{}, func(Frame) {})
	if err := w.Signal(inspect.TaskKey{ID: 4242}, unix.SIGTERM); !errors.Is(err, ErrRefused) {
		t.Errorf("worker over an agent without signals: %v", err)
	}
	// A process that does not exist (start time 1 of a PID that is free or someone else's):
	// the agent refuses, and the window says it has ended.
	err = r2.Signal(inspect.TaskKey{ID: 4194000, StartTicks: 1}, unix.SIGCONT)
	if !errors.Is(err, inspect.ErrGone) {
		t.Errorf("a process that is not there: %v, want ErrGone", err)
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// noNews is a source that never has anything new.
type noNews struct{}

func (noNews) Sample() (*inspect.Snapshot, error) { return nil, ErrNoNews }
func (noNews) MemoryOf(int, uint64) inspect.MemoryBreakdown {
	return inspect.MemoryBreakdown{}
}

// TestWorkerNoNews: a sample with nothing new delivers nothing, neither a frame nor an error.
func TestWorkerNoNews(t *testing.T) {
	frames := 0
	w := NewWorker(noNews{}, time.Second, Options{}, func(Frame) { frames++ })
	w.Sample()
	w.Sample()
	if frames != 0 {
		t.Errorf("%d frames delivered for no news", frames)
	}
}
