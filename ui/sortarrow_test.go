package ui

import (
	"image"
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// TestSortArrowDrawnOnOneColumn sorts by five columns in turn, by tapping their drawn headers
// and by the window's sort action (there is no sort menu), on a desk and in presentation mode,
// and reads the drawn window: only the sorted column's header has an icon, and only its
// icon's square has an arrow painted in it (a header's state could say "no icon" while a
// stale image is still drawn).
func TestSortArrowDrawnOnOneColumn(t *testing.T) {
	for _, present := range []bool{false, true} {
		m, src := newTestWindow(t, options{presentation: present})
		step(m, src, fixture(t0, [3]float64{30, 5, 1}))
		sorts := []struct {
			col model.Column
			tap bool
		}{{model.ColPID, true}, {model.ColName, true}, {model.ColRSS, false}, {model.ColState, true}, {model.ColCPU, false}}
		for _, s := range sorts {
			if s.tap {
				tapHeader(t, m, s.col)
			} else {
				m.sortBy(s.col)
				drain(m)
			}
			for _, h := range drawnHeaders(m) {
				if h.Visible() && h.Size().Width > 0 && h.HasIcon() != (h.Col == int(s.col)) {
					t.Errorf("presentation %v, sorted by %s: column %d has an icon: %v", present, model.ColumnTitles[s.col], h.Col, h.HasIcon())
				}
			}
			// The drawing may lag the widgets on a loaded machine (once, no arrow was drawn
			// at all in a full run): look again for a while before calling it wrong.
			var painted []int
			for try := 0; try < 30; try++ {
				painted = paintedArrows(m)
				if len(painted) == 1 && painted[0] == int(s.col) {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if len(painted) != 1 || painted[0] != int(s.col) {
				t.Errorf("presentation %v, sorted by %s: arrows drawn on columns %v", present, model.ColumnTitles[s.col], painted)
			}
		}
	}
}

// paintedArrows draws the window and lists the columns whose header has an arrow painted.
func paintedArrows(m *mainWindow) []int {
	img := m.win.Canvas().Capture()
	var painted []int
	for _, h := range drawnHeaders(m) {
		if h.Visible() && h.Size().Width > 0 && iconPainted(img, m.win.Canvas().Scale(), h) {
			painted = append(painted, h.Col)
		}
	}
	return painted
}

// iconPainted reports whether the icon's square of header h shows anything but the header's
// background: an arrow.
func iconPainted(img image.Image, scale float32, h *widgets.HeaderCell) bool {
	icon := test.WidgetRenderer(h).Objects()[1] // title, icon (the table draws the background)
	// From the header's place: the driver places no hidden object, and an arrow hidden is
	// what most headers have.
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(h).Add(icon.Position())
	size := h.Theme().Size(theme.SizeNameInlineIcon)
	bg := h.Theme().Color(theme.ColorNameHeaderBackground, fyne.CurrentApp().Settings().ThemeVariant())
	r := image.Rect(int(pos.X*scale)+1, int(pos.Y*scale)+1, int((pos.X+size)*scale)-1, int((pos.Y+size)*scale)-1).Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !near(img.At(x, y), bg) {
				return true
			}
		}
	}
	return false
}

func near(a, b color.Color) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) uint32 {
		if x > y {
			return x - y
		}
		return y - x
	}
	return d(ar, br)+d(ag, bg)+d(ab, bb) < 3*0x0800
}
