package demos

import (
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Hostile demos: test-only demos that misbehave the ways a broken or stuck child can, to show
// that the launcher, and so the window, stays responsive, says what went wrong, and lets the
// other demos go on.
func init() {
	Register("hostile-flood", hostileFlood)
	Register("hostile-longline", hostileLongLine)
	Register("hostile-hang", hostileHang)
}

// hostileFlood writes garbage (random bytes, half-made JSON, now and then a real event) as fast
// as it can, and never reads its commands or ends by itself.
func hostileFlood(s *Session, _ []string) error {
	signal.Ignore(syscall.SIGTERM, syscall.SIGINT, syscall.SIGPIPE)
	junk := make([]byte, 8192)
	for i := 0; ; i++ {
		for j := range junk {
			junk[j] = byte(rand.N(256))
		}
		if _, err := os.Stdout.Write(junk); err != nil {
			return err
		}
		os.Stdout.WriteString("\n{\"event\": \"tab\", \"tab\": \n[1,2,3]\nnull\n")
		if i%16 == 0 {
			s.Emit(Event{"event": "flood", "n": i})
		}
	}
}

// hostileLongLine writes a real event, a line of 1 MiB, another real event, then a line that
// never ends, and never reads its commands.
func hostileLongLine(s *Session, _ []string) error {
	s.Emit(Event{"event": "before"})
	os.Stdout.WriteString(strings.Repeat("a", 1<<20) + "\n")
	s.Emit(Event{"event": "after"})
	chunk := []byte(strings.Repeat("b", 4096))
	for {
		if _, err := os.Stdout.Write(chunk); err != nil {
			return err
		}
		time.Sleep(time.Millisecond)
	}
}

// hostileHang starts a grandchild that keeps the demo's streams open, reports both PIDs, and
// then hangs: it never reads a command, ignores SIGTERM and Ctrl+C, and never ends by itself.
func hostileHang(s *Session, _ []string) error {
	signal.Ignore(syscall.SIGTERM, syscall.SIGINT)
	kid := exec.Command("sleep", "600")
	kid.Stdin, kid.Stdout, kid.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := kid.Start(); err != nil {
		return err
	}
	s.Emit(Event{"event": "ready", "pid": os.Getpid(), "grandchild": kid.Process.Pid})
	for {
		time.Sleep(time.Hour)
	}
}

// companion starts a threads browser that must keep answering while a hostile demo misbehaves.
func companion(t *testing.T, l *Launcher) *watch {
	t.Helper()
	w := startDemo(t, l, "browser", "--model", "threads", "--tabs", "2", "--page-mib", "1")
	w.alive(1, 2)
	return w
}

// answers checks that the companion still does its job: a value written in one tab is read back.
func (w *watch) answers(value int64) {
	w.t.Helper()
	start := time.Now()
	w.send(Command{Cmd: "write", Tab: 1, Value: i64(value)})
	w.until("the companion browser reading its new value", func(e Event) bool {
		v, _ := e.Int("value")
		return e.Kind() == "read" && int64(v) == value
	})
	w.t.Logf("companion answered in %v", time.Since(start).Round(time.Millisecond))
}

// sendPromptly sends n commands to a demo that does not read them and checks that every Send
// returns at once, refusing with ErrBusy once the demo's input is full.
func sendPromptly(t *testing.T, r *Running, n int) {
	t.Helper()
	busy := 0
	for i := range n {
		start := time.Now()
		err := r.Send(Command{Cmd: "write", Tab: 1, Value: i64(int64(i))})
		if d := time.Since(start); d > 100*time.Millisecond {
			t.Fatalf("Send %d to a demo that does not read took %v", i, d)
		}
		switch {
		case errors.Is(err, ErrBusy):
			busy++
		case err != nil:
			t.Fatalf("Send %d: %v", i, err)
		}
	}
	if busy == 0 {
		t.Errorf("%d commands to a demo that reads none were all accepted; want ErrBusy once its input is full", n)
	}
}

// stopPromptly stops a demo that ignores its input closing and checks that Stop kills it within
// its deadline and the demo ends marked as killed.
func stopPromptly(t *testing.T, w *watch) {
	t.Helper()
	start := time.Now()
	if err := w.r.Stop(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > stopWait+3*time.Second {
		t.Errorf("Stop took %v, its deadline is %v and a kill", d, stopWait)
	}
	rest := w.rest()
	if len(rest) == 0 || rest[len(rest)-1].Kind() != "exited" || rest[len(rest)-1].String("reason") != "killed by SIGKILL" {
		t.Errorf("last events %v, want exited: killed by SIGKILL", tail(rest, 3))
	}
	if w.r.ExitReason() != "killed by SIGKILL" {
		t.Errorf("ExitReason = %q", w.r.ExitReason())
	}
}

func tail(es []Event, n int) []Event {
	return es[max(0, len(es)-n):]
}

// TestHostileFlood: a demo flooding its output with garbage gets its bad lines reported as
// errors while its real events still come through; Send to it returns at once; Stop ends it in
// time; and a browser running alongside answers throughout.
func TestHostileFlood(t *testing.T) {
	l := NewLauncher()
	browser := companion(t, l)
	flood := startDemo(t, l, "hostile-flood")
	flood.until("an error event about the garbage", func(e Event) bool {
		return e.Kind() == "error" && e.String("source") == "launcher"
	})
	flood.until("a real event among the garbage", func(e Event) bool { return e.Kind() == "flood" })
	browser.answers(101)
	sendPromptly(t, flood.r, 5000)
	browser.answers(102)
	// Events keep flowing while the flood goes on.
	n := len(flood.all)
	flood.until("more events", func(Event) bool { return len(flood.all) > n+100 })
	stopPromptly(t, flood)
	browser.answers(103)
}

// TestHostileLongLines: a line over MaxLineBytes is reported and skipped without losing the event
// after it, and a line that never ends is reported while it is still being written.
func TestHostileLongLines(t *testing.T) {
	l := NewLauncher()
	browser := companion(t, l)
	long := startDemo(t, l, "hostile-longline")
	long.until("before", func(e Event) bool { return e.Kind() == "before" })
	e := long.until("an error about the long line", func(e Event) bool { return e.Kind() == "error" })
	if !strings.Contains(e.String("message"), "longer than") {
		t.Errorf("long line reported as %v", e)
	}
	long.until("the event after the long line", func(e Event) bool { return e.Kind() == "after" })
	start := time.Now()
	e = long.until("an error about the line that never ends", func(e Event) bool { return e.Kind() == "error" })
	if !strings.Contains(e.String("message"), "longer than") {
		t.Errorf("endless line reported as %v", e)
	}
	t.Logf("endless line reported after %v", time.Since(start).Round(time.Millisecond))
	browser.answers(201)
	stopPromptly(t, long)
	browser.answers(202)
}

// TestHostileHang: a demo that reads nothing and ignores its input closing, with a grandchild
// holding its streams, is refused commands at once when full, and Stop kills it and the
// grandchild within the deadline.
func TestHostileHang(t *testing.T) {
	l := NewLauncher()
	browser := companion(t, l)
	hang := startDemo(t, l, "hostile-hang")
	ready := hang.until("ready", func(e Event) bool { return e.Kind() == "ready" })
	kid := intField(t, ready, "grandchild")
	sendPromptly(t, hang.r, 5000)
	browser.answers(301)
	stopPromptly(t, hang)
	eventually(t, "the hung demo's grandchild gone", func() bool { return !running(kid) })
	browser.answers(302)
}

// TestHostileKilledFromOutside kills demos with SIGKILL by PID, as the process table's Kill
// does: a hung demo whose grandchild holds its streams, and a browser of tab processes. Each
// ends marked "killed by SIGKILL" well within the launcher's deadlines, the browser's open tabs
// are reported crashed, nothing they started lives on, and a third demo goes on.
func TestHostileKilledFromOutside(t *testing.T) {
	l := NewLauncher()
	browser := companion(t, l)
	hang := startDemo(t, l, "hostile-hang")
	ready := hang.until("ready", func(e Event) bool { return e.Kind() == "ready" })
	kid := intField(t, ready, "grandchild")
	victim := startDemo(t, l, "browser", "--model", "processes", "--tabs", "2", "--page-mib", "1")
	tabs := victim.alive(1, 2)

	for _, w := range []*watch{hang, victim} {
		start := time.Now()
		if err := syscall.Kill(w.r.PID, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		rest := w.rest()
		exited := rest[len(rest)-1]
		if exited.Kind() != "exited" || exited.String("reason") != "killed by SIGKILL" || exited.String("signal") != "SIGKILL" {
			t.Errorf("%s killed from outside: last event %v", w.r.Name, exited)
		}
		// Only a descendant holding the output open could make it wait up to drainWait.
		if d := time.Since(start); d > drainWait+2*time.Second {
			t.Errorf("%s: exited reported %v after the kill", w.r.Name, d)
		}
		if w == victim {
			crashed := map[int]bool{}
			for _, e := range rest {
				if e.Kind() == "crashed" {
					crashed[intField(t, e, "tab")] = true
				}
			}
			if !crashed[1] || !crashed[2] {
				t.Errorf("tabs reported crashed: %v, want 1 and 2; events %v", crashed, rest)
			}
		}
	}
	eventually(t, "the killed demos' children gone", func() bool {
		return !running(kid) && !running(intField(t, tabs[1], "pid")) && !running(intField(t, tabs[2], "pid"))
	})
	if got := len(l.Running()); got != 1 {
		t.Errorf("%d demos still listed as running, want only the companion", got)
	}
	browser.answers(401)
}
