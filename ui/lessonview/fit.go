package lessonview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// Bounds of the evidence's type, as a multiple of the theme's: smaller than the window's own
// only when nothing larger fits, at most as large as the step's key figures.
const (
	evidenceMinScale = 0.6
	evidenceMaxScale = 2.4
	evidenceStep     = 0.1
)

// fitted shows obj (a demo card's evidence) as large as the space beside the step's words
// allows: its type grows until the next step up would no longer fit, so bars and tab cells
// fill the step at 1280x720 and at 1920x1080 alike.
func (v *View) fitted(obj fyne.CanvasObject) fyne.CanvasObject {
	th := &scaledTheme{base: v.theme.base, scale: v.theme.scale}
	over := container.NewThemeOverride(obj, th)
	return container.New(&fitScale{th: th, over: over, lo: v.theme.scale * evidenceMinScale, hi: v.theme.scale * evidenceMaxScale}, over)
}

// fitScale lays out one theme override over the whole space, with the largest scale of its
// theme (from hi down to lo) at which the override's content fits.
type fitScale struct {
	th     *scaledTheme
	over   *container.ThemeOverride
	lo, hi float32
	last   fyne.Size
}

// Layout implements fyne.Layout.
func (f *fitScale) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if size != f.last && size.Width > 0 && size.Height > 0 {
		f.last = size
		for s := f.hi; ; s -= evidenceStep {
			if s < f.lo {
				s = f.lo
			}
			f.th.scale = s
			f.over.Refresh()
			// A little room is kept free: words that touch both edges read as cut, and a
			// wrapped heading reports the height of one line until it is laid out.
			if m := f.over.MinSize(); s == f.lo || m.Width <= size.Width*(1-growRoom) && m.Height <= size.Height*(1-growRoom) {
				break
			}
		}
	}
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize implements fyne.Layout: the evidence takes what room the step leaves it.
func (f *fitScale) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(200, 120) }

// growRoom is the share of the evidence's width and height its type leaves free.
const growRoom = 0.1

// evidenceShare is the evidence's share of the step's width when the words beside it need
// no more than the rest (see fitWords).
const evidenceShare = 0.53
