package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestNoDisplayIsAClearError starts the window where none can open: with no display named, and
// with one named where no X server listens. Each must end with exit code 1 and one line that
// says what is wrong, not a panic's stack trace.
func TestNoDisplayIsAClearError(t *testing.T) {
	bin := guiBuild(t)
	const nowhere = ":4321"
	if _, err := os.Stat("/tmp/.X11-unix/X4321"); err == nil {
		t.Fatalf("an X server listens on %s; the test needs that display free", nowhere)
	}
	named, _ := guiEnv(t, nowhere)
	var unset []string
	for _, kv := range named {
		if !strings.HasPrefix(kv, "DISPLAY=") {
			unset = append(unset, kv)
		}
	}
	for _, c := range []struct {
		what string
		env  []string
		want string
	}{
		{"no display named", unset, "no display to open a window on"},
		{"display " + nowhere + " unreachable", named, `cannot open a window on display "` + nowhere + `"`},
	} {
		cmd := exec.Command(bin)
		cmd.Env = c.env
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 {
			t.Errorf("%s: %v, want exit code 1", c.what, err)
		}
		if out := stderr.String(); !strings.Contains(out, "taskscope: "+c.want) || strings.Contains(out, "goroutine ") {
			t.Errorf("%s: stderr %q, want %q and no stack trace", c.what, out, c.want)
		}
	}
}
