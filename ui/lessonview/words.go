package lessonview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// Bounds of the words' share of the step's width beside the evidence: the evidence fits its
// type to what the words leave it.
const (
	wordsMinShare = 1 - evidenceShare
	wordsMaxShare = 0.64
	wordsStep     = 0.02
	// wordsScaleStep is how much smaller the words' type gets at each step, should they not
	// fit at the view's: a share of the view's type.
	wordsScaleStep = 0.05
)

// fitWords decides how the words beside the evidence fit in total x height: their width,
// from wordsMinShare of total up to wordsMaxShare, and the scale of their type against the
// view's, at most 1. need is the height the words take at a width and scale; evidence is the
// scale of the evidence's type when the words take a width (it fits its type to the rest).
//
// At each width the words take the largest type that fits, but none smaller than the
// evidence's (or the view's, if that is smaller): the words are never the smaller text on
// the screen for want of room. Of those widths, the one whose smaller type (words' or
// evidence's) is largest wins, so that the step reads from the back of the room on both
// sides; on a tie, the larger words, then the narrower. fits is false when no width fits:
// then the words take the widest width at the evidence's type, and scroll.
func fitWords(total, height float32, need func(width, scale float32) float32, evidence func(width float32) float32) (width, scale float32, fits bool) {
	best := float32(-1)
	for share := float32(wordsMinShare); share < wordsMaxShare+wordsStep/2; share += wordsStep {
		w := total * min(share, wordsMaxShare)
		e := evidence(w)
		floor := min(e, 1)
		for s := float32(1); s > floor-wordsScaleStep/2; s -= wordsScaleStep {
			s = max(s, floor)
			if need(w, s) > height {
				continue
			}
			if score := min(s, e); score > best || score == best && s > scale {
				best, width, scale, fits = score, w, s, true
			}
			break
		}
	}
	if !fits {
		width = total * wordsMaxShare
		scale = min(evidence(width), 1)
	}
	return width, scale, fits
}

// wordsTheme is the theme of the words beside the evidence: the view's, with type scaled
// by the fit, and little padding inside a paragraph, so that lines, not margins, take the
// height; the gap between paragraphs is the words box's own (paragraphGap).
type wordsTheme struct{ scaledTheme }

// Size implements fyne.Theme.
func (t *wordsTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == theme.SizeNameInnerPadding {
		return t.base.Size(theme.SizeNamePadding) / 2
	}
	return t.scaledTheme.Size(n)
}

// paragraphGap is the space between the words' paragraphs, as a share of their type's size:
// half a line keeps them apart at a glance.
const paragraphGap = 0.5

// sizedText is a line of large type (verdict, key figure) in the words: its size is factor
// times the words' body text, set again whenever the fit changes their scale.
type sizedText struct {
	t      *canvas.Text
	factor float32
}

// words are the verdict, figures and sentences beside the evidence, under their own theme
// so that their type can be fitted.
type words struct {
	th    *wordsTheme
	over  *container.ThemeOverride
	box   *fyne.Container
	sized []sizedText
	base  float32 // the view's own scale
}

// newWords starts the words beside the evidence, at the view's scale; set gives them their
// objects.
func (v *View) newWords() *words {
	return &words{th: &wordsTheme{scaledTheme{base: v.theme.base, scale: v.theme.scale}}, base: v.theme.scale}
}

// big is one line of large type in the words, factor times their body text, in color c (nil:
// foreground); it keeps that size when the fit changes their scale.
func (w *words) big(s string, factor float32, c color.Color, bold bool) *canvas.Text {
	if c == nil {
		c = w.th.Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
	}
	t := canvas.NewText(s, c)
	t.TextSize = w.th.Size(theme.SizeNameText) * factor
	t.TextStyle.Bold = bold
	w.sized = append(w.sized, sizedText{t, factor})
	return t
}

// set stacks objs as the words, paragraphGap apart, under the words' theme.
func (w *words) set(objs ...fyne.CanvasObject) {
	w.box = container.New(&gapVBox{th: w.th}, objs...)
	w.over = container.NewThemeOverride(w.box, w.th)
}

// figureGap is the space between two key figures on a line: wide enough to tell them apart.
func (w *words) figureGap() float32 { return w.th.Size(theme.SizeNameText) * 1.5 }

// setScale sets the words' type to scale times the view's.
func (w *words) setScale(scale float32) {
	s := w.base * scale
	if s == w.th.scale {
		return
	}
	w.th.scale = s
	body := w.th.Size(theme.SizeNameText)
	for _, st := range w.sized {
		st.t.TextSize = body * st.factor
	}
	w.over.Refresh()
}

// height is the height the words need at width.
func (w *words) height(width float32) float32 {
	// Wrapped text knows its height only once laid out at a width.
	w.over.Resize(fyne.NewSize(width, w.over.Size().Height))
	return w.over.MinSize().Height
}

// gapVBox stacks objects with paragraphGap of the words' type between them.
type gapVBox struct{ th *wordsTheme }

func (g *gapVBox) gap() float32 { return g.th.Size(theme.SizeNameText) * paragraphGap }

// Layout implements fyne.Layout.
func (g *gapVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		// A paragraph knows how many lines it wraps to only once it has its width.
		o.Resize(fyne.NewSize(size.Width, o.Size().Height))
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + g.gap()
	}
}

// MinSize implements fyne.Layout.
func (g *gapVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
		if i > 0 {
			s.Height += g.gap()
		}
	}
	return s
}

// columns lays out the evidence (first) and the words beside it (second, a scroll holding
// the words): fitWords decides the words' width and type, the evidence takes the rest.
type columns struct {
	words *words
	last  fyne.Size
	width float32
}

// Layout implements fyne.Layout.
func (c *columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding() * 2
	total := size.Width - pad
	if size != c.last {
		c.last = size
		c.fit(objs[0], total, size.Height)
	}
	lw := total - c.width
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(lw, size.Height))
	objs[1].Move(fyne.NewPos(lw+pad, 0))
	objs[1].Resize(fyne.NewSize(c.width, size.Height))
}

// fit chooses the words' width and scale (see fitWords), laying the evidence out at each
// width it tries to know its type's scale there.
func (c *columns) fit(ev fyne.CanvasObject, total, height float32) {
	var scale float32
	c.width, scale, _ = fitWords(total, height, func(width, scale float32) float32 {
		c.words.setScale(scale)
		return c.words.height(width)
	}, func(width float32) float32 {
		ev.Resize(fyne.NewSize(total-width, height))
		return c.words.evidenceScale(ev) / c.words.base
	})
	c.words.setScale(scale)
	c.words.height(c.width) // lays the words out at the width and scale chosen, not the last tried
}

// evidenceScale is the scale of the evidence's type once laid out: a fitted evidence's
// own, otherwise the view's (a traced program's lanes and caption).
func (w *words) evidenceScale(ev fyne.CanvasObject) float32 {
	if c, ok := ev.(*fyne.Container); ok {
		if f, ok := c.Layout.(*fitScale); ok {
			return f.th.scale
		}
	}
	return w.base
}

// MinSize implements fyne.Layout.
func (c *columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(a.Width+b.Width+theme.Padding()*2, max(a.Height, b.Height))
}

// flow lays its objects out in rows, left to right, starting a new row where the next one
// would pass the width: the verdict and the key figures share a line where they fit. A row
// is as tall as its tallest object; the others stand on its bottom, so their type shares a
// base line.
type flow struct {
	gap   func() float32
	width float32
}

// rows splits objs into rows for width.
func (f *flow) rows(objs []fyne.CanvasObject, width float32) [][]fyne.CanvasObject {
	var out [][]fyne.CanvasObject
	x := float32(0)
	for _, o := range objs {
		w := o.MinSize().Width
		if len(out) == 0 || x > 0 && x+f.gap()+w > width {
			out = append(out, nil)
			x = 0
		} else if x > 0 {
			x += f.gap()
		}
		out[len(out)-1] = append(out[len(out)-1], o)
		x += w
	}
	return out
}

// Layout implements fyne.Layout.
func (f *flow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	f.width = size.Width
	y := float32(0)
	for _, row := range f.rows(objs, size.Width) {
		h := rowHeight(row)
		x := float32(0)
		for _, o := range row {
			m := o.MinSize()
			o.Resize(m)
			o.Move(fyne.NewPos(x, y+h-m.Height))
			x += m.Width + f.gap()
		}
		y += h
	}
}

// MinSize implements fyne.Layout: the rows' height at the width last laid out (one object a
// row before that), and the widest object.
func (f *flow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s.Width = max(s.Width, o.MinSize().Width)
	}
	for _, row := range f.rows(objs, f.width) {
		s.Height += rowHeight(row)
	}
	return s
}

func rowHeight(row []fyne.CanvasObject) float32 {
	h := float32(0)
	for _, o := range row {
		h = max(h, o.MinSize().Height)
	}
	return h
}
