package model

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// LaneRow is one lane as the view draws it.
type LaneRow struct {
	Core  int
	Segs  []LaneSeg // disjoint, oldest first
	Ticks []LaneTick
	// Runs group adjacent segments of one process, for the names written on the lane.
	Runs []LaneRun
	// Exact are the stretches of the lane drawn from an exact trace (see LaneModel.SetTrace):
	// the traced threads' runs there are every switch the kernel reported; the rest is sampled.
	Exact []LaneStretch
	// Unknown are the stretches of a whole-machine trace where this core's records were lost:
	// nothing is drawn there, not even the samples, since the trace claims the whole lane.
	Unknown []LaneStretch
}

// LaneRun is a stretch of a lane where one process held the core sample after sample (but for
// breaks shorter than laneBridge), though its threads may have taken turns. The lane writes one
// name over it, not one per segment: when a process's threads alternate, each segment is a
// tenth of a second wide, far too narrow for a name, while the run is seconds long. The
// segments under the run stay apart, so a tap still tells exactly which thread held the tapped
// sample.
type LaneRun struct {
	From, To time.Time
	Proc     inspect.TaskKey
	// Name is the thread that held the most of the run; Others counts the other threads of
	// the process that held some of it.
	Name   string
	Others int
	Fine   bool // every segment of the run is from the watch
	// Self is true for a run of Taskscope's own threads.
	Self bool
}

// Label is what the lane writes over the run: "worker-0", or "worker-0 +2" when two other
// threads of its process held parts of it.
func (r LaneRun) Label() string {
	name := r.Name
	if r.Self {
		name += SelfMark
	}
	if r.Others == 0 {
		return name
	}
	return name + " +" + strconv.Itoa(r.Others)
}

// RunsOf groups segs (disjoint, oldest first) into runs of one process, appending to dst. A run
// goes on across interruptions (idle samples, or another process's segments) shorter than
// laneBridge in all: on a loaded machine a busy worker misses a sample now and then, and a run
// cut at every miss would never be wide enough for a name. Those interruptions keep their own
// segments (drawn, and found by a tap); they only get no name of their own, being far too narrow
// for one.
func RunsOf(segs []LaneSeg, dst []LaneRun, self int) []LaneRun {
	type held struct {
		thread inspect.TaskKey
		name   string
		d      time.Duration
	}
	var hold [8]held
	threads := hold[:0]
	for i := 0; i < len(segs); {
		cur := LaneRun{From: segs[i].From, To: segs[i].To, Proc: segs[i].Proc, Fine: true, Self: self != 0 && segs[i].Proc.ID == self}
		threads = threads[:0]
		for {
			s := &segs[i]
			cur.To, cur.Fine = s.To, cur.Fine && s.Fine
			k := slices.IndexFunc(threads, func(h held) bool { return h.thread == s.Thread })
			if k < 0 {
				threads = append(threads, held{thread: s.Thread, name: s.Name})
				k = len(threads) - 1
			}
			threads[k].d += s.To.Sub(s.From)
			// The process's next segment, past interruptions shorter than laneBridge.
			next := i + 1
			for next < len(segs) && segs[next].Proc != cur.Proc && segs[next].From.Sub(cur.To) <= laneBridge {
				next++
			}
			if next >= len(segs) || segs[next].Proc != cur.Proc || segs[next].From.Sub(cur.To) > laneBridge {
				i++ // the run ends; the next starts with the first segment after it
				break
			}
			i = next
		}
		best := 0
		for j := range threads {
			if threads[j].d > threads[best].d {
				best = j
			}
		}
		cur.Name, cur.Others = threads[best].name, len(threads)-1
		dst = append(dst, cur)
	}
	return dst
}

// Window returns the lanes between from and to: watch segments, and refresh segments where the
// watch had nothing on that core. Segments are clipped to the window; rows reuse dst's slices.
func (m *LaneModel) Window(from, to time.Time, dst []LaneRow) []LaneRow {
	dst = dst[:0]
	for c := range m.coarse {
		var r LaneRow
		if c < cap(dst) {
			r = dst[:c+1][c]
		}
		r.Core, r.Segs, r.Ticks, r.Runs, r.Exact = c, r.Segs[:0], r.Ticks[:0], r.Runs[:0], r.Exact[:0]
		r.Unknown = r.Unknown[:0]
		fine := m.fine[c]
		fi := 0
		for _, s := range m.coarse[c] {
			s, ok := clip(s, from, to)
			if !ok {
				continue
			}
			// Cut out of s every stretch a watch segment covers.
			for fi < len(fine) && !fine[fi].To.After(s.From) {
				fi++
			}
			for k := fi; k < len(fine) && fine[k].From.Before(s.To); k++ {
				if fine[k].From.After(s.From) {
					piece := s
					piece.To = fine[k].From
					r.Segs = append(r.Segs, piece)
				}
				if fine[k].To.After(s.From) {
					s.From = fine[k].To
				}
			}
			if s.To.After(s.From) {
				r.Segs = append(r.Segs, s)
			}
		}
		for _, s := range fine {
			if s, ok := clip(s, from, to); ok {
				r.Segs = append(r.Segs, s)
			}
		}
		slices.SortFunc(r.Segs, func(a, b LaneSeg) int { return a.From.Compare(b.From) })
		if m.exact != nil {
			r.Exact = m.exact.spans(c, from, to, r.Exact)
			r.Segs = m.exactLane(c, from, to, r.Segs, r.Exact)
			r.Unknown = m.exact.unknown(c, from, to, r.Unknown)
			r.Segs = m.cutUnknown(r.Segs, r.Unknown)
		}
		r.Runs = RunsOf(r.Segs, r.Runs, m.Self)
		for _, t := range m.ticks[c] {
			if !t.At.Before(from) && !t.At.After(to) {
				r.Ticks = append(r.Ticks, t)
			}
		}
		dst = append(dst, r)
	}
	return dst
}

// clip cuts s to [from, to]; ok is false when nothing is left.
func clip(s LaneSeg, from, to time.Time) (LaneSeg, bool) {
	if s.From.Before(from) {
		s.From = from
	}
	if s.To.After(to) {
		s.To = to
	}
	return s, s.To.After(s.From)
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// WatchedThreads returns the threads the newest watch sample saw: those that have been busy
// first, then those named apart from their process, each group by process then TID, so lines
// do not jump as load changes.
func (m *LaneModel) WatchedThreads() []ThreadTrack {
	var out []ThreadTrack
	for _, tr := range m.tracks {
		if tr.LastSeen.Equal(m.lastFine) {
			out = append(out, *tr)
		}
	}
	// Threads that did run first, then those with names of their own (a demo's tab-3 or
	// worker-0, rather than the runtime helpers that carry the process's name), then by PID, TID.
	named := func(t ThreadTrack) int { return b2i(t.Name != t.ProcName) }
	slices.SortFunc(out, func(a, b ThreadTrack) int {
		return cmp.Or(cmp.Compare(b2i(b.Busy), b2i(a.Busy)), cmp.Compare(named(b), named(a)),
			cmp.Compare(a.Proc.ID, b.Proc.ID), cmp.Compare(a.Key.ID, b.Key.ID))
	})
	return out
}
