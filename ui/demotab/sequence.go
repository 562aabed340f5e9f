package demotab

import (
	"slices"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/ui/widgets"
)

// sequence runs a card's demo once for each of its models in turn, from one button, so the
// card's bars fill side by side without a lecturer switching the model and relaunching by hand.
// The next model starts when a run finishes by itself; a run that fails, a launch the launcher
// refuses, or the user's Stop ends the sequence where it is.
type sequence struct {
	slot   *slot
	models []string
	// choose sets the card's model control to the model about to run.
	choose func(model string)
	button *widget.Button
	// queue holds the models still to run; launching is true while the sequence starts one,
	// so the card can give that run the flags a sequence needs.
	queue     []string
	launching bool
	// post runs a function on the Fyne goroutine, later.
	post func(func())
}

// newSequence makes the sequence's button for slot. runCard calls changed from its
// slot's changed callback.
func newSequence(p *panel, sl *slot, label string, models []string, choose func(string)) *sequence {
	q := &sequence{slot: sl, models: models, choose: choose, post: p.post}
	q.button = &widget.Button{Text: label, Icon: theme.MediaFastForwardIcon(), OnTapped: q.start}
	return q
}

// start runs the first model; the others follow as each run finishes.
func (q *sequence) start() {
	if q.slot.running() || q.slot.p.readOnly {
		return
	}
	q.queue = slices.Clone(q.models)
	q.next()
}

// next launches the next model of the sequence.
func (q *sequence) next() {
	if len(q.queue) == 0 || q.slot.running() {
		return
	}
	model := q.queue[0]
	q.queue = q.queue[1:]
	q.choose(model)
	q.launching = true
	q.slot.launch()
	q.launching = false
	if !q.slot.running() {
		q.queue = nil // refused (over budget, say): the slot's status says why
	}
}

// changed follows the slot's start and end: the button is off while a run goes on, and a run
// that finished by itself makes way for the next model.
func (q *sequence) changed() {
	on := q.slot.running()
	widgets.SetEnabled(q.button, !on && !q.slot.p.readOnly)
	if on || len(q.queue) == 0 {
		return
	}
	if !q.slot.lastOK || q.slot.stopAsked {
		q.queue = nil // failed, or stopped by the user: a stop ends the sequence too
		return
	}
	// Posted, not called: the slot is still inside its own end-of-run handling.
	q.post(q.next)
}
