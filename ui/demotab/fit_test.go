package demotab

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/ui/model/modeltest"
	"github.com/taskscope/taskscope/ui/widgets"
)

// tabArea720 is what a 1280x720 projector leaves the Demos tab in presentation mode, below
// the meters and the two rows of tabs (ui's TestPresentationFitsProjector checks the window).
var tabArea720 = fyne.NewSize(1280, 539)

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
	tabs := p.tabs.MinSize()
	card := c.card.MinSize()
	// The sub-tabs' bar over the card.
	bar := tabs.Height - p.scrolls[0].MinSize().Height
	if card.Height+bar > tabArea720.Height+0.5 || card.Width > tabArea720.Width+0.5 {
		t.Errorf("browser card needs %vx%v (+%v of sub-tabs), the tab has %v", card.Width, card.Height, bar, tabArea720)
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
	_ = widget.NewLabel
}
