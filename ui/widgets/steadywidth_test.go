package widgets

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestSteadyWidthOnlyGrows: the wrapper is as wide as its content has ever been, and grows
// with it; its height follows the content.
func TestSteadyWidthOnlyGrows(t *testing.T) {
	test.NewTempApp(t)
	l := widget.NewLabel("disk read 123.4 MiB/s")
	c := SteadyWidth(l)
	wide := c.MinSize()
	l.SetText("0 B/s")
	if got := c.MinSize(); got.Width != wide.Width {
		t.Errorf("width went from %v to %v with a shorter text", wide.Width, got.Width)
	}
	l.SetText("disk read 123.4 MiB/s and then some")
	if got := c.MinSize(); got.Width <= wide.Width {
		t.Errorf("width %v did not grow past %v with a longer text", got.Width, wide.Width)
	}
	if got := c.MinSize().Height; got != l.MinSize().Height {
		t.Errorf("height %v, the label's %v", got, l.MinSize().Height)
	}
}
