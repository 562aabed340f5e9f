package model

import (
	"time"

	"github.com/taskscope/taskscope/inspect"
)

const (
	// HistorySpan is how far back a frozen display can be scrubbed.
	HistorySpan = 2 * time.Minute
	// HistoryStep is the least time between kept samples. At a 0.5 s refresh, keeping every
	// sample would double the memory held for scrubbing, with a 5,000-thread snapshot near
	// half a megabyte, for a difference nobody sees on a two-minute slider.
	HistoryStep = 900 * time.Millisecond
)

// History is the ring of recent snapshots kept for freeze and scrub-back. It is trimmed by
// age, not by count or by any widget's width. Only the UI goroutine uses it.
type History struct {
	span, step time.Duration
	snaps      []*inspect.Snapshot // oldest first
	// pending is the newest sample when it came sooner than step after the last kept one;
	// it is kept only until the next sample, so the newest is always reachable.
	pending *inspect.Snapshot
}

// NewHistory returns an empty ring keeping span of samples at least step apart.
func NewHistory(span, step time.Duration) *History {
	return &History{span: span, step: step}
}

// Push adds a new sample and drops those older than span before it.
func (h *History) Push(s *inspect.Snapshot) {
	if n := len(h.snaps); n > 0 && s.Taken.Sub(h.snaps[n-1].Taken) < h.step {
		h.pending = s
		return
	}
	h.pending = nil
	cut := 0
	for cut < len(h.snaps) && s.Taken.Sub(h.snaps[cut].Taken) > h.span {
		cut++
	}
	// Shift in place rather than reslicing forward, so the backing array does not grow
	// without bound as the ring turns.
	h.snaps = shiftOut(h.snaps, cut)
	h.snaps = append(h.snaps, s)
}

// Len is the number of reachable samples.
func (h *History) Len() int {
	if h.pending != nil {
		return len(h.snaps) + 1
	}
	return len(h.snaps)
}

// At returns the i-th reachable sample, oldest first (nil out of range).
func (h *History) At(i int) *inspect.Snapshot {
	if i < 0 || i >= h.Len() {
		return nil
	}
	if i == len(h.snaps) {
		return h.pending
	}
	return h.snaps[i]
}

// Index returns the position of s in the ring, or -1.
func (h *History) Index(s *inspect.Snapshot) int {
	for i := h.Len() - 1; i >= 0; i-- {
		if h.At(i) == s {
			return i
		}
	}
	return -1
}

// Since returns the samples taken within d before the newest, oldest first.
func (h *History) Since(d time.Duration) []*inspect.Snapshot {
	n := h.Len()
	if n == 0 {
		return nil
	}
	newest := h.At(n - 1).Taken
	var out []*inspect.Snapshot
	for i := 0; i < n; i++ {
		if s := h.At(i); newest.Sub(s.Taken) <= d {
			out = append(out, s)
		}
	}
	return out
}

// shiftOut drops the first k elements in place, so the backing array is reused as a ring turns.
func shiftOut[T any](s []T, k int) []T {
	if k == 0 {
		return s
	}
	n := copy(s, s[k:])
	clear(s[n:])
	return s[:n]
}
