package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestCaptureWindowDrawsContentAndGivesItBack checks the PNG export's picture: it holds the
// drawn content (not one flat colour) at the window's size, and the window keeps its content.
func TestCaptureWindowDrawsContentAndGivesItBack(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()
	label := widget.NewLabel("Taskscope export")
	content := &fyne.Container{Layout: nil, Objects: []fyne.CanvasObject{label}}
	label.Resize(label.MinSize())
	w.SetContent(content)
	w.Resize(fyne.NewSize(240, 120))

	img := captureWindow(w)
	b := img.Bounds()
	if b.Dx() < 200 || b.Dy() < 100 {
		t.Fatalf("picture is %v, want the window's size", b)
	}
	colours := map[[3]uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r, g, bl}] = true
		}
	}
	if len(colours) < 3 {
		t.Errorf("picture has %d colours: the text was not drawn", len(colours))
	}
	if w.Content() != content {
		t.Error("the window lost its content to the capture")
	}
}
