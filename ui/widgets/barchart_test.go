package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/ui/model"
)

// TestStackedBarsFillTheirRoom: stacked, each bar lies under its words across the whole
// width, a full bar spans it, a half bar half of it, and given more height the bars thicken.
func TestStackedBarsFillTheirRoom(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	c := NewBarChart(false)
	c.Stacked, c.FullScale = true, 100
	c.Set([]model.Bar{{Label: "lock", Value: 100, Text: "100 of 100"}, {Label: "none", Value: 50, Text: "50 of 100, 50 lost"}})
	w := test.NewWindow(c)
	defer w.Close()
	min := c.MinSize()
	w.Resize(fyne.NewSize(600, min.Height*3))
	c.Resize(fyne.NewSize(600, min.Height*3))
	r := test.WidgetRenderer(c).(*barRenderer)
	full, half := r.rects[0], r.rects[1]
	if full.Size().Width != 600 || half.Size().Width != 300 {
		t.Errorf("bar widths %v and %v in 600, want 600 and 300", full.Size().Width, half.Size().Width)
	}
	if full.Position().Y <= r.labels[0].Position().Y || full.Position().X != 0 {
		t.Errorf("the bar at %v is not under its words at %v", full.Position(), r.labels[0].Position())
	}
	if r.texts[1].Position().X <= r.labels[1].Position().X {
		t.Error("the figure is not after its label on the line")
	}
	if thick := full.Size().Height; thick <= r.stackedBar() {
		t.Errorf("given three times its least height the bar stays %v thick", thick)
	}
	if min.Width >= 600 {
		t.Errorf("stacked chart asks %v wide for two short lines", min.Width)
	}
}
