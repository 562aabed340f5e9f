package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// newCoresTab builds the Cores tab (issue 4): a lane per core showing which thread ran where.
// Until it is written, a placeholder. It gets everything it needs from h; see doc.go.
func newCoresTab(h *hub) fyne.CanvasObject {
	return &widget.Label{Text: "Core lanes: which thread ran on which core (coming soon).", Alignment: fyne.TextAlignCenter}
}
