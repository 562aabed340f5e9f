package inspect

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestStartTime(t *testing.T) {
	boot := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := &Snapshot{BootTime: boot}
	if got := s.StartTime(250); !got.Equal(boot.Add(2500 * time.Millisecond)) {
		t.Errorf("StartTime(250) = %v", got)
	}
}

// TestSignalChecksStartTime: a start time that does not match is a reused PID, and nothing is
// sent; the right one is signalled; an ended one is ErrGone.
func TestSignalChecksStartTime(t *testing.T) {
	child := exec.Command("sleep", "30")
	if err := child.Start(); err != nil {
		t.Fatal("cannot start sleep:", err)
	}
	done := make(chan error, 1)
	go func() { done <- child.Wait() }()
	t.Cleanup(func() { child.Process.Kill() })
	pid := child.Process.Pid
	s, err := NewSampler("/proc")
	if err != nil {
		t.Fatal(err)
	}
	start := startTicksOfLive(t, s, pid)
	if err := s.Signal(TaskKey{ID: pid, StartTicks: start + 1}, unix.SIGTERM); !errors.Is(err, ErrGone) {
		t.Fatalf("mismatched start: %v, want ErrGone", err)
	}
	select {
	case <-done:
		t.Fatal("the process was signalled although its start time did not match")
	case <-time.After(100 * time.Millisecond):
	}
	if err := s.Signal(TaskKey{ID: pid, StartTicks: start}, unix.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "terminated") {
			t.Errorf("child ended with %v, want terminated", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("SIGTERM did not end the child")
	}
	if err := s.Signal(TaskKey{ID: pid, StartTicks: start}, unix.SIGTERM); !errors.Is(err, ErrGone) {
		t.Errorf("signal after the end: %v, want ErrGone", err)
	}
}

func TestMatchesFoldsCase(t *testing.T) {
	p := &Process{PID: 4321, Name: "Firefox", Cmdline: "/usr/bin/firefox", User: "alice",
		Threads: []Thread{{Name: "Renderer"}}}
	for needle, want := range map[string]bool{
		"fire": true, "usr": true, "ali": true, "32": true, "render": true, "": true,
		"chrome": false, "firefoxx": false, "ä": false,
	} {
		if got := p.Matches(Needle(needle)); got != want {
			t.Errorf("Matches(%q) = %v, want %v", needle, got, want)
		}
	}
	u := &Process{Name: "Ärger"}
	if !u.Matches(Needle("ÄR")) || !u.Matches("ärg") {
		t.Error("non-ASCII names do not fold")
	}
}

// startTicksOfLive samples the machine and returns the start time of pid.
func startTicksOfLive(t *testing.T, s *Sampler, pid int) uint64 {
	t.Helper()
	snap, err := s.Sample()
	if err != nil {
		t.Fatal(err)
	}
	p, ok := snap.Find(pid)
	if !ok {
		t.Fatalf("pid %d not in the sample", pid)
	}
	return p.StartTicks
}
