package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/ui/demotab"
)

// projectorSizes are the screens presentation mode must fit.
var projectorSizes = []fyne.Size{{Width: 1280, Height: 720}, {Width: 1920, Height: 1080}}

// TestPresentationFitsProjector opens every tab and every demo card in presentation mode on a
// 1280x720 and a 1920x1080 screen and compares what is laid out with the canvas: the window's
// content must not need more than the screen (a wider minimum is what made the window wider
// than the screen), nothing shown may reach past its right or bottom edge, a demo card must
// fit its tab without scrolling (its evidence would be below the fold), and every demo log
// must show at least eight lines.
func TestPresentationFitsProjector(t *testing.T) {
	places := []string{"processes", "cores"}
	for _, c := range demotab.CardNames() {
		places = append(places, "demos/"+c)
	}
	// Back on the Processes tab after the cards: a card's width must not stay with the window.
	places = append(places, "claims", "processes")
	for _, size := range projectorSizes {
		m, src := newTestWindow(t, options{presentation: true})
		m.win.Resize(size)
		step(m, src, fixture(t0, [3]float64{30, 5, 1}))
		for _, place := range places {
			t.Run(fmt.Sprintf("%vx%v/%s", size.Width, size.Height, place), func(t *testing.T) {
				m.openPlace(place)
				relayout(m, size)
				checkFits(t, m, size)
			})
		}
	}
}

// TestPresentationFitsFleet does the same for the Fleet tab, in a window with --prometheus (a
// Prometheus that does not answer: its tool row and status line must fit).
func TestPresentationFitsFleet(t *testing.T) {
	for _, size := range projectorSizes {
		m, src := newTestWindow(t, options{presentation: true, prometheus: silentPrometheus(t)})
		fleetSettled(t, m)
		m.win.Resize(size)
		step(m, src, fixture(t0, [3]float64{30, 5, 1}))
		t.Run(fmt.Sprintf("%vx%v/fleet", size.Width, size.Height), func(t *testing.T) {
			m.openPlace("fleet")
			relayout(m, size)
			checkFits(t, m, size)
		})
	}
}

// openPlace shows a tab, or demos/CARD, as --tab does.
func (m *mainWindow) openPlace(place string) {
	args := []string{"--tab", place}
	if c := m.st.Fleet(); c != nil {
		args = append(args, "--prometheus", c.URL())
	}
	o, err := parseFlags(args, new(discard))
	if err != nil {
		panic(err)
	}
	m.selectTab(o.tab)
	if o.card != "" {
		m.demoTab().ShowCard(o.card)
	}
}

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }

func checkFits(t *testing.T, m *mainWindow, size fyne.Size) {
	t.Helper()
	c := m.win.Canvas()
	if got := m.win.Content().MinSize(); got.Width > size.Width+0.5 || got.Height > size.Height+0.5 {
		t.Errorf("content needs %vx%v, the screen is %vx%v", got.Width, got.Height, size.Width, size.Height)
	}
	if cs := c.Size(); cs.Width > size.Width+0.5 || cs.Height > size.Height+0.5 {
		t.Errorf("canvas is %vx%v on a %vx%v screen", cs.Width, cs.Height, size.Width, size.Height)
	}
	drv := fyne.CurrentApp().Driver()
	mono := fyne.TextStyle{Monospace: true}
	logs := 0
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		pos := drv.AbsolutePositionForObject(o)
		end := pos.Add(fyne.NewPos(o.Size().Width, o.Size().Height))
		switch o.(type) {
		case *widget.Button, *widget.Select, *widget.Slider, *widget.Check, *widget.Entry, *widget.List:
			if end.X > size.Width+1 || end.Y > size.Height+1 {
				t.Errorf("%T %q reaches %v,%v, past the %vx%v screen", o, textOf(o), end.X, end.Y, size.Width, size.Height)
			}
		}
		switch w := o.(type) {
		case *container.Scroll:
			content := w.Content
			if o, ok := content.(*container.ThemeOverride); ok {
				content = o.Content // a demo card, drawn flat
			}
			if card, ok := content.(*widget.Card); ok && card.Content.MinSize().Height > w.Size().Height+0.5 &&
				card.MinSize().Height > w.Size().Height+0.5 {
				t.Errorf("card needs %v of height, its tab has %v: the rest is below the fold", card.MinSize().Height, w.Size().Height)
			}
			walk(w.Content)
			return
		case *widget.List:
			if m.tabs.Selected().Text != "Demos" {
				break // on the Demos tab, the only lists are the demos' logs
			}
			logs++
			// Presentation mode's log has larger type and keeps six lines in view (demotab/log.go).
			want := float32(8)
			if w.Theme().Size(theme.SizeNameText) > theme.DefaultTheme().Size(theme.SizeNameText)*1.1 {
				want = 6
			}
			if line := fyne.MeasureText("M", w.Theme().Size(theme.SizeNameText), mono).Height; w.Size().Height < want*line {
				t.Errorf("a log shows %.1f lines, want at least %v", w.Size().Height/line, want)
			}
		case fyne.Widget:
			for _, child := range test.WidgetRenderer(w).Objects() {
				walk(child)
			}
		case *fyne.Container:
			for _, child := range w.Objects {
				walk(child)
			}
		}
	}
	walk(m.win.Content())
	if m.tabs.Selected().Text == "Processes" {
		// Every column of the table within its width: RSS not cut off on the right.
		var sum float32
		for _, w := range m.table.Applied {
			sum += w
		}
		if tw := m.table.Size().Width; sum > tw+0.5 {
			t.Errorf("the table's columns need %v, it is %v wide", sum, tw)
		}
	}
	if m.tabs.Selected().Text == "Demos" && logs == 0 {
		t.Error("no demo log on screen")
	}
}

// textOf is what a control says, for messages.
func textOf(o fyne.CanvasObject) string {
	switch w := o.(type) {
	case *widget.Button:
		return w.Text
	case *widget.Select:
		return w.Selected
	case *widget.Check:
		return w.Text
	}
	return ""
}

// relayout lays the whole window out again at size, as the GL driver does on its next frame:
// the test driver lays out only what was resized, and the header grows its meters after the
// first sample.
func relayout(m *mainWindow, size fyne.Size) {
	m.win.Resize(size.AddWidthHeight(1, 1))
	m.win.Resize(size)
}
