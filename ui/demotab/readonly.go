package demotab

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/ui/demotab/cardmodel"
)

// A replay's cards are read-only: they show what a recording holds, and nothing on them may
// look as if it could start, steer or stop a demo. Launch and Stop are handled by the slot;
// everything else (settings, commands, the editor's typing field) is turned off here, and off
// again after anything that could have turned it on. About stays: it only shows text.

// readOnly turns a replayed card's controls off as it is built: it shows what ran then.
func readOnly(c card) {
	for _, s := range c.slots() {
		s.launchBtn.Disable()
		s.stopBtn.Disable()
		s.notify() // cards turn their own run buttons off (read-only)
		s.setStatus("Not run up to this moment of the recording.", widget.MediumImportance)
	}
}

// verdict is what a card's verdict line shows: the live text, or on a recording's read-only
// card the same without what it asks the user to do next (cardmodel.RecordedVerdict).
func (p *panel) verdict(v string) string {
	if p.readOnly {
		return cardmodel.RecordedVerdict(v)
	}
	return v
}

// lockControls disables every control of the built cards of a read-only panel but About; on
// a live panel it does nothing.
func (p *panel) lockControls() {
	if !p.readOnly {
		return
	}
	about := map[fyne.CanvasObject]bool{}
	for _, f := range p.frames {
		about[f.about] = true
	}
	for _, c := range p.cards {
		if c == nil {
			continue
		}
		for _, d := range controls(c.widget(), nil) {
			if !about[d.(fyne.CanvasObject)] && !d.Disabled() {
				d.Disable()
			}
		}
	}
}

// controls appends to dst every control under o: the widgets that can be turned off, found
// through the containers the cards are built of.
func controls(o fyne.CanvasObject, dst []fyne.Disableable) []fyne.Disableable {
	switch w := o.(type) {
	case nil:
		return dst
	case *fyne.Container:
		for _, x := range w.Objects {
			dst = controls(x, dst)
		}
		return dst
	case *widget.Card:
		return controls(w.Content, dst)
	case *container.Scroll:
		return controls(w.Content, dst)
	case *container.ThemeOverride:
		return controls(w.Content, dst)
	case *container.AppTabs:
		for _, it := range w.Items {
			dst = controls(it.Content, dst)
		}
		return dst
	}
	if d, ok := o.(fyne.Disableable); ok {
		dst = append(dst, d)
	}
	return dst
}
