package inspect

import (
	"errors"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestSignalTaskChecksStartTime(t *testing.T) {
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	pid := cmd.Process.Pid
	start, err := StartTicksOf("/proc", pid)
	if err != nil {
		t.Fatal(err)
	}
	// Another start time names another process that once had this PID: nothing is sent.
	if err := SignalTask("/proc", TaskKey{ID: pid, StartTicks: start + 1}, unix.SIGTERM); !errors.Is(err, ErrGone) {
		t.Fatalf("wrong start time: err = %v, want ErrGone", err)
	}
	if err := unix.Kill(pid, 0); err != nil {
		t.Fatalf("the process was hit anyway: %v", err)
	}
	if err := SignalTask("/proc", TaskKey{ID: pid, StartTicks: start}, unix.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGTERM {
			t.Errorf("sleep ended with %v, want SIGTERM", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sleep did not end after SIGTERM")
	}
	if err := SignalTask("/proc", TaskKey{ID: pid, StartTicks: start}, unix.SIGTERM); !errors.Is(err, ErrGone) {
		t.Errorf("ended process: err = %v, want ErrGone", err)
	}
	if err := SignalTask("/proc", TaskKey{ID: 0}, unix.SIGTERM); err == nil {
		t.Error("pid 0 accepted")
	}
}
