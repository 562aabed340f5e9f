package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/demos"
)

// testPanel is a demo panel on the test driver whose hand-overs to the UI wait in a queue
// until the test runs them, so a demo's events never race the test's reads of the widgets.
type testPanel struct {
	*demoPanel
	queue chan func()
}

func newTestPanel(t *testing.T) *testPanel {
	t.Helper()
	a := test.NewTempApp(t)
	w := a.NewWindow("demos")
	h := newHub(w)
	q := make(chan func(), 8192)
	p := &testPanel{queue: q}
	p.demoPanel = newDemoPanel(h, demos.NewLauncher(), func(f func()) { q <- f })
	w.SetContent(p.content)
	w.Resize(fyne.NewSize(1400, 900))
	t.Cleanup(func() {
		p.launcher.StopAll()
		w.Close()
	})
	return p
}

// pumpUntil runs queued hand-overs until cond holds, or fails the test after d.
func (p *testPanel) pumpUntil(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(d)
	for !cond() {
		select {
		case f := <-p.queue:
			f()
		case <-deadline:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// fakeRun pretends slot s launched a demo with the given pid, so recorded events can be fed
// to it without a process behind them.
func fakeRun(s *demoSlot, id, pid int) *demos.Running {
	r := &demos.Running{ID: id, Name: s.name, PID: pid}
	s.run = r
	s.pids = map[int]bool{pid: true}
	s.reset()
	s.p.hub.mark(s.owner(), s.pidList())
	s.notify()
	return r
}

// feed hands recorded events to slot s, as the reading goroutine would.
func feed(s *demoSlot, events ...demos.Event) {
	for _, e := range events {
		s.apply(e)
	}
}

// ev builds an event from alternating keys and values, numbers as JSON decodes them.
func ev(kind string, kv ...any) demos.Event {
	e := demos.Event{"event": kind}
	for i := 0; i+1 < len(kv); i += 2 {
		v := kv[i+1]
		if n, ok := v.(int); ok {
			v = float64(n)
		}
		e[kv[i].(string)] = v
	}
	return e
}

func wantContains(t *testing.T, what, got string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(got, p) {
			t.Errorf("%s = %q, want it to contain %q", what, got, p)
		}
	}
}

func barValue(t *testing.T, c *barChart, label string) float64 {
	t.Helper()
	b, ok := c.find(label)
	if !ok {
		t.Fatalf("no bar %q in %+v", label, c.bars)
	}
	return b.value
}
