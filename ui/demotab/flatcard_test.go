package demotab

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestCardsDrawNoBackground: every card's own background and shadow, which matched the window
// yet were the costliest thing on the Demos tab to shade, are drawn in no colour (so Fyne
// skips them), while the card's text keeps the theme's colours.
func TestCardsDrawNoBackground(t *testing.T) {
	p := newTestPanel(t)
	for i, s := range p.scrolls {
		card := scrolledCard(s)
		if card == nil {
			t.Fatalf("sub-tab %d scrolls no card", i)
		}
		bg, ok := test.WidgetRenderer(card).Objects()[0].(*canvas.Rectangle)
		if !ok {
			t.Fatalf("%q: the card's first object is not its background", card.Title)
		}
		if bg.FillColor != color.Transparent || bg.Shadow.Color != color.Transparent {
			t.Errorf("%q: background %v, shadow %v: drawn", card.Title, bg.FillColor, bg.Shadow.Color)
		}
		if got := card.Theme().Color(theme.ColorNameForeground, 0); got == color.Transparent {
			t.Errorf("%q: the card's text colour is transparent too", card.Title)
		}
	}
}
