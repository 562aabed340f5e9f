package lessonview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Reference size of the window the lesson's type is designed for; larger windows scale it up.
const (
	refWidth, refHeight = 1280, 720
	maxScale            = 2.0
)

// scaleFor is how much larger than the theme's the lesson's type is in a window of size s:
// 1 up to 1280x720, growing with the smaller of the two ratios (so nothing overflows the
// other way), at most maxScale.
func scaleFor(s fyne.Size) float32 {
	f := min(s.Width/refWidth, s.Height/refHeight)
	return min(max(f, 1), maxScale)
}

// scaledTheme is the window's theme with text and icons scale times larger: the lesson view
// runs under it through a theme override, the rest of the window keeps its sizes.
type scaledTheme struct {
	base  fyne.Theme
	scale float32
}

// Color implements fyne.Theme.
func (t *scaledTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.base.Color(n, v)
}

// Font implements fyne.Theme.
func (t *scaledTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base.Font(s) }

// Icon implements fyne.Theme.
func (t *scaledTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

// Size implements fyne.Theme: text sizes and icons scale, padding a little.
func (t *scaledTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.base.Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon:
		return s * t.scale
	case theme.SizeNamePadding, theme.SizeNameInnerPadding:
		return s * (1 + (t.scale-1)/2)
	}
	return s
}

// watchSize is a layout that lays out one object over the whole space and calls onSize when
// the space changes: the view rescales its type with the window.
type watchSize struct {
	last   fyne.Size
	onSize func(fyne.Size)
}

// Layout implements fyne.Layout.
func (w *watchSize) Layout(objs []fyne.CanvasObject, s fyne.Size) {
	for _, o := range objs {
		o.Resize(s)
		o.Move(fyne.NewPos(0, 0))
	}
	if s != w.last {
		w.last = s
		if w.onSize != nil {
			w.onSize(s)
		}
	}
}

// MinSize implements fyne.Layout: the view scrolls nothing and asks for little, so the window
// decides its size.
func (w *watchSize) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(320, 240) }
