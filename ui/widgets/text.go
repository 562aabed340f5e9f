package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// SetText sets a label's text only when it changed: SetText refreshes (and so redraws) the
// label even for the same text, and views set their labels on every sample.
func SetText(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

// SetEnabled enables or disables w, refreshing only on a change.
func SetEnabled(w fyne.Disableable, on bool) {
	if on && w.Disabled() {
		w.Enable()
	} else if !on && !w.Disabled() {
		w.Disable()
	}
}

// SetVisible shows or hides o, refreshing only on a change; it reports whether o changed.
func SetVisible(o fyne.CanvasObject, on bool) bool {
	switch {
	case on && !o.Visible():
		o.Show()
	case !on && o.Visible():
		o.Hide()
	default:
		return false
	}
	return true
}

// SetVisibleIn shows or hides o, a part of frame, and lays frame out again when o changed. Fyne
// gives a part that appears its room only when its walk of the tree notices the part's minimum
// size change, and it did not always: the window's frozen banner stayed hidden over some tabs,
// and the Processes tab's scrub row over its table.
func SetVisibleIn(frame *fyne.Container, o fyne.CanvasObject, on bool) {
	if SetVisible(o, on) {
		frame.Layout.Layout(frame.Objects, frame.Size())
	}
}

// MinWidth is an invisible floor under a widget whose own minimum is too narrow to read; its
// width grows with presentation mode's larger text.
type MinWidth struct {
	base  float32
	floor *canvas.Rectangle
}

// Widen puts o on a floor width wide, scaled for presentation mode, and returns both.
func Widen(o fyne.CanvasObject, width float32, presentation bool) (fyne.CanvasObject, *MinWidth) {
	w := &MinWidth{base: width, floor: canvas.NewRectangle(color.Transparent)}
	w.Scale(presentation)
	return container.NewStack(w.floor, o), w
}

// Scale sets the floor for normal or presentation text.
func (w *MinWidth) Scale(presentation bool) {
	f := float32(1)
	if presentation {
		f = PresentationScale
	}
	w.floor.SetMinSize(fyne.NewSize(w.base*f, 0))
}

// Objects turns a slice of any canvas objects into []fyne.CanvasObject, for containers.
func Objects[T fyne.CanvasObject](xs []T) []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// FitWidth is a layout that tells Fit the width it lays its objects over (a table that gives
// one column what the others leave), then stacks them over its whole size.
type FitWidth struct{ Fit func(width float32) }

// Layout implements fyne.Layout.
func (l *FitWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.Fit(size.Width)
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize implements fyne.Layout.
func (l *FitWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m
}
