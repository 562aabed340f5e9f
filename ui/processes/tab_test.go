package processes

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

func TestCountTextSaysWhyRowsAreHidden(t *testing.T) {
	for _, c := range []struct {
		shown, total, kernel int
		filter, want         string
	}{
		{5, 5, 0, "", "5 processes"},
		{1, 1, 0, "", "1 process"},
		{16, 73, 57, "", "16 of 73 processes · 57 kernel threads hidden"},
		{2, 73, 57, "fire", "2 of 73 processes · 57 kernel threads hidden · 14 not matching 'fire'"},
		{2, 10, 0, "fire", "2 of 10 processes · 8 not matching 'fire'"},
	} {
		if got := countText(c.shown, c.total, c.kernel, c.filter); got != c.want {
			t.Errorf("countText(%d, %d, %d, %q) = %q, want %q", c.shown, c.total, c.kernel, c.filter, got, c.want)
		}
	}
}

func TestDetailHintUntilSelection(t *testing.T) {
	d := NewDetail(func(model.SignalChoice) {})
	if d.hint.Hidden || !d.facts.Hidden {
		t.Fatal("no hint before a selection")
	}
}

// TestFrozenScrubRowStaysStill checks that a held view is not redrawn at every sample: while
// the history grows behind the frozen snapshot, the scrub row keeps its label and its drawn
// thumb until the snapshot's age passes the next FrozenAge step. The slider's range still
// follows the history, so a drag lands on the sample under the pointer.
func TestFrozenScrubRowStaysStill(t *testing.T) {
	test.NewTempApp(t)
	p := New(NewTable(), NewDetail(func(model.SignalChoice) {}), time.Second)
	p.SetFrozen(true)
	w := test.NewWindow(p.Content)
	defer w.Close()
	w.Resize(fyne.NewSize(1200, 600))

	h := model.NewHistory(model.HistorySpan, model.HistoryStep)
	t0 := time.Date(2026, 12, 7, 16, 0, 0, 0, time.UTC)
	for i := range 3 {
		h.Push(&inspect.Snapshot{Taken: t0.Add(time.Duration(i) * time.Second)})
	}
	held := h.At(2)
	p.SyncScrub(h, held)
	thumb := test.WidgetRenderer(p.Scrub).Objects()[2]
	at, label := thumb.Position(), p.scrubLabel.Text
	if label != "16:00:02 (just now)" {
		t.Fatalf("scrub label %q", label)
	}
	for i := 3; i < 12; i++ {
		h.Push(&inspect.Snapshot{Taken: t0.Add(time.Duration(i) * time.Second)})
		p.SyncScrub(h, held)
		if p.Scrub.Max != float64(h.Len()-1) || p.Scrub.Value != 2 {
			t.Fatalf("after %d samples the slider's range is %v of %v, want 2 of %d", i+1, p.Scrub.Value, p.Scrub.Max, h.Len()-1)
		}
		if i < 12-1 && (thumb.Position() != at || p.scrubLabel.Text != label) {
			t.Fatalf("the held row was redrawn %d s after freezing: %q, thumb at %v (was %v)",
				i-2, p.scrubLabel.Text, thumb.Position(), at)
		}
	}
	if p.scrubLabel.Text != "16:00:02 (just now)" {
		t.Fatalf("the label changed before its step: %q", p.scrubLabel.Text)
	}
	h.Push(&inspect.Snapshot{Taken: t0.Add(12 * time.Second)})
	p.SyncScrub(h, held)
	if p.scrubLabel.Text != "16:00:02 (10 s ago)" || thumb.Position().X >= at.X {
		t.Errorf("at 10 s the row says %q with its thumb at %v (was %v): want the new age and the thumb moved left",
			p.scrubLabel.Text, thumb.Position(), at)
	}
}

// TestFrozenPresentationFitsA720pScreen: frozen in presentation mode, with the count line and
// the disk rates as long as a real machine makes them, the tab still fits a 1280-pixel
// projector, and the scrub slider gets a usable width. The slider shared the count line
// before, which made the tab wider than the screen and left the slider no room.
func TestFrozenPresentationFitsA720pScreen(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(widgets.ThemeFor(true))
	p := New(NewTable(), NewDetail(func(model.SignalChoice) {}), time.Second)
	p.Present(true)
	widgets.SetText(p.Count, countText(13, 72, 59, ""))
	p.ShowDisk("disk read 279 KiB/s · write 399 KiB/s", true)
	p.SetFrozen(true)
	h := model.NewHistory(model.HistorySpan, model.HistoryStep)
	s := &inspect.Snapshot{Taken: time.Date(2026, 12, 7, 17, 9, 42, 0, time.UTC)}
	h.Push(s)
	p.SyncScrub(h, s)
	w := test.NewWindow(p.Content)
	defer w.Close()
	const screen = 1280 - 2*4 // the window's padding on either side
	if min := p.Content.MinSize().Width; min > screen {
		t.Errorf("frozen in presentation mode the tab needs %v pixels, more than a 1280-pixel screen gives it", min)
	}
	w.Resize(fyne.NewSize(screen, 700))
	if got := p.Scrub.Size().Width; got < 300 {
		t.Errorf("the scrub slider is %v pixels wide at 1280, too narrow to scrub two minutes", got)
	}
}
