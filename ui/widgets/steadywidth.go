package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// SteadyWidth wraps o in a container whose minimum width only grows: as wide as o has ever
// asked to be. A figure that changes every refresh ("disk read 0 B/s", "12.5 MiB/s") then
// neither jitters its neighbours sideways nor makes them relayout: a relayout in Fyne resizes
// the neighbouring labels, which refresh themselves while the frame is being drawn and so
// cost one more full repaint of the window right after it.
func SteadyWidth(o fyne.CanvasObject) *fyne.Container {
	return container.New(&steadyWidth{}, o)
}

// steadyWidth is SteadyWidth's layout: a stack whose minimum width never shrinks.
type steadyWidth struct{ widest float32 }

// MinSize is the objects' largest minimum size, at least as wide as any seen before.
func (s *steadyWidth) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var size fyne.Size
	for _, o := range objects {
		if o.Visible() {
			size = size.Max(o.MinSize())
		}
	}
	s.widest = max(s.widest, size.Width)
	size.Width = s.widest
	return size
}

// Layout gives every object the whole space.
func (s *steadyWidth) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objects {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}
