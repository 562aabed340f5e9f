package main

import (
	"os/exec"
	"testing"
	"time"
)

// TestGUIExited checks the helper the window tests use to notice a window process that died
// under them: it must say "running" for a live child, "ended" once the child exits, and leave
// the child to be waited for.
func TestGUIExited(t *testing.T) {
	cmd := exec.Command("sleep", "0.5")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if guiExited(cmd) {
		t.Fatal("a child that still sleeps was reported ended")
	}
	deadline := time.Now().Add(10 * time.Second)
	for !guiExited(cmd) {
		if time.Now().After(deadline) {
			t.Fatal("a child that exited was still reported running after 10 s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the child could not be waited for after the check: %v", err)
	}
}
