package ui

import (
	"time"

	"github.com/taskscope/taskscope/inspect"
)

const (
	// historySpan is how far back a frozen display can be scrubbed.
	historySpan = 2 * time.Minute
	// historyStep is the least time between kept samples. At a 0.5 s refresh, keeping every
	// sample would double the memory held for scrubbing, with a 5,000-thread snapshot near
	// half a megabyte, for a difference nobody sees on a two-minute slider.
	historyStep = 900 * time.Millisecond
)

// history is the ring of recent snapshots kept on the UI side for freeze and scrub-back.
// It is trimmed by age, not by count or by any widget's width. Only the Fyne goroutine uses it.
type history struct {
	span, step time.Duration
	snaps      []*inspect.Snapshot // oldest first
	// pending is the newest sample when it came sooner than step after the last kept one;
	// it is kept only until the next sample, so the newest is always reachable.
	pending *inspect.Snapshot
}

func newHistory(span, step time.Duration) *history {
	return &history{span: span, step: step}
}

// push adds a new sample and drops those older than span before it.
func (h *history) push(s *inspect.Snapshot) {
	if n := len(h.snaps); n > 0 && s.Taken.Sub(h.snaps[n-1].Taken) < h.step {
		h.pending = s
		return
	}
	h.pending = nil
	cut := 0
	for cut < len(h.snaps) && s.Taken.Sub(h.snaps[cut].Taken) > h.span {
		cut++
	}
	if cut > 0 {
		// Shift in place rather than reslicing forward, so the backing array does not grow
		// without bound as the ring turns.
		n := copy(h.snaps, h.snaps[cut:])
		clear(h.snaps[n:])
		h.snaps = h.snaps[:n]
	}
	h.snaps = append(h.snaps, s)
}

// len is the number of reachable samples.
func (h *history) len() int {
	if h.pending != nil {
		return len(h.snaps) + 1
	}
	return len(h.snaps)
}

// at returns the i-th reachable sample, oldest first.
func (h *history) at(i int) *inspect.Snapshot {
	if i < 0 || i >= h.len() {
		return nil
	}
	if i == len(h.snaps) {
		return h.pending
	}
	return h.snaps[i]
}

// since returns the samples taken within d before the newest, oldest first.
func (h *history) since(d time.Duration) []*inspect.Snapshot {
	n := h.len()
	if n == 0 {
		return nil
	}
	newest := h.at(n - 1).Taken
	var out []*inspect.Snapshot
	for i := 0; i < n; i++ {
		if s := h.at(i); newest.Sub(s.Taken) <= d {
			out = append(out, s)
		}
	}
	return out
}
