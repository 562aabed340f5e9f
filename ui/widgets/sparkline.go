package widgets

import (
	"image"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Point is one sample of a Sparkline: a time and a value from 0 to 100.
type Point struct {
	At time.Time
	V  float64
}

// Sparkline draws the last span of a 0-100 series as bars, newest at the right, placed by
// time rather than by count so gaps and interval changes show truthfully. The bars are drawn
// into one raster image, so a new sample costs one canvas refresh rather than a move and a
// resize of every bar (each of which marks the window for repainting).
type Sparkline struct {
	widget.BaseWidget
	span time.Duration
	// Pts is written by the owner (oldest first), then Refresh is called.
	Pts []Point
}

// NewSparkline returns an empty sparkline showing span of time.
func NewSparkline(span time.Duration) *Sparkline {
	s := &Sparkline{span: span}
	s.ExtendBaseWidget(s)
	return s
}

// SetSpan changes the span of time shown; the caller then sets Pts and calls Refresh.
func (s *Sparkline) SetSpan(d time.Duration) { s.span = d }

// CreateRenderer implements fyne.Widget.
func (s *Sparkline) CreateRenderer() fyne.WidgetRenderer {
	r := &sparkRenderer{s: s, bg: &canvas.Rectangle{}}
	r.img = canvas.NewRaster(r.draw)
	r.img.ScaleMode = canvas.ImageScalePixels
	r.objs = []fyne.CanvasObject{r.bg, r.img}
	r.Refresh()
	return r
}

type sparkRenderer struct {
	s    *Sparkline
	bg   *canvas.Rectangle
	img  *canvas.Raster
	fill color.NRGBA
	objs []fyne.CanvasObject
	// buf is reused between frames of the same pixel size.
	buf *image.NRGBA
}

func (r *sparkRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.img.Resize(size)
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
	r.fill = color.NRGBAModel.Convert(th.Color(theme.ColorNamePrimary, v)).(color.NRGBA)
	r.bg.Refresh()
	r.img.Refresh()
}

// draw paints one bar per Point into a w x h pixel image; a bar is as wide as the time to
// the next Point.
func (r *sparkRenderer) draw(w, h int) image.Image {
	if r.buf == nil || r.buf.Rect.Dx() != w || r.buf.Rect.Dy() != h {
		r.buf = image.NewNRGBA(image.Rect(0, 0, w, h))
	} else {
		clear(r.buf.Pix)
	}
	pts := r.s.Pts
	if len(pts) == 0 || w <= 0 || h <= 0 {
		return r.buf
	}
	newest := pts[len(pts)-1].At
	span := r.s.span.Seconds()
	fw := float64(w)
	x := func(t time.Time) float64 { return fw * (1 - newest.Sub(t).Seconds()/span) }
	gap := max(1, w/200) // a hairline between bars keeps neighbouring samples readable
	for i := range pts {
		// A busy share is measured over the interval that ends at its sample, so its bar
		// spans from the previous sample to its own.
		right := x(pts[i].At)
		var left float64
		switch {
		case i > 0:
			left = x(pts[i-1].At)
		case len(pts) > 1:
			left = right - (x(pts[1].At) - right)
		default:
			left = right - fw/span
		}
		x0, x1 := max(int(left+0.5), 0), min(int(right+0.5)-gap, w)
		if x1-x0 < 1 {
			x1 = x0 + 1
			if int(right+0.5)-x0 < 1 {
				continue
			}
		}
		bh := int(float64(h)*min(max(pts[i].V, 0), 100)/100 + 0.5)
		if bh <= 0 {
			continue
		}
		for y := h - bh; y < h; y++ {
			row := r.buf.Pix[y*r.buf.Stride:]
			for xx := x0; xx < x1 && xx < w; xx++ {
				o := xx * 4
				row[o], row[o+1], row[o+2], row[o+3] = r.fill.R, r.fill.G, r.fill.B, r.fill.A
			}
		}
	}
	return r.buf
}

func (r *sparkRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *sparkRenderer) Destroy()                     {}
