package demos

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// harnessDemo is a demo run in this test process through run(), driven as the app drives a child:
// command lines in, event lines out, as they are written.
type harnessDemo struct {
	in     *io.PipeWriter
	events chan Event
	code   chan int
}

// startHarness runs the demo args[0] with flags args[1:] and stops it when the test ends.
func startHarness(t *testing.T, args ...string) *harnessDemo {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	d := &harnessDemo{in: inW, events: make(chan Event, 1024), code: make(chan int, 1)}
	go func() {
		code := run(args, inR, outW, io.Discard, nil)
		outW.Close()
		d.code <- code
	}()
	go func() {
		defer close(d.events)
		lines := NewLineReader(outR)
		for {
			line, err := lines.Next()
			if err != nil {
				return
			}
			if ev, err := DecodeEvent(line); err == nil {
				d.events <- ev
			}
		}
	}()
	t.Cleanup(func() { d.stop(t) })
	return d
}

// next returns the next event of kind, skipping others; it fails the test after limit.
func (d *harnessDemo) next(t *testing.T, kind string, limit time.Duration) Event {
	t.Helper()
	deadline := time.After(limit)
	for {
		select {
		case ev, ok := <-d.events:
			if !ok {
				t.Fatalf("demo ended before a %q event", kind)
			}
			if ev.Kind() == "error" && kind != "error" {
				t.Fatalf("demo error: %s", ev.String("message"))
			}
			if ev.Kind() == kind {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %q event within %v", kind, limit)
		}
	}
}

// stop closes the demo's input, as the app does, and returns its exit code. Stopping twice is fine.
func (d *harnessDemo) stop(t *testing.T) int {
	t.Helper()
	d.in.Close()
	return d.exitCode(t, "its input closing")
}

// exitCode waits up to 10 s for the demo to end and returns its exit code; after names what
// should have ended it, for the failure message. The code is put back for later callers.
func (d *harnessDemo) exitCode(t *testing.T, after string) int {
	t.Helper()
	select {
	case code := <-d.code:
		d.code <- code
		return code
	case <-time.After(10 * time.Second):
		t.Fatalf("demo did not stop within 10s of %s", after)
		return -1
	}
}

// harnessThreadNames returns the names of the threads of process pid ("self" for this one).
func harnessThreadNames(t *testing.T, pid string) map[string]int {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join("/proc", pid, "task", "*", "comm"))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]int{}
	for _, p := range dirs {
		b, err := os.ReadFile(p)
		if errors.Is(err, os.ErrNotExist) {
			continue // the thread ended while we listed
		}
		if err != nil {
			t.Fatal(err)
		}
		names[strings.TrimSpace(string(b))]++
	}
	return names
}

// harnessParentOf returns the parent pid of pid from /proc/PID/stat.
func harnessParentOf(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		t.Fatal(err)
	}
	// The command name in parentheses may hold anything; the fields after its last ")" do not.
	fields := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	ppid, err := strconv.Atoi(fields[1])
	if err != nil {
		t.Fatal(err)
	}
	return ppid
}

// harnessRejects checks that every args is refused with an error event and exit code 2.
func harnessRejects(t *testing.T, cases [][]string) {
	t.Helper()
	for _, args := range cases {
		var out bytes.Buffer
		code := run(args, strings.NewReader(""), &out, io.Discard, nil)
		if code != 2 {
			t.Errorf("%q: exit code %d, want 2", args, code)
			continue
		}
		ev, err := DecodeEvent(bytes.TrimSpace(out.Bytes()))
		if err != nil || ev.Kind() != "error" || ev.String("message") == "" {
			t.Errorf("%q: want one error event, got %q", args, out.String())
		}
	}
}

// send writes one command line to the demo.
func (d *harnessDemo) send(t *testing.T, line string) {
	t.Helper()
	if _, err := io.WriteString(d.in, line+"\n"); err != nil {
		t.Fatal(err)
	}
}
