package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Heading is one bold line of text with no padding above or below: a Label pads every line
// by twice the inner padding, which on a projector's card costs as much as the line itself.
// It follows the theme's text size and colour.
type Heading struct {
	widget.BaseWidget
	Text string
}

// NewHeading returns a heading saying text.
func NewHeading(text string) *Heading {
	h := &Heading{Text: text}
	h.ExtendBaseWidget(h)
	return h
}

// SetText changes the text, redrawing only when it changed.
func (h *Heading) SetText(s string) {
	if h.Text != s {
		h.Text = s
		h.Refresh()
	}
}

// CreateRenderer implements fyne.Widget.
func (h *Heading) CreateRenderer() fyne.WidgetRenderer {
	r := &headingRenderer{h: h, text: &canvas.Text{TextStyle: fyne.TextStyle{Bold: true}}}
	r.Refresh()
	return r
}

type headingRenderer struct {
	h    *Heading
	text *canvas.Text
}

func (r *headingRenderer) Layout(s fyne.Size) {
	pad := r.h.Theme().Size(theme.SizeNameInnerPadding)
	r.text.Move(fyne.NewPos(pad, 0))
	r.text.Resize(fyne.NewSize(s.Width-pad, s.Height))
}

func (r *headingRenderer) MinSize() fyne.Size {
	pad := r.h.Theme().Size(theme.SizeNameInnerPadding)
	m := r.text.MinSize()
	return fyne.NewSize(m.Width+pad, m.Height)
}

func (r *headingRenderer) Refresh() {
	th := r.h.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.text.Text = r.h.Text
	r.text.TextSize = th.Size(theme.SizeNameText)
	r.text.Color = th.Color(theme.ColorNameForeground, v)
	r.text.Refresh()
}

func (r *headingRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.text} }
func (r *headingRenderer) Destroy()                     {}
