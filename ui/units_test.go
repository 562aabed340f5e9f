package ui

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
)

func TestParseFlags(t *testing.T) {
	for _, c := range []struct {
		args    []string
		want    options
		wantErr bool
	}{
		{nil, options{}, false},
		{[]string{"--filter", "firefox", "--tab", "cores", "--presentation"}, options{filter: "firefox", tab: "cores", presentation: true}, false},
		{[]string{"-tab=Demos"}, options{tab: "demos"}, false},
		{[]string{"--tab", "memory"}, options{}, true},
		{[]string{"--colour"}, options{}, true},
		{[]string{"--filter"}, options{}, true},
		{[]string{"extra"}, options{}, true},
	} {
		var stderr bytes.Buffer
		got, err := parseFlags(c.args, &stderr)
		if (err != nil) != c.wantErr {
			t.Errorf("%q: err = %v", c.args, err)
			continue
		}
		if c.wantErr {
			if stderr.Len() == 0 {
				t.Errorf("%q: no message", c.args)
			}
			continue
		}
		if got != c.want {
			t.Errorf("%q: got %+v, want %+v", c.args, got, c.want)
		}
	}
}

func TestMainBadFlagExits2(t *testing.T) {
	// Main must not open a window for a bad command line; stderr is os.Stderr here.
	if got := Main([]string{"--tab", "nowhere"}); got != 2 {
		t.Errorf("Main(bad flag) = %d, want 2", got)
	}
}

func TestParseStartTicks(t *testing.T) {
	for _, c := range []struct {
		stat string
		want uint64
		ok   bool
	}{
		{"1 (systemd) S 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 1 0 42 1000 100", 42, true},
		// A command name with spaces and ")" in it: fields count from the last ")".
		{"77 (my) (odd name) R 1 77 77 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 123456 0 0", 123456, true},
		{"5 (short) S 1 2 3", 0, false},
		{"no name at all", 0, false},
	} {
		got, err := parseStartTicks([]byte(c.stat))
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("%q: %d, %v", c.stat, got, err)
		}
	}
}

func TestSignalRefusedAndReused(t *testing.T) {
	for _, pid := range []int{1, os.Getpid()} {
		if err := sendSignal("/proc", inspect.TaskKey{ID: pid}, unix.SIGTERM); !errors.Is(err, errRefused) {
			t.Errorf("signal to %d: %v, want refused", pid, err)
		}
	}

	child := exec.Command("sleep", "30")
	if err := child.Start(); err != nil {
		t.Skip("cannot start sleep:", err)
	}
	done := make(chan error, 1)
	go func() { done <- child.Wait() }()
	t.Cleanup(func() { child.Process.Kill() })
	pid := child.Process.Pid
	start, err := readStartTicks("/proc", pid)
	if err != nil {
		t.Fatal(err)
	}

	// A start time that does not match is a reused PID: nothing may be sent.
	if err := sendSignal("/proc", inspect.TaskKey{ID: pid, StartTicks: start + 1}, unix.SIGTERM); !errors.Is(err, errGone) {
		t.Fatalf("mismatched start: %v, want errGone", err)
	}
	select {
	case <-done:
		t.Fatal("the process was signalled although its start time did not match")
	case <-time.After(100 * time.Millisecond):
	}
	if err := sendSignal("/proc", inspect.TaskKey{ID: pid, StartTicks: start}, unix.SIGTERM); err != nil {
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
	if err := sendSignal("/proc", inspect.TaskKey{ID: pid, StartTicks: start}, unix.SIGTERM); !errors.Is(err, errGone) {
		t.Errorf("signal after the end: %v, want errGone", err)
	}
}

func TestSignalMessages(t *testing.T) {
	s := signalChoices[0]
	if got := signalMessage(unix.EPERM, s, "cron (12)"); !strings.Contains(got, "not allowed") {
		t.Errorf("EPERM: %q", got)
	}
	if got := signalMessage(nil, s, "cron (12)"); got != "Sent SIGTERM to cron (12)." {
		t.Errorf("ok: %q", got)
	}
}

func TestHistoryTrimsByAge(t *testing.T) {
	h := newHistory(10*time.Second, time.Second)
	for i := range 30 {
		h.push(&inspect.Snapshot{Taken: t0.Add(time.Duration(i) * 500 * time.Millisecond)})
	}
	// 15 s of samples every 0.5 s: one a second kept, the newest always reachable, none
	// older than 10 s before the newest kept one.
	newest := h.at(h.len() - 1).Taken
	if newest != t0.Add(29*500*time.Millisecond) {
		t.Errorf("newest = %v", newest.Sub(t0))
	}
	if oldest := h.at(0).Taken; newest.Sub(oldest) > 11*time.Second {
		t.Errorf("oldest kept is %v before the newest", newest.Sub(oldest))
	}
	if n := h.len(); n < 10 || n > 12 {
		t.Errorf("kept %d samples", n)
	}
	if got := len(h.since(3 * time.Second)); got < 3 || got > 5 {
		t.Errorf("since(3s) = %d", got)
	}
}

func TestFormatting(t *testing.T) {
	for in, want := range map[uint64]string{0: "0 B", 1023: "1023 B", 1536: "1.5 KiB", 400 << 20: "400 MiB", 8 << 30: "8.0 GiB"} {
		if got := formatBytes(in); got != want {
			t.Errorf("formatBytes(%d) = %q, want %q", in, got, want)
		}
	}
	if got := threadLabel("firefox", "Renderer"); got != "firefox [Renderer]" {
		t.Errorf("threadLabel = %q", got)
	}
	if got := threadLabel("bash", "bash"); got != "bash" {
		t.Errorf("threadLabel same = %q", got)
	}
}

// TestProcessState checks the state a process row shows: running when any thread runs, though
// the kernel's process state is the main thread's.
func TestProcessState(t *testing.T) {
	proc := func(main string, others ...string) *inspect.Process {
		p := &inspect.Process{State: main, Threads: []inspect.Thread{{State: main}}}
		for _, s := range others {
			p.Threads = append(p.Threads, inspect.Thread{State: s})
		}
		return p
	}
	for _, c := range []struct {
		p    *inspect.Process
		want string
	}{
		{proc("S", "S", "R"), "R"},
		{proc("S", "D", "S"), "D"},
		{proc("S", "D", "R"), "R"},
		{proc("S", "S"), "S"},
		{proc("I"), "I"},
		{proc("T", "T", "T"), "T"},
		{proc("Z", "R"), "Z"},                              // a zombie leader whose threads live on is still shown as a zombie
		{&inspect.Process{State: "S", NumThreads: 3}, "S"}, // threads not read
	} {
		if got := processState(c.p); got != c.want {
			t.Errorf("processState(%+v) = %q, want %q", c.p.Threads, got, c.want)
		}
	}
}

func TestNoDisplay(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	if noDisplay(env(nil)) == "" {
		t.Error("no DISPLAY and no WAYLAND_DISPLAY: want a reason")
	}
	if why := noDisplay(env(map[string]string{"DISPLAY": ":0"})); why != "" {
		t.Errorf("DISPLAY set: %q", why)
	}
	if why := noDisplay(env(map[string]string{"WAYLAND_DISPLAY": "wayland-0"})); why != "" {
		t.Errorf("WAYLAND_DISPLAY set: %q", why)
	}
}
