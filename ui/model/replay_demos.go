package model

import (
	"time"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/record"
)

// DemoCursor walks a recording's demo events as the replay's time moves: moving forward it
// hands out only the events not yet shown; moving back it says the cards must be cleared and
// hands out every event up to the new time again, since a card's view is built from its events
// in order and cannot be taken back one at a time.
type DemoCursor struct {
	events []record.DemoEvent
	shown  int // events[:shown] are on the cards
}

// NewDemoCursor returns a cursor over events, which must be in time order (as
// record.Reader.DemoEvents gives them).
func NewDemoCursor(events []record.DemoEvent) *DemoCursor { return &DemoCursor{events: events} }

// Len is how many demo events the recording holds.
func (c *DemoCursor) Len() int { return len(c.events) }

// MoveTo returns what to do to show the cards as they were at t: whether to clear them first,
// and the events to apply, in order.
func (c *DemoCursor) MoveTo(t time.Time) (clear bool, apply []record.DemoEvent) {
	n := 0
	for n < len(c.events) && !c.events[n].At.After(t) {
		n++
	}
	if n < c.shown {
		c.shown = n
		return true, c.events[:n]
	}
	apply = c.events[c.shown:n]
	c.shown = n
	return false, apply
}

// DemoEvents returns the demo events recorded with the samples (none for a recording made
// before the window recorded them, or from the command line).
func (p *Replay) DemoEvents() []record.DemoEvent { return p.demoEvents }

// RecordDemoEvent is how a card of the Demos tab reports an event it received (or, with
// Kind record.DemoLaunch, a launch), so that a recording made meanwhile holds it.
func (st *State) RecordDemoEvent(card string, slot int, e demos.Event) {
	st.demoEventSubs.emit(record.DemoEvent{Card: card, Slot: slot, At: time.Now(), Event: e})
}

// OnDemoEvent calls fn with every event RecordDemoEvent reports; the window's recorder
// listens.
func (st *State) OnDemoEvent(fn func(record.DemoEvent)) { st.demoEventSubs.add(fn) }

// AppendDemoEvent records one demo card event. After an error, or once stopped, it does nothing.
func (r *Recorder) AppendDemoEvent(e record.DemoEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.w == nil || r.err != nil || !r.stopped.IsZero() {
		return
	}
	if err := r.w.AppendDemoEvent(e); err != nil && r.w.Err() != nil {
		r.err = err
		r.closeLocked()
	}
}

// DemoLaunch is the kind of event a card records when it launches a run (record.DemoLaunch).
const DemoLaunch = record.DemoLaunch
