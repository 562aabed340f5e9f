package demotab

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/ui/widgets"
)

// runCard is the wiring the one-slot cards (CPU vs I/O, race, cost) share: a slot whose
// settings are locked while it runs, and, for cards that compare models, a sequence that runs
// every model in turn from one button.
type runCard struct {
	card    *widget.Card
	slot    *slot
	compare *sequence // nil on a card with nothing to compare
	// locked are the settings that may not change while the demo runs.
	locked []fyne.Disableable
	// onChange, when set, runs after the lock is applied: the card's own reaction.
	onChange func()
}

// newRunCard makes the slot of a one-slot card, locking the given settings while it runs.
func newRunCard(p *panel, demo, launchText string, locked ...fyne.Disableable) *runCard {
	r := &runCard{slot: newSlot(p, demo, launchText), locked: locked}
	r.slot.changed = r.changed
	return r
}

// compareAll adds the button that runs every model in turn; choose sets the card's model
// control to the model about to run.
func (r *runCard) compareAll(label string, models []string, choose func(string)) {
	r.compare = newSequence(r.slot.p, r.slot, label, models, choose)
}

// launching reports whether the sequence is starting a run, so the card can give that run the
// flags a sequence needs.
func (r *runCard) launching() bool { return r.compare != nil && r.compare.launching }

// buttons is the slot's buttons, with the sequence's after them.
func (r *runCard) buttons() fyne.CanvasObject {
	if r.compare == nil {
		return r.slot.buttons()
	}
	return r.slot.buttons(r.compare.button)
}

func (r *runCard) changed() {
	on := r.slot.running()
	for _, c := range r.locked {
		widgets.SetEnabled(c, !on)
	}
	if r.compare != nil {
		r.compare.changed()
	}
	if r.onChange != nil {
		r.onChange()
	}
}

// widget implements part of card.
func (r *runCard) widget() *widget.Card { return r.card }

// slots implements part of card.
func (r *runCard) slots() []*slot { return []*slot{r.slot} }
