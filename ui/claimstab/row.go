package claimstab

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// rowWidget is one claim's line: the claim in short, its verdict and key figures in three columns, one line of
// text high. Buttons would make every row as tall as a button, and ten of them would not fit a
// projector's 720 lines beside the window's header; a row is tapped instead to select it, and
// the selected row's buttons sit above the table.
type rowWidget struct {
	widget.BaseWidget
	title, verdict, evidence string
	tone                     fyne.ThemeColorName
	selected                 bool
	onTap                    func()
}

func newRowWidget(title string, onTap func()) *rowWidget {
	r := &rowWidget{title: title, onTap: onTap, tone: theme.ColorNameForeground}
	r.ExtendBaseWidget(r)
	return r
}

// set changes what the row shows and redraws it if anything changed.
func (r *rowWidget) set(verdict, evidence string, tone fyne.ThemeColorName, selected bool) {
	if r.verdict == verdict && r.evidence == evidence && r.tone == tone && r.selected == selected {
		return
	}
	r.verdict, r.evidence, r.tone, r.selected = verdict, evidence, tone, selected
	r.Refresh()
}

// Tapped implements fyne.Tappable.
func (r *rowWidget) Tapped(*fyne.PointEvent) {
	if r.onTap != nil {
		r.onTap()
	}
}

// Column widths, in units of the theme's text size, so they grow with presentation mode.
const (
	titleEms   = 13
	verdictEms = 5.5
)

// CreateRenderer implements fyne.Widget.
func (r *rowWidget) CreateRenderer() fyne.WidgetRenderer {
	rr := &rowRenderer{r: r, bg: canvas.NewRectangle(color.Transparent),
		title: canvas.NewText("", nil), verdict: canvas.NewText("", nil), evidence: canvas.NewText("", nil)}
	rr.title.TextStyle = fyne.TextStyle{Bold: true}
	rr.verdict.TextStyle = fyne.TextStyle{Bold: true}
	rr.Refresh()
	return rr
}

type rowRenderer struct {
	r                        *rowWidget
	bg                       *canvas.Rectangle
	title, verdict, evidence *canvas.Text
}

func (rr *rowRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{rr.bg, rr.title, rr.verdict, rr.evidence}
}

func (rr *rowRenderer) Destroy() {}

func (rr *rowRenderer) height() float32 { return theme.TextSize()*1.3 + theme.Padding() }

func (rr *rowRenderer) MinSize() fyne.Size {
	ts := theme.TextSize()
	return fyne.NewSize(ts*(titleEms+verdictEms+10), rr.height())
}

// Layout puts the three columns side by side. The key figures take the rest of the width; when
// they would not fit at the theme's size they are drawn smaller, never cut.
func (rr *rowRenderer) Layout(size fyne.Size) {
	ts, pad := theme.TextSize(), theme.Padding()
	rr.bg.Resize(size)
	y := (size.Height - rr.height()) / 2
	for _, t := range []*canvas.Text{rr.title, rr.verdict, rr.evidence} {
		t.TextSize = ts
	}
	x := pad
	rr.title.Move(fyne.NewPos(x, y+pad/2))
	x += ts * titleEms
	rr.verdict.Move(fyne.NewPos(x, y+pad/2))
	x += ts * verdictEms
	rr.evidence.Move(fyne.NewPos(x, y+pad/2))
	avail := size.Width - x - pad
	w := fyne.MeasureText(rr.evidence.Text, ts, rr.evidence.TextStyle).Width
	if w > avail && w > 0 {
		// A little under the ratio: text width does not shrink exactly with the size.
		rr.evidence.TextSize = ts * avail / w * 0.97
	}
	for _, t := range []*canvas.Text{rr.title, rr.verdict, rr.evidence} {
		t.Resize(fyne.NewSize(t.MinSize().Width, rr.height()-pad))
	}
}

func (rr *rowRenderer) Refresh() {
	r := rr.r
	th := theme.Current()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	rr.title.Text, rr.verdict.Text, rr.evidence.Text = r.title, r.verdict, r.evidence
	rr.title.Color = th.Color(theme.ColorNameForeground, v)
	rr.verdict.Color = th.Color(r.tone, v)
	rr.evidence.Color = th.Color(theme.ColorNameForeground, v)
	rr.bg.FillColor = color.Transparent
	if r.selected {
		rr.bg.FillColor = th.Color(theme.ColorNameHover, v)
	}
	rr.Layout(r.Size())
	for _, o := range rr.Objects() {
		o.Refresh()
	}
}
