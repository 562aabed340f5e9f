package demotab

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/ui/widgets"
)

// compactCard is the layout of the cards that measure once and answer one claim (python,
// forkcow): settings and buttons on one row, then the evidence and the verdict, and the
// explanation under them. In presentation mode the subtitle and the desk-only lines (headings,
// notes) fold away, so that at 1280x720, under the window's header and tabs, the controls, the
// bars and the verdict all fit on the screen without scrolling.
type compactCard struct {
	subtitle string
	// desk are shown only outside presentation mode.
	desk []fyne.CanvasObject
}

// controls is one row: the card's settings, its Measure and Stop buttons, and the run's status
// taking the rest of the width.
func controls(settings fyne.CanvasObject, r *runCard) fyne.CanvasObject {
	return container.NewBorder(nil, nil,
		container.NewHBox(settings, widget.NewSeparator(), r.slot.launchBtn, r.slot.stopBtn), nil, r.slot.status)
}

// present implements presenter.
func (c *compactCard) present(card *widget.Card, on bool) {
	sub := c.subtitle
	if on {
		sub = ""
	}
	if card.Subtitle != sub {
		card.SetSubTitle(sub)
	}
	for _, o := range c.desk {
		widgets.SetVisible(o, !on)
	}
}
