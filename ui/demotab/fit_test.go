package demotab

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/taskscope/taskscope/ui/model/modeltest"
	"github.com/taskscope/taskscope/ui/widgets"
)

// tabArea720 is what a 1280x720 projector leaves the Demos tab in presentation mode, below
// the meters and the main tabs: the sub-tabs' bar and a card's 539 (ui's
// TestPresentationFitsProjector checks the whole window).
var tabArea720 = fyne.NewSize(1280, 596)

// TestBrowserFitsProjectorAfterCrashes: both browsers running, each with a crashed tab, in
// presentation mode on a 1280x720 projector: the grid, the tombstones, eight lines of each log
// and the memory comparison all fit without scrolling.
func TestBrowserFitsProjectorAfterCrashes(t *testing.T) {
	p := newTestPanel(t)
	fyne.CurrentApp().Settings().SetTheme(widgets.NewPresentationTheme())
	p.st.SetPresentation(true)
	w := fyne.CurrentApp().Driver().AllWindows()[0]
	w.Resize(tabArea720)
	c := browserOf(p)
	for i, b := range []*browserPane{c.threads, c.processes} {
		fakeRun(b.slot, 20+i, 100+100*i)
		feed(b.slot, modeltest.BrowserStart(b.model, 100+100*i)...)
	}
	feed(c.processes.slot,
		modeltest.Ev("fault", "tab", 2, "pid", 202, "tid", 202, "message", "tab writes through a null pointer"),
		modeltest.Ev("crashed", "tab", 2, "pid", 202, "reason", "SIGSEGV"),
		modeltest.Ev("tab", "tab", 2, "pid", 202, "state", "crashed", "reason", "SIGSEGV"))
	for i := 1; i <= 12; i++ {
		feed(c.threads.slot, modeltest.Ev("read", "tab", 1, "pid", 100, "tid", 101, "value", i, "address", "0x7e5f00"))
	}
	w.Resize(tabArea720.AddWidthHeight(1, 1))
	w.Resize(tabArea720)
	if !c.processes.tomb.Visible() {
		t.Fatal("no tombstone after the crash")
	}
	if card, view := c.card.MinSize(), p.scrolls[0].Size(); card.Height > view.Height+0.5 || card.Width > view.Width+0.5 {
		t.Errorf("browser card needs %vx%v, its place on the projector is %v", card.Width, card.Height, view)
	}
	for _, b := range []*browserPane{c.threads, c.processes} {
		g := b.slot.log.grid
		line := fyne.MeasureText("M", g.Theme().Size(theme.SizeNameText), fyne.TextStyle{Monospace: true}).Height
		if g.Size().Height < 8*line {
			t.Errorf("%s log shows %.1f lines", b.model, g.Size().Height/line)
		}
	}
	if !c.memChart.Visible() || len(c.memChart.Bars()) != 2 {
		t.Errorf("memory comparison: %d bars", len(c.memChart.Bars()))
	}
}

// TestCardsFitProjectorWithVerdicts: every one-slot card and the editor, with figures and the
// longest verdicts they give, still fit the 1280x720 projector's tab without scrolling.
func TestCardsFitProjectorWithVerdicts(t *testing.T) {
	p := newTestPanel(t)
	fyne.CurrentApp().Settings().SetTheme(widgets.NewPresentationTheme())
	p.st.SetPresentation(true)
	w := fyne.CurrentApp().Driver().AllWindows()[0]
	ed := cardOf[*editorCard](p.panel)
	fakeRun(ed.threads, 1, 300)
	fakeRun(ed.single, 2, 301)
	feed(ed.threads, modeltest.Ev("result", "model", "threads", "keys", 50, "latency_p50_ms", 0.9, "latency_p99_ms", 30.5, "max_ms", 31.0))
	feed(ed.single, modeltest.Ev("result", "model", "single", "keys", 50, "latency_p50_ms", 0.9, "latency_p99_ms", 103.3, "max_ms", 120.0))
	race := cardOf[*raceCard](p.panel)
	for i, r := range []string{"none", "mutex", "atomic"} {
		fakeRun(race.slot, 10+i, 500+i)
		feed(race.slot, modeltest.Ev("result", "sync", r, "threads", 4, "expected", 4e7, "actual", 2e7, "lost", 2e7, "seconds", 0.9-0.2*float64(i)))
	}
	cr := cardOf[*crunchCard](p.panel)
	fakeRun(cr.slot, 20, 600)
	for _, k := range []string{"cpu", "io"} {
		for _, m := range []string{"threads", "processes", "locked-threads"} {
			feed(cr.slot, modeltest.Ev("result", "model", m, "kind", k, "workers", 2, "units_per_sec", 1000.0, "per_worker", []any{500.0, 500.0}))
		}
	}
	for _, c := range []card{ed, race, cr, cardOf[*costCard](p.panel)} {
		i := slices.Index(p.cards, c)
		p.tabs.SelectIndex(i)
		w.Resize(tabArea720.AddWidthHeight(1, 1))
		w.Resize(tabArea720)
		if got, view := c.widget().MinSize(), p.scrolls[i].Size(); got.Height > view.Height+0.5 || got.Width > view.Width+0.5 {
			t.Errorf("%T needs %vx%v, its place on the projector is %v", c, got.Width, got.Height, view)
		}
	}
}
