package cardmodel

// EventHold keeps a demo card's events while the view is frozen (Space), so the card's log,
// bars and grid hold still with the sampled views while a lecturer explains a moment. The
// demo itself runs on, and every event is kept: on release they are handed back, in the
// order they came, to be shown as if they had just arrived. The zero value is live.
type EventHold[T any] struct {
	held []T
	on   bool
}

// Take reports whether e may be shown now; while held it is kept instead.
func (h *EventHold[T]) Take(e T) bool {
	if !h.on {
		return true
	}
	h.held = append(h.held, e)
	return false
}

// Set holds (on) or releases the events. Releasing returns the events kept meanwhile, oldest
// first, which the caller shows in that order; holding returns none.
func (h *EventHold[T]) Set(on bool) []T {
	h.on = on
	if on {
		return nil
	}
	out := h.held
	h.held = nil
	return out
}

// Held is how many events wait to be shown.
func (h *EventHold[T]) Held() int { return len(h.held) }

// Holding reports whether events are held.
func (h *EventHold[T]) Holding() bool { return h.on }
