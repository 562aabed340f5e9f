package widgets

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/ui/model"
)

// BarChart draws labelled horizontal bars, one a row. It is the one chart of the Demos tab:
// every card hands it finished figures and it only draws them, so it keeps no history.
type BarChart struct {
	widget.BaseWidget
	// logScale draws lengths on a logarithmic scale, so a bar a hundred times shorter than the
	// longest is still visible (cost: nanoseconds next to microseconds).
	logScale bool
	// FullScale, when positive, is the value of a full-length bar on a linear scale (100 for
	// percentages); otherwise the longest bar is full length.
	FullScale float64
	// Stacked draws each bar under its words (label, then figure, on one line) across the
	// whole width, and lets the bars grow thicker with the height given: for a chart shown
	// large on its own (a lesson's reveal), where words beside the bars would leave them short.
	Stacked bool
	bars    []model.Bar
}

// NewBarChart returns an empty chart, on a logarithmic scale when logScale is set.
func NewBarChart(logScale bool) *BarChart {
	c := &BarChart{logScale: logScale}
	c.ExtendBaseWidget(c)
	return c
}

// Set replaces the bars and redraws.
func (c *BarChart) Set(bars []model.Bar) {
	c.bars = append(c.bars[:0:0], bars...)
	c.Refresh()
}

// Bars returns the bars drawn, for views that read back what they show.
func (c *BarChart) Bars() []model.Bar { return c.bars }

// fractions returns each bar's length as a share of the longest, on the chart's scale. Zero
// and negative values get no bar; on a log scale the smallest positive value still gets a
// sliver, so that it reads as "small" rather than "missing".
func (c *BarChart) fractions() []float64 {
	out := make([]float64, len(c.bars))
	hi, lo := 0.0, math.Inf(1)
	for _, b := range c.bars {
		if b.Value > 0 {
			hi = max(hi, b.Value)
			lo = min(lo, b.Value)
		}
	}
	if !c.logScale && c.FullScale > 0 {
		hi = c.FullScale
	}
	if hi == 0 {
		return out
	}
	for i, b := range c.bars {
		switch {
		case b.Value <= 0:
		case !c.logScale:
			out[i] = min(b.Value/hi, 1)
		default:
			floor := lo / 4 // a decade-ish below the smallest, so it keeps some length
			out[i] = math.Log(b.Value/floor) / math.Log(hi/floor)
		}
	}
	return out
}

// CreateRenderer implements fyne.Widget.
func (c *BarChart) CreateRenderer() fyne.WidgetRenderer {
	r := &barRenderer{chart: c}
	r.rebuild()
	return r
}

type barRenderer struct {
	chart   *BarChart
	labels  []*canvas.Text
	rects   []*canvas.Rectangle
	texts   []*canvas.Text
	objects []fyne.CanvasObject
}

func (r *barRenderer) rebuild() {
	n := len(r.chart.bars)
	if len(r.rects) != n {
		r.labels, r.rects, r.texts = make([]*canvas.Text, n), make([]*canvas.Rectangle, n), make([]*canvas.Text, n)
		r.objects = r.objects[:0]
		for i := range n {
			r.labels[i] = &canvas.Text{}
			r.rects[i] = &canvas.Rectangle{CornerRadius: 2}
			r.texts[i] = &canvas.Text{}
			r.objects = append(r.objects, r.labels[i], r.rects[i], r.texts[i])
		}
	}
	// The chart's own theme, not the app's, so a theme override over it (smaller text on a
	// projector's crowded card) applies.
	th := r.chart.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	size := th.Size(theme.SizeNameText)
	fg := th.Color(theme.ColorNameForeground, v)
	for i, b := range r.chart.bars {
		r.labels[i].Text, r.labels[i].TextSize, r.labels[i].Color = b.Label, size, fg
		r.texts[i].Text, r.texts[i].TextSize, r.texts[i].Color = b.Text, size, fg
		r.rects[i].FillColor = toneColor(th, v, b.Tone)
	}
}

// toneColor is the fill of a bar of the given tone, from the current theme so presentation
// mode's high-contrast palette applies.
func toneColor(th fyne.Theme, v fyne.ThemeVariant, tone model.Tone) color.Color {
	switch tone {
	case model.ToneSecond:
		return th.Color(theme.ColorNameSuccess, v)
	case model.ToneWarning:
		return th.Color(theme.ColorNameError, v)
	}
	return th.Color(theme.ColorNamePrimary, v)
}

func (r *barRenderer) rowHeight() float32 {
	th := r.chart.Theme()
	return th.Size(theme.SizeNameText)*1.5 + th.Size(theme.SizeNamePadding)
}

func (r *barRenderer) labelWidth() float32 {
	w := float32(0)
	for _, l := range r.labels {
		w = max(w, fyne.MeasureText(l.Text, l.TextSize, l.TextStyle).Width)
	}
	return w + r.chart.Theme().Size(theme.SizeNamePadding)*2
}

func (r *barRenderer) textWidth() float32 {
	w := float32(0)
	for _, t := range r.texts {
		w = max(w, fyne.MeasureText(t.Text, t.TextSize, t.TextStyle).Width)
	}
	return w + r.chart.Theme().Size(theme.SizeNamePadding)*2
}

func (r *barRenderer) Layout(size fyne.Size) {
	if r.chart.Stacked {
		r.layoutStacked(size)
		return
	}
	lw, tw, h := r.labelWidth(), r.textWidth(), r.rowHeight()
	room := max(size.Width-lw-tw, 0)
	fr := r.chart.fractions()
	for i := range r.rects {
		y := float32(i) * h
		r.labels[i].Move(fyne.NewPos(0, y))
		r.labels[i].Resize(fyne.NewSize(lw, h))
		w := room * float32(fr[i])
		if fr[i] > 0 {
			w = max(w, 2) // never so thin that a real figure disappears
		}
		r.rects[i].Move(fyne.NewPos(lw, y+h*0.15))
		r.rects[i].Resize(fyne.NewSize(w, h*0.7))
		r.texts[i].Move(fyne.NewPos(lw+w+r.chart.Theme().Size(theme.SizeNamePadding), y))
		r.texts[i].Resize(fyne.NewSize(tw, h))
	}
}

func (r *barRenderer) MinSize() fyne.Size {
	if r.chart.Stacked {
		return r.stackedMinSize()
	}
	return fyne.NewSize(r.labelWidth()+r.textWidth()+120, r.rowHeight()*float32(len(r.rects)))
}

func (r *barRenderer) Refresh() {
	r.rebuild()
	r.Layout(r.chart.Size())
	canvas.Refresh(r.chart)
}

func (r *barRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *barRenderer) Destroy() {}

// stackedLine is the height of a stacked row's line of words, and stackedBar the least height
// of its bar.
func (r *barRenderer) stackedLine() float32 {
	return r.chart.Theme().Size(theme.SizeNameText) * 1.4
}

func (r *barRenderer) stackedBar() float32 {
	return r.chart.Theme().Size(theme.SizeNameText) * 0.9
}

// stackedMinSize is the widest line of words, and every row at its least height.
func (r *barRenderer) stackedMinSize() fyne.Size {
	pad := r.chart.Theme().Size(theme.SizeNamePadding)
	w := float32(0)
	for i := range r.labels {
		w = max(w, r.lineWidth(i))
	}
	return fyne.NewSize(w+pad, float32(len(r.rects))*(r.stackedLine()+r.stackedBar()+pad))
}

// lineWidth is the width of row i's words: its label, a gap, its figure.
func (r *barRenderer) lineWidth(i int) float32 {
	l, t := r.labels[i], r.texts[i]
	return fyne.MeasureText(l.Text, l.TextSize, l.TextStyle).Width + r.gap() + fyne.MeasureText(t.Text, t.TextSize, t.TextStyle).Width
}

func (r *barRenderer) gap() float32 { return r.chart.Theme().Size(theme.SizeNameText) }

// layoutStacked puts each row's words on a line and its bar under them, across the width;
// height beyond the least goes to the bars, up to three lines' worth each.
func (r *barRenderer) layoutStacked(size fyne.Size) {
	n := float32(len(r.rects))
	if n == 0 {
		return
	}
	pad := r.chart.Theme().Size(theme.SizeNamePadding)
	line, bar := r.stackedLine(), r.stackedBar()
	bar = min(max(bar, (size.Height/n)-line-pad), 3*line)
	fr := r.chart.fractions()
	y := float32(0)
	for i := range r.rects {
		l := r.labels[i]
		lw := fyne.MeasureText(l.Text, l.TextSize, l.TextStyle).Width
		l.Move(fyne.NewPos(0, y))
		l.Resize(fyne.NewSize(lw, line))
		r.texts[i].Move(fyne.NewPos(lw+r.gap(), y))
		r.texts[i].Resize(fyne.NewSize(max(size.Width-lw-r.gap(), 0), line))
		w := size.Width * float32(fr[i])
		if fr[i] > 0 {
			w = max(w, 2)
		}
		r.rects[i].Move(fyne.NewPos(0, y+line))
		r.rects[i].Resize(fyne.NewSize(w, bar))
		y += line + bar + pad
	}
}
