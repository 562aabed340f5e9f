package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// CellLook is how a cell is drawn besides its text.
type CellLook uint8

const (
	LookPlain CellLook = iota
	LookSelected
	LookMarked // a process highlighted for another view (a running demo)
	LookDim    // thread rows and kernel threads: present, but not the point
	LookMarkedSelected
)

// Cell is one table cell: a background and a single line of text. It is lighter than a Label
// (no rich-text machinery), and Set only redraws when the text or look really changed, which
// is what keeps a once-a-second refresh of thousands of rows cheap.
type Cell struct {
	widget.BaseWidget
	align fyne.TextAlign

	text *canvas.Text
	bg   *canvas.Rectangle
	look CellLook
	// full is the whole text; text shows it cut to the cell's width with an ellipsis, since
	// a canvas.Text is not clipped and would run into the next column.
	full  string
	width float32

	// ID is the table cell this object last showed; Bound is false until the table first
	// asked it to show something (template cells used only for measuring stay unbound). Both
	// belong to the table that made the cell.
	ID    widget.TableCellID
	Bound bool
}

// NewCell returns an empty cell.
func NewCell() *Cell {
	c := &Cell{text: &canvas.Text{}, bg: &canvas.Rectangle{}}
	c.ExtendBaseWidget(c)
	return c
}

// Set shows s with a look, touching the canvas only for what changed.
func (c *Cell) Set(s string, align fyne.TextAlign, look CellLook) {
	changed := false
	if c.full != s || c.align != align {
		c.full = s
		c.align = align
		c.text.Alignment = align
		c.text.Text = c.fit(s)
		changed = true
	}
	if c.look != look {
		c.look = look
		c.applyLook()
		c.bg.Refresh()
		changed = true
	}
	if changed {
		c.text.Refresh()
	}
}

// Text is the whole text the cell shows, before it is cut to fit.
func (c *Cell) Text() string { return c.full }

// Restyle takes the theme's colours and text size again. Fyne refreshes only the widgets on
// screen when the theme changes, so a table on a hidden tab keeps its old text size until told.
func (c *Cell) Restyle() {
	c.applyLook()
	c.text.Text = c.fit(c.full)
	c.bg.Refresh()
	c.text.Refresh()
}

// TextSize is the size its text is drawn at.
func (c *Cell) TextSize() float32 { return c.text.TextSize }

// Look is how the cell is drawn.
func (c *Cell) Look() CellLook { return c.look }

func (c *Cell) applyLook() {
	th := c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, v)
	var bg color.Color = color.Transparent
	switch c.look {
	case LookSelected:
		bg = th.Color(theme.ColorNameSelection, v)
	case LookMarked:
		bg = th.Color(theme.ColorNameHover, v)
		fg = th.Color(theme.ColorNamePrimary, v)
	case LookMarkedSelected:
		bg = th.Color(theme.ColorNameSelection, v)
		fg = th.Color(theme.ColorNamePrimary, v)
	case LookDim:
		fg = th.Color(theme.ColorNamePlaceHolder, v)
	}
	c.text.Color = fg
	c.bg.FillColor = bg
	c.text.TextSize = th.Size(theme.SizeNameText)
}

// fit cuts s to the cell's width. Measuring is skipped for the common case of short text,
// and results are cached by Fyne, so a steady refresh measures little.
func (c *Cell) fit(s string) string {
	if c.width <= 0 || s == "" {
		return s
	}
	size, style := c.text.TextSize, c.text.TextStyle
	if fyne.MeasureText(s, size, style).Width <= c.width {
		return s
	}
	r := []rune(s)
	lo, hi := 0, len(r) // the longest prefix that fits with "…" lies in [lo, hi)
	for lo < hi-1 {
		mid := (lo + hi) / 2
		if fyne.MeasureText(string(r[:mid])+"…", size, style).Width <= c.width {
			lo = mid
		} else {
			hi = mid
		}
	}
	return string(r[:lo]) + "…"
}

// resized re-fits the text when the column width changed.
func (c *Cell) resized(w float32) {
	if w == c.width {
		return
	}
	c.width = w
	if t := c.fit(c.full); t != c.text.Text {
		c.text.Text = t
		c.text.Refresh()
	}
}

// CreateRenderer implements fyne.Widget.
func (c *Cell) CreateRenderer() fyne.WidgetRenderer {
	c.applyLook()
	return &cellRenderer{c: c, objs: []fyne.CanvasObject{c.bg, c.text}}
}

type cellRenderer struct {
	c    *Cell
	objs []fyne.CanvasObject
}

func (r *cellRenderer) Layout(s fyne.Size) {
	pad := r.c.Theme().Size(theme.SizeNameInnerPadding)
	r.c.bg.Resize(s)
	h := r.c.text.MinSize().Height
	r.c.text.Move(fyne.NewPos(pad/2, (s.Height-h)/2))
	r.c.text.Resize(fyne.NewSize(s.Width-pad, h))
	r.c.resized(s.Width - pad)
}

func (r *cellRenderer) MinSize() fyne.Size {
	th := r.c.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	h := fyne.MeasureText("Mg", th.Size(theme.SizeNameText), fyne.TextStyle{}).Height
	return fyne.NewSize(4*pad, h+pad)
}

// Refresh is called on theme changes: colours and text size come from the theme.
func (r *cellRenderer) Refresh() {
	r.c.applyLook()
	r.c.text.Text = r.c.fit(r.c.full)
	r.c.bg.Refresh()
	r.c.text.Refresh()
}

func (r *cellRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *cellRenderer) Destroy()                     {}

// HeaderCell is a column title that sorts when tapped. It is as tall as a data cell: a
// Button would make every row of the table as tall as a button. It draws no background of its
// own: the table lays the theme's header background under its header row, and a second one,
// opaque and of the same colour, changed no pixel and cost eight more draws in every repaint.
type HeaderCell struct {
	widget.BaseWidget
	text  *canvas.Text
	icon  *widget.Icon
	align fyne.TextAlign
	// Col is the column shown (header objects are reused for other columns on scroll), and
	// OnTap what a tap does; both belong to the table that made the title.
	Col   int
	OnTap func()
}

// NewHeaderCell returns an empty column title.
func NewHeaderCell() *HeaderCell {
	h := &HeaderCell{text: &canvas.Text{TextStyle: fyne.TextStyle{Bold: true}}, icon: &widget.Icon{}}
	h.ExtendBaseWidget(h)
	return h
}

// Set shows a title, with an arrow when the column is the sort key.
func (h *HeaderCell) Set(title string, align fyne.TextAlign, icon fyne.Resource) {
	if h.text.Text == title && h.align == align && h.icon.Resource == icon {
		return
	}
	h.text.Text, h.align = title, align
	h.icon.Resource = icon
	// Hidden, not only emptied: an icon whose resource is cleared may keep drawing its last
	// image, and a second column would show an arrow.
	if icon == nil {
		h.icon.Hide()
	} else {
		h.icon.Show()
	}
	h.Refresh()
}

// HasIcon reports whether the title shows an arrow.
func (h *HeaderCell) HasIcon() bool { return h.icon.Resource != nil && h.icon.Visible() }

// Tapped implements fyne.Tappable.
func (h *HeaderCell) Tapped(*fyne.PointEvent) {
	if h.OnTap != nil {
		h.OnTap()
	}
}

// CreateRenderer implements fyne.Widget.
func (h *HeaderCell) CreateRenderer() fyne.WidgetRenderer {
	r := &headerRenderer{h: h, objs: []fyne.CanvasObject{h.text, h.icon}}
	r.Refresh()
	return r
}

type headerRenderer struct {
	h    *HeaderCell
	objs []fyne.CanvasObject
}

func (r *headerRenderer) Layout(s fyne.Size) {
	th := r.h.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	is := th.Size(theme.SizeNameInlineIcon)
	lh := r.h.text.MinSize().Height
	textW := s.Width - pad - is
	x := pad / 2
	if r.h.align == fyne.TextAlignTrailing {
		// Numbers are right-aligned, so their titles are too, with the arrow on the left.
		r.h.icon.Move(fyne.NewPos(x, (s.Height-is)/2))
		x += is
	} else {
		r.h.icon.Move(fyne.NewPos(s.Width-pad/2-is, (s.Height-is)/2))
	}
	r.h.icon.Resize(fyne.NewSquareSize(is))
	r.h.text.Move(fyne.NewPos(x, (s.Height-lh)/2))
	r.h.text.Resize(fyne.NewSize(textW, lh))
}

func (r *headerRenderer) MinSize() fyne.Size {
	th := r.h.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	h := fyne.MeasureText("Mg", th.Size(theme.SizeNameText), fyne.TextStyle{Bold: true}).Height
	return fyne.NewSize(4*pad, h+pad)
}

func (r *headerRenderer) Refresh() {
	th := r.h.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.h.text.Color = th.Color(theme.ColorNameForeground, v)
	r.h.text.TextSize = th.Size(theme.SizeNameText)
	r.h.text.Alignment = r.h.align
	r.Layout(r.h.Size())
	r.h.text.Refresh()
	r.h.icon.Refresh()
}

func (r *headerRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *headerRenderer) Destroy()                     {}
