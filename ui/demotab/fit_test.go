package demotab

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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
	w := p.win
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
		g := b.slot.log.list
		line := fyne.MeasureText("M", g.Theme().Size(theme.SizeNameText), fyne.TextStyle{Monospace: true}).Height
		if g.Size().Height < float32(logLines(g.Theme()))*line {
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
	w := p.win
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

// tabArea1080 is the Demos tab's place on a 1920x1080 projector: the same chrome as at 720.
var tabArea1080 = fyne.NewSize(1920, 1080-(720-596))

// TestBrowserFitsTwelveTabs: both browsers at the demo's most tabs (12), each tab with a value
// read at its address, a crashed tab in one and the whole browser crashed in the other (both
// tombstones shown), fit the projector's tab at 1280x720 and
// 1920x1080 in presentation mode: the card needs no more than its place, every tab's cell lies
// inside the canvas with its words whole, and each log keeps eight lines.
func TestBrowserFitsTwelveTabs(t *testing.T) {
	sizes := []fyne.Size{tabArea720, tabArea1080}
	if testing.Short() {
		// Under -short (make check's race run) the tighter projector is enough: each size
		// lays the whole panel out again and again, which the race detector makes slow.
		sizes = sizes[:1]
	}
	for _, size := range sizes {
		p := newTestPanel(t)
		fyne.CurrentApp().Settings().SetTheme(widgets.NewPresentationTheme())
		p.st.SetPresentation(true)
		w := p.win
		c := browserOf(p)
		for i, b := range []*browserPane{c.threads, c.processes} {
			pid := 4190000 + 1000*i // seven digits, as on a machine up a while
			fakeRun(b.slot, 20+i, pid)
			feed(b.slot, modeltest.BrowserStartTabs(b.model, pid, 12)...)
			feed(b.slot, modeltest.Ev("read", "tab", 12, "pid", pid, "tid", pid+12, "value", 123456, "address", "0x7e5f00"))
		}
		feed(c.processes.slot,
			modeltest.Ev("fault", "tab", 7, "pid", 4191007, "tid", 4191007, "message", "tab writes through a null pointer"),
			modeltest.Ev("crashed", "tab", 7, "pid", 4191007, "reason", "SIGSEGV"),
			modeltest.Ev("tab", "tab", 7, "pid", 4191007, "state", "crashed", "reason", "SIGSEGV"))
		// The threads browser: tab 2 faults and the kernel ends the process with every tab.
		feed(c.threads.slot, modeltest.Ev("fault", "tab", 2, "pid", 4190000, "tid", 4190002, "address", "0x0", "message", "tab writes through a null pointer"))
		for n := 1; n <= 12; n++ {
			feed(c.threads.slot,
				modeltest.Ev("crashed", "tab", n, "pid", 4190000, "tid", 4190000+n, "reason", "SIGSEGV", "source", "launcher"),
				modeltest.Ev("tab", "tab", n, "pid", 4190000, "tid", 4190000+n, "state", "crashed", "reason", "SIGSEGV", "source", "launcher"))
		}
		feed(c.threads.slot, modeltest.Ev("exited", "id", 20, "name", "browser", "pid", 4190000, "reason", "killed by SIGSEGV", "signal", "SIGSEGV"))
		w.Resize(size.AddWidthHeight(1, 1))
		w.Resize(size)
		if card, view := c.card.MinSize(), p.scrolls[0].Size(); card.Height > view.Height+0.5 || card.Width > view.Width+0.5 {
			t.Errorf("%v: browser card needs %vx%v, its place is %v", size, card.Width, card.Height, view)
		}
		drv := fyne.CurrentApp().Driver()
		for _, b := range []*browserPane{c.threads, c.processes} {
			if !b.tomb.Visible() {
				t.Errorf("%v: no %s tombstone", size, b.model)
			}
			if len(b.grid.Objects) != 12 {
				t.Fatalf("%s grid has %d cells", b.model, len(b.grid.Objects))
			}
			for i, cell := range b.grid.Objects {
				end := drv.AbsolutePositionForObject(cell).Add(fyne.NewPos(cell.Size().Width, cell.Size().Height))
				if end.X > size.Width+1 || end.Y > size.Height+1 || cell.Size().Height <= 0 {
					t.Errorf("%v: %s tab %d ends at %v, past the canvas", size, b.model, i+1, end)
				}
				// Each tile's words whole, not cut off with an ellipsis.
				l := cell.(*fyne.Container).Objects[1].(*widget.Label)
				room := cell.Size().Width - 2*b.tiles.Size(theme.SizeNameInnerPadding)
				for _, line := range strings.Split(l.Text, "\n") {
					if w := fyne.MeasureText(line, b.tiles.Size(theme.SizeNameText), l.TextStyle).Width; w > room {
						t.Errorf("%v: %s tile %q needs %v, has %v", size, b.model, line, w, room)
					}
				}
			}
			g := b.slot.log.list
			line := fyne.MeasureText("M", g.Theme().Size(theme.SizeNameText), fyne.TextStyle{Monospace: true}).Height
			if g.Size().Height < float32(logLines(g.Theme()))*line {
				t.Errorf("%v: %s log shows %.1f lines", size, b.model, g.Size().Height/line)
			}
		}
	}
}
