package timeline

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui/timeline/timelinemodel"
)

// view draws a timelinemodel.Timeline: the row labels and figures on the left, the rows' stretches in
// one raster image on the right (one image, however many switches: the model has already
// pooled what is narrower than a pixel), the time axis on top. The owner sets TL and calls
// Refresh; the pointer's wheel zooms, a drag pans, hovering or tapping reports a stretch.
type view struct {
	widget.BaseWidget

	TL     *timelinemodel.Timeline
	Scroll int // the first row shown
	Sel    int // the selected row, or -1

	// OnZoom gets wheel steps (negative: closer) and where the pointer is, as a fraction of
	// the plot's width; OnPan a fraction of the width to move by (positive: later).
	OnZoom func(steps int, frac float64)
	OnPan  func(frac float64)
	// OnHover and OnTap get the row and the stretch under the pointer (ok false: none).
	OnHover func(row int, s timelinemodel.TimelineSeg, ok bool)
	OnTap   func(row int, s timelinemodel.TimelineSeg, ok bool)
	// OnScroll moves the rows shown by n.
	OnScroll func(n int)

	// minLabelW is the least width of the label column; it grows with the view, so the
	// figures beside the rows fit on a wide screen.
	minLabelW float32
}

func newView() *view {
	v := &view{Sel: -1, minLabelW: 320}
	v.ExtendBaseWidget(v)
	return v
}

// figScale is the size of a row's figures relative to its label.
const figScale = 0.7

// Geometry of the view: the label column's width, the axis's height and a row's height. A row
// holds its label and, smaller, its figures, with little room between rows: on a 720-line
// projector every pixel of a row's height costs a row.
func (v *view) metrics() (labelW, axisH, rowH float32) {
	th := v.Theme()
	ts := th.Size(theme.SizeNameText)
	return v.labelWidth(v.Size()), ts + 6, ts*(1+figScale) + 4
}

// labelWidth is the label column's width at size s: a quarter of the view, within bounds.
func (v *view) labelWidth(s fyne.Size) float32 {
	return min(max(s.Width/4, v.minLabelW), 2*v.minLabelW)
}

// PlotWidth is the width the plot gets at size s (the model is built for it).
func (v *view) PlotWidth(s fyne.Size) float32 { return max(s.Width-v.labelWidth(s), 10) }

// VisibleRows is how many rows fit at size s.
func (v *view) VisibleRows(s fyne.Size) int {
	_, axisH, rowH := v.metrics()
	return max(int((s.Height-axisH)/rowH), 1)
}

// at finds the row and plot x under a point.
func (v *view) at(p fyne.Position) (row int, x float32, ok bool) {
	labelW, axisH, rowH := v.metrics()
	if v.TL == nil || p.Y < axisH || p.X < labelW {
		return -1, 0, false
	}
	row = v.Scroll + int((p.Y-axisH)/rowH)
	return row, p.X - labelW, row < len(v.TL.Rows)
}

func (v *view) report(p fyne.Position, fn func(int, timelinemodel.TimelineSeg, bool)) {
	if fn == nil {
		return
	}
	row, x, ok := v.at(p)
	if !ok {
		fn(row, timelinemodel.TimelineSeg{}, false)
		return
	}
	s, found := v.TL.SegAt(row, x)
	fn(row, s, found)
}

// Scrolled zooms (the wheel) or, over the labels, scrolls the rows.
func (v *view) Scrolled(e *fyne.ScrollEvent) {
	labelW, _, _ := v.metrics()
	steps := 0
	switch {
	case e.Scrolled.DY > 0:
		steps = -1
	case e.Scrolled.DY < 0:
		steps = 1
	}
	if steps == 0 {
		if e.Scrolled.DX != 0 && v.OnPan != nil {
			v.OnPan(float64(-e.Scrolled.DX / v.PlotWidth(v.Size())))
		}
		return
	}
	if e.Position.X < labelW {
		if v.OnScroll != nil {
			v.OnScroll(-steps * 3)
		}
		return
	}
	if v.OnZoom != nil {
		v.OnZoom(steps, float64((e.Position.X-labelW)/v.PlotWidth(v.Size())))
	}
}

// Dragged pans by the distance dragged.
func (v *view) Dragged(e *fyne.DragEvent) {
	if v.OnPan != nil && e.Dragged.DX != 0 {
		v.OnPan(float64(-e.Dragged.DX / v.PlotWidth(v.Size())))
	}
}

// DragEnd is part of fyne.Draggable.
func (v *view) DragEnd() {}

// Tapped reports the stretch under the pointer.
func (v *view) Tapped(e *fyne.PointEvent) { v.report(e.Position, v.OnTap) }

// MouseIn is part of desktop.Hoverable.
func (v *view) MouseIn(e *desktop.MouseEvent) { v.report(e.Position, v.OnHover) }

// MouseMoved reports the stretch under the pointer.
func (v *view) MouseMoved(e *desktop.MouseEvent) { v.report(e.Position, v.OnHover) }

// MouseOut is part of desktop.Hoverable.
func (v *view) MouseOut() {}

// CreateRenderer makes the renderer.
func (v *view) CreateRenderer() fyne.WidgetRenderer {
	r := &viewRenderer{v: v}
	r.raster = canvas.NewRaster(r.draw)
	r.bg = canvas.NewRectangle(color.Transparent)
	return r
}

// viewRenderer keeps its texts in pools, so a redraw allocates only when more rows or ticks
// are shown than before.
type viewRenderer struct {
	v      *view
	bg     *canvas.Rectangle
	raster *canvas.Raster
	labels []*canvas.Text
	figs   []*canvas.Text
	ticks  []*canvas.Text
	objs   []fyne.CanvasObject
	img    *image.RGBA
}

// Destroy is part of fyne.WidgetRenderer; nothing to release.
func (r *viewRenderer) Destroy() {}

// MinSize leaves room for the labels, some plot and three rows.
func (r *viewRenderer) MinSize() fyne.Size {
	_, axisH, rowH := r.v.metrics()
	return fyne.NewSize(r.v.minLabelW+200, axisH+3*rowH)
}

// Objects are the background, the raster and the texts placed last.
func (r *viewRenderer) Objects() []fyne.CanvasObject { return r.objs }

// Layout puts the raster right of the label column and places the texts.
func (r *viewRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	labelW := r.v.labelWidth(s)
	r.raster.Move(fyne.NewPos(labelW, 0))
	r.raster.Resize(fyne.NewSize(max(s.Width-labelW, 1), s.Height))
	r.place(s)
}

// Refresh places the texts for the new timeline and repaints the raster.
func (r *viewRenderer) Refresh() {
	r.place(r.v.Size())
	r.raster.Refresh()
	canvas.Refresh(r.v)
}

// text returns pooled text i of pool, made on first use.
func text(pool *[]*canvas.Text, i int, size float32, bold bool) *canvas.Text {
	for len(*pool) <= i {
		*pool = append(*pool, &canvas.Text{})
	}
	t := (*pool)[i]
	t.TextSize = size
	t.TextStyle = fyne.TextStyle{Bold: bold}
	return t
}

// place positions the labels, figures and tick labels for size s.
func (r *viewRenderer) place(s fyne.Size) {
	v := r.v
	th := v.Theme()
	ts := th.Size(theme.SizeNameText)
	fg := th.Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
	dim := th.Color(theme.ColorNamePlaceHolder, fyne.CurrentApp().Settings().ThemeVariant())
	labelW, axisH, rowH := v.metrics()
	r.objs = append(r.objs[:0], r.bg, r.raster)
	if v.TL == nil {
		return
	}
	n := 0
	for i := v.Scroll; i < len(v.TL.Rows); i++ {
		y := axisH + float32(i-v.Scroll)*rowH
		if y+rowH > s.Height+rowH {
			break
		}
		row := &v.TL.Rows[i]
		indent := float32(row.Depth) * 12
		if !row.Header {
			indent += 12
		}
		l := text(&r.labels, n, ts, row.Header)
		l.Text, l.Color = clip(row.Label, labelW-indent-8, ts), fg
		l.Move(fyne.NewPos(4+indent, y))
		f := text(&r.figs, n, ts*figScale, false)
		f.Text, f.Color = clip(row.Figures, labelW-indent-8, ts*figScale), dim
		f.Move(fyne.NewPos(4+indent, y+ts+1))
		r.objs = append(r.objs, l, f)
		n++
	}
	for i, tk := range v.TL.Ticks {
		t := text(&r.ticks, i, ts*0.8, false)
		t.Text, t.Color = tk.Label, dim
		t.Move(fyne.NewPos(labelW+tk.X+3, 2))
		r.objs = append(r.objs, t)
	}
}

// clip shortens s with an ellipsis to fit w at text size ts.
func clip(s string, w, ts float32) string {
	if fyne.MeasureText(s, ts, fyne.TextStyle{}).Width <= w {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r)
	for lo < hi { // the longest prefix that fits with the ellipsis
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(r[:mid])+"…", ts, fyne.TextStyle{}).Width <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(r[:lo]) + "…"
}

// draw paints the plot: rows' stretches, births and exits, unknown stretches hatched, tick
// lines and the selected row. Coordinates of the model are in Fyne units; the image is in
// pixels.
func (r *viewRenderer) draw(w, h int) image.Image {
	if r.img == nil || r.img.Rect.Dx() != w || r.img.Rect.Dy() != h {
		r.img = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	img := r.img
	clear(img.Pix)
	v := r.v
	if v.TL == nil || w <= 0 || h <= 0 {
		return img
	}
	size := v.Size()
	plotW := v.PlotWidth(size)
	sx := float64(w) / float64(plotW)
	sy := float64(h) / float64(max(size.Height, 1))
	_, axisH, rowH := v.metrics()
	grid := color.NRGBA{0x80, 0x80, 0x80, 0x40}
	fg := v.Theme().Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
	for _, tk := range v.TL.Ticks {
		x := int(float64(tk.X) * sx)
		fill(img, x, int(float64(axisH)*sy)-4, x+1, h, grid)
	}
	for i := v.Scroll; i < len(v.TL.Rows); i++ {
		y0 := float64(axisH+float32(i-v.Scroll)*rowH) * sy
		if int(y0) >= h {
			break
		}
		y1 := y0 + float64(rowH)*sy
		row := &v.TL.Rows[i]
		if i == v.Sel {
			fill(img, 0, int(y0), w, int(y1), color.NRGBA{0x33, 0x88, 0xff, 0x30})
		}
		if row.Header {
			fill(img, 0, int(y1)-1, w, int(y1), grid)
		}
		for _, s := range row.Segs {
			drawSeg(img, s, sx, y0, y1)
		}
		for _, u := range row.Unknown {
			hatch(img, int(float64(u.X0)*sx), int(y0+2), int(math.Ceil(float64(u.X1)*sx)), int(y1-2))
		}
		for _, m := range row.Marks {
			var c color.Color = color.NRGBA{0x10, 0xa0, 0x30, 0xff} // birth: green
			if !m.Birth {
				c = fg // exit: the text colour, so it shows on either theme
			}
			x := int(float64(m.X) * sx)
			fill(img, x-1, int(y0), x+2, int(y1), c)
		}
	}
	return img
}

// drawSeg paints one stretch: a full-height bar in the core's colour while running, a
// half-height bar while waiting for a CPU or in uninterruptible wait, a thin line while
// blocked or asleep, nothing before birth or after death.
func drawSeg(img *image.RGBA, s timelinemodel.TimelineSeg, sx, y0, y1 float64) {
	x0, x1 := int(float64(s.X0)*sx), int(math.Ceil(float64(s.X1)*sx))
	mid := (y0 + y1) / 2
	hgt := y1 - y0
	switch s.State {
	case trace.StateRunning:
		fill(img, x0, int(y0+3), x1, int(y1-3), coreColor(s.Core))
	case trace.StateRunnable:
		fill(img, x0, int(mid-hgt/5), x1, int(mid+hgt/5), colRunnable)
	case trace.StateDiskWait:
		fill(img, x0, int(mid-hgt/5), x1, int(mid+hgt/5), colDisk)
	case trace.StateStopped:
		fill(img, x0, int(mid-hgt/5), x1, int(mid+hgt/5), colStopped)
	case trace.StateBlocked, trace.StateSleeping:
		fill(img, x0, int(mid-1), x1, int(mid+1), colSleeping)
	case trace.StateUnknown:
		hatch(img, x0, int(y0+4), x1, int(y1-4))
	}
	if s.Mixed && s.RunShare > 0 && s.State != trace.StateRunning {
		// Pooled stretches that ran some of the time: a bar from the bottom as tall as the
		// share of the time running, so a thread busy in many short runs does not look idle.
		top := y1 - 3 - max((hgt-6)*float64(s.RunShare), 1)
		fill(img, x0, int(top), x1, int(y1-3), coreColor(s.Core))
	}
}

// fill paints a rectangle, clipped to the image, blending c over what is there. It writes the
// pixels itself: draw.Draw with a uniform source costs more than the painting for the small
// rectangles a timeline is made of, tens of thousands a frame.
func fill(img *image.RGBA, x0, y0, x1, y1 int, c color.Color) {
	r := image.Rect(x0, y0, x1, y1).Intersect(img.Rect)
	if r.Empty() {
		return
	}
	cr, cg, cb, ca := c.RGBA() // premultiplied, 16 bits
	sr, sg, sb, sa := byte(cr>>8), byte(cg>>8), byte(cb>>8), byte(ca>>8)
	w := r.Dx() * 4
	for y := r.Min.Y; y < r.Max.Y; y++ {
		off := img.PixOffset(r.Min.X, y)
		row := img.Pix[off : off+w]
		if sa == 0xff {
			row[0], row[1], row[2], row[3] = sr, sg, sb, sa
			for n := 4; n < w; n *= 2 {
				copy(row[n:], row[:n])
			}
			continue
		}
		k := uint32(0xff - sa)
		for i := 0; i < w; i += 4 {
			row[i] = sr + byte(uint32(row[i])*k/0xff)
			row[i+1] = sg + byte(uint32(row[i+1])*k/0xff)
			row[i+2] = sb + byte(uint32(row[i+2])*k/0xff)
			row[i+3] = sa + byte(uint32(row[i+3])*k/0xff)
		}
	}
}

// hatch draws diagonal grey stripes: a stretch nothing is known about.
func hatch(img *image.RGBA, x0, y0, x1, y1 int) {
	r := image.Rect(x0, y0, x1, y1).Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if (x+y)%6 < 2 {
				img.Set(x, y, colUnknown)
			}
		}
	}
}
