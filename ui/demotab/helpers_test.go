package demotab

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/demotab/cardmodel"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// testPanel is a demo panel on the test driver whose hand-overs to the UI wait in a queue
// until the test runs them, so a demo's events never race the test's reads of the widgets.
type testPanel struct {
	*panel
	queue chan func()
	// win is the panel's own window: the test app's driver may list other windows first.
	win fyne.Window
}

func newTestPanel(t *testing.T) *testPanel {
	t.Helper()
	a := test.NewTempApp(t)
	w := a.NewWindow("demos")
	st := model.NewState()
	q := make(chan func(), 8192)
	p := &testPanel{queue: q, win: w}
	p.panel = newPanel(st, demos.NewLauncher(), func(f func()) { q <- f })
	p.buildAll()       // the tests reach every card; the window builds each when first shown
	w.SetPadded(false) // as the real window, whose content fills it
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
func fakeRun(s *slot, id, pid int) *demos.Running {
	r := &demos.Running{ID: id, Name: s.name, PID: pid}
	s.started(r)
	return r
}

// feed hands recorded events to slot s, as the reading goroutine would.
func feed(s *slot, events ...demos.Event) {
	for _, e := range events {
		s.apply(e)
	}
}

// barOf returns the bar labelled label.
func barOf(t *testing.T, c *widgets.BarChart, label string) model.Bar {
	t.Helper()
	for _, b := range c.Bars() {
		if b.Label == label {
			return b
		}
	}
	t.Fatalf("no bar %q in %+v", label, c.Bars())
	return model.Bar{}
}

// browserOf is the panel's browser card.
func browserOf(p *testPanel) *browserCard { return cardOf[*browserCard](p.panel) }

// crashedTabs and aliveTabs list a browser's tabs in that state.
func crashedTabs(b *cardmodel.BrowserState) []int { return tabsIn(b, "crashed") }
func aliveTabs(b *cardmodel.BrowserState) []int   { return tabsIn(b, "alive") }

func tabsIn(b *cardmodel.BrowserState, state string) []int {
	var out []int
	for _, n := range b.Numbers() {
		if b.Tabs[n].State == state {
			out = append(out, n)
		}
	}
	return out
}

func barValue(t *testing.T, c *widgets.BarChart, label string) float64 {
	t.Helper()
	return barOf(t, c, label).Value
}
