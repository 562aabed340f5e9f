package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// NewLineList returns a list showing, one monospace label each, the lines that lines returns
// when the list is drawn or refreshed; truncation says how a line too wide is cut. Only the
// labels in view exist, and each is set only when its line changed (SetText), so a long output
// or log costs what its visible part costs.
func NewLineList(lines func() []string, truncation fyne.TextTruncation) *widget.List {
	return widget.NewList(
		func() int { return len(lines()) },
		func() fyne.CanvasObject {
			return &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}, Truncation: truncation}
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if ls := lines(); id < len(ls) {
				SetText(o.(*widget.Label), ls[id])
			}
		})
}
