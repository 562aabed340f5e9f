package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// newDemosTab builds the Demos tab (issue 5): cards that launch teaching demos and show their
// events. Until it is written, a placeholder. It gets everything it needs from h; see doc.go.
func newDemosTab(h *hub) fyne.CanvasObject {
	return &widget.Label{Text: "Teaching demos (coming soon).", Alignment: fyne.TextAlignCenter}
}
