package serve

import (
	"context"
	"errors"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// TestSignalEndpoint signals a child through the agent: refused without --allow-signals and
// without the token, refused for a wrong start time (the child survives), and sent for the
// right one (the child dies of it).
func TestSignalEndpoint(t *testing.T) {
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	pid := cmd.Process.Pid
	sampler, err := inspect.NewSampler("/proc")
	if err != nil {
		t.Fatal(err)
	}
	snap, err := sampler.Sample()
	if err != nil {
		t.Fatal(err)
	}
	p, ok := snap.Find(pid)
	if !ok {
		t.Fatalf("sleep %d not in the snapshot", pid)
	}
	ticks := p.StartTicks
	key := inspect.TaskKey{ID: pid, StartTicks: ticks}
	ctx := context.Background()

	off := start(t, Config{Token: "tok"})
	c, _ := NewClient(off.URL, "tok")
	if err := c.Signal(ctx, key, "TERM"); err == nil || !strings.Contains(err.Error(), "--allow-signals") {
		t.Errorf("signals off: err = %v", err)
	}

	on := start(t, Config{Token: "tok", AllowSignals: true})
	if err := (&Client{URL: on.URL, Token: "nope"}).Signal(ctx, key, "TERM"); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("wrong token: err = %v", err)
	}
	c, _ = NewClient(on.URL, "tok")
	if err := c.Signal(ctx, inspect.TaskKey{ID: pid, StartTicks: ticks + 7}, "KILL"); err == nil || !strings.Contains(err.Error(), "already ended") {
		t.Errorf("wrong start time: err = %v", err)
	}
	for _, bad := range []string{"SEGV", "", "9"} {
		if err := c.Signal(ctx, key, bad); err == nil {
			t.Errorf("signal %q accepted", bad)
		}
	}
	if err := c.Signal(ctx, inspect.TaskKey{ID: 1}, "TERM"); err == nil || !strings.Contains(err.Error(), "init") {
		t.Errorf("PID 1: err = %v", err)
	}
	select {
	case err := <-waited:
		t.Fatalf("the child ended before the right request: %v", err)
	default:
	}
	if err := c.Signal(ctx, key, "sigterm"); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-waited:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGTERM {
			t.Errorf("child ended with %v, want SIGTERM", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the child did not end")
	}
	// GET is not the way to signal.
	req, _ := http.NewRequest(http.MethodGet, on.URL+"/api/v1/signal", nil)
	req.Header.Set("Authorization", "Bearer tok")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /api/v1/signal: %d", resp.StatusCode)
	}
}
