package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// point is one sample of a sparkline: a time and a value from 0 to 100.
type point struct {
	at time.Time
	v  float64
}

// sparkline draws the last span of a 0-100 series as bars, newest at the right, placed by
// time rather than by count so gaps and interval changes show truthfully. Its bars are kept
// between refreshes and only added to when a longer series needs more: a steady refresh
// allocates nothing.
type sparkline struct {
	widget.BaseWidget
	span time.Duration
	// pts is written by the owner (oldest first), then Refresh is called.
	pts []point
}

func newSparkline(span time.Duration) *sparkline {
	s := &sparkline{span: span}
	s.ExtendBaseWidget(s)
	return s
}

// CreateRenderer implements fyne.Widget.
func (s *sparkline) CreateRenderer() fyne.WidgetRenderer {
	r := &sparkRenderer{s: s, bg: &canvas.Rectangle{}}
	r.objs = []fyne.CanvasObject{r.bg}
	r.Refresh()
	return r
}

type sparkRenderer struct {
	s    *sparkline
	bg   *canvas.Rectangle
	bars []*canvas.Rectangle
	objs []fyne.CanvasObject
	size fyne.Size
}

func (r *sparkRenderer) Layout(size fyne.Size) {
	r.size = size
	r.bg.Resize(size)
	r.place()
}

func (r *sparkRenderer) MinSize() fyne.Size {
	th := r.s.Theme()
	h := th.Size(theme.SizeNameText) * 2.2
	return fyne.NewSize(h*3, h)
}

func (r *sparkRenderer) Refresh() {
	th := r.s.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.bg.FillColor = th.Color(theme.ColorNameInputBackground, v)
	r.bg.CornerRadius = th.Size(theme.SizeNameInputRadius) / 2
	fill := th.Color(theme.ColorNamePrimary, v)
	for len(r.bars) < len(r.s.pts) {
		b := &canvas.Rectangle{}
		r.bars = append(r.bars, b)
		r.objs = append(r.objs, b)
	}
	for _, b := range r.bars {
		b.FillColor = fill
	}
	r.place()
	canvas.Refresh(r.s)
}

// place positions one bar per point; the bar is as wide as the time to the next point.
func (r *sparkRenderer) place() {
	pts := r.s.pts
	w, h := r.size.Width, r.size.Height
	if len(pts) == 0 || w <= 0 {
		for _, b := range r.bars {
			b.Hide()
		}
		return
	}
	newest := pts[len(pts)-1].at
	span := float32(r.s.span.Seconds())
	x := func(t time.Time) float32 { return w * (1 - float32(newest.Sub(t).Seconds())/span) }
	for i, b := range r.bars {
		if i >= len(pts) {
			b.Hide()
			continue
		}
		// A busy share is measured over the interval that ends at its sample, so its bar
		// spans from the previous sample to its own.
		right := x(pts[i].at)
		var left float32
		switch {
		case i > 0:
			left = x(pts[i-1].at)
		case len(pts) > 1:
			left = right - (x(pts[1].at) - right)
		default:
			left = right - w/float32(r.s.span.Seconds())
		}
		if left < 0 {
			left = 0
		}
		bh := h * float32(min(max(pts[i].v, 0), 100)) / 100
		if right-left < 1 || bh <= 0 {
			b.Hide()
			continue
		}
		b.Move(fyne.NewPos(left, h-bh))
		// A hairline gap between bars keeps neighbouring samples readable.
		b.Resize(fyne.NewSize(max(right-left-0.5, 1), bh))
		b.Show()
	}
}

func (r *sparkRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *sparkRenderer) Destroy()                     {}
