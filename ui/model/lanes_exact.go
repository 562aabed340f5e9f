package model

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/trace"
)

// exactSlots is how many slots the lanes' window is cut into for the exact runs of a trace:
// about a pixel each on a wide screen. Each slot of a core goes to the traced thread that ran
// most in it, so the lanes cost the same however often the threads switched.
const exactSlots = 1200

// exactTrace is what the lanes keep of the exact trace the Timeline tab publishes.
type exactTrace struct {
	tr *trace.Trace
	// off is added to the trace's CLOCK_MONOTONIC times to put them on the samples' wall clock.
	off int64
	// pids are the traced processes (their sampled segments give way to the exact runs).
	pids map[int]bool
	// keys are the tasks' keys (PID or TID with start time) as the samples know them, so that
	// a tap on an exact stretch selects the process as a tap on a sampled one does.
	keys map[int]inspect.TaskKey
}

// MonoToWall is the offset from CLOCK_MONOTONIC (the clock of a trace) to the wall clock of the
// samples, in nanoseconds, now.
func MonoToWall() int64 {
	var ts unix.Timespec
	_ = unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts) // cannot fail on Linux
	return time.Now().UnixNano() - ts.Nano()
}

// SetTrace gives the lanes an exact trace (nil: none): where it is exact, the traced threads'
// runs replace what sampling said of them, and, for a trace of the whole machine, of every
// thread. monoToWall puts its times on the samples' clock (MonoToWall); s, the newest sample,
// names the tasks' keys. A trace that is sampled itself (perf refused) changes nothing.
func (m *LaneModel) SetTrace(tr *trace.Trace, monoToWall int64, s *inspect.Snapshot) {
	if tr == nil || tr.Source == trace.SourceSampled {
		m.exact = nil
		return
	}
	keys := map[int]inspect.TaskKey{}
	if m.exact != nil {
		keys = m.exact.keys // keys of tasks that have ended since stay known
	}
	pids := make(map[int]bool, len(tr.Processes))
	for i := range tr.Threads {
		th := &tr.Threads[i]
		pids[th.PID] = true
		if _, ok := keys[th.TID]; ok || s == nil {
			continue
		}
		if p, ok := s.Find(th.PID); ok {
			keys[th.PID] = p.Key()
			for j := range p.Threads {
				if p.Threads[j].TID == th.TID {
					keys[th.TID] = p.Threads[j].Key()
				}
			}
		}
	}
	m.exact = &exactTrace{tr: tr, off: monoToWall, pids: pids, keys: keys}
}

// ExactSpan is the stretch the lanes draw exactly, on the wall clock, and which trace; ok is
// false when there is none.
func (m *LaneModel) ExactSpan() (from, to time.Time, tr *trace.Trace, ok bool) {
	if m.exact == nil {
		return time.Time{}, time.Time{}, nil, false
	}
	e := m.exact
	return time.Unix(0, e.tr.StartNS+e.off), time.Unix(0, e.tr.EndNS+e.off), e.tr, true
}

// key is the sampled key of task id, or the ID alone when no sample saw it.
func (e *exactTrace) key(id int) inspect.TaskKey {
	if k, ok := e.keys[id]; ok {
		return k
	}
	return inspect.TaskKey{ID: id}
}

// spans are the stretches of core c inside [from, to] where the trace saw every switch: its
// span, less where records were lost on that core. Appended to dst, oldest first.
func (e *exactTrace) spans(c int, from, to time.Time, dst []LaneStretch) []LaneStretch {
	a := max(from.UnixNano(), e.tr.StartNS+e.off)
	b := min(to.UnixNano(), e.tr.EndNS+e.off)
	if a >= b {
		return dst
	}
	for _, l := range e.tr.LostSpans { // in time order per core, as the tracer appends them
		if l.Core != c || l.End+e.off <= a || l.Start+e.off >= b {
			continue
		}
		if l.Start+e.off > a {
			dst = append(dst, LaneStretch{From: time.Unix(0, a), To: time.Unix(0, l.Start+e.off)})
		}
		a = max(a, l.End+e.off)
	}
	if a < b {
		dst = append(dst, LaneStretch{From: time.Unix(0, a), To: time.Unix(0, b)})
	}
	return dst
}

// unknown are the stretches of core c inside [from, to] and the trace where a whole-machine
// trace lost records: there no thread's presence is known, and none is guessed. A trace of a
// program claims only its own threads, so there the samples stay and nothing is unknown.
func (e *exactTrace) unknown(c int, from, to time.Time, dst []LaneStretch) []LaneStretch {
	if e.tr.Source != trace.SourceTracepoint {
		return dst
	}
	a0 := max(from.UnixNano(), e.tr.StartNS+e.off)
	b0 := min(to.UnixNano(), e.tr.EndNS+e.off)
	for _, l := range e.tr.LostSpans {
		a, b := max(a0, l.Start+e.off), min(b0, l.End+e.off)
		if l.Core != c || a >= b {
			continue
		}
		dst = append(dst, LaneStretch{From: time.Unix(0, a), To: time.Unix(0, b)})
	}
	return dst
}

// cutUnknown removes from segs (sorted) what lies in the unknown stretches.
func (m *LaneModel) cutUnknown(segs []LaneSeg, unknown []LaneStretch) []LaneSeg {
	if len(unknown) == 0 {
		return segs
	}
	kept := m.scratch[:0]
	for _, s := range segs {
		kept = cutSpans(kept, s, unknown)
	}
	m.scratch = kept
	return append(segs[:0], kept...)
}

// LaneStretch is a stretch of time on a lane.
type LaneStretch struct{ From, To time.Time }

// gives reports whether a sampled segment gives way to the exact runs where they are known:
// all do for a trace of the whole machine, only the traced processes' for a trace of a program.
func (e *exactTrace) gives(s *LaneSeg) bool {
	return e.tr.Source == trace.SourceTracepoint || e.pids[s.Proc.ID]
}

// exactLane replaces, on core c's segments segs (sorted, disjoint), what sampling said of the
// traced threads inside the exact spans with their runs: every slot of the window on that core
// goes to the traced thread that ran most in it, with its share of the slot as its CPU. The
// exact segments cover the sampled segments of other threads where they overlap: a run seen
// by the kernel outweighs a guess from a sample. Returns the new segments, sorted.
func (m *LaneModel) exactLane(c int, from, to time.Time, segs []LaneSeg, spans []LaneStretch) []LaneSeg {
	e := m.exact
	if len(spans) == 0 {
		return segs
	}
	// Sampled segments of traced threads inside the exact spans go.
	kept := m.scratch[:0]
	for _, s := range segs {
		if !e.gives(&s) {
			kept = append(kept, s)
			continue
		}
		kept = cutSpans(kept, s, spans)
	}
	// Slots: the busiest traced thread of each, accumulated thread by thread.
	slot := to.Sub(from) / exactSlots
	if slot <= 0 {
		m.scratch = kept
		return append(segs[:0], kept...)
	}
	if cap(m.slotBest) < exactSlots {
		m.slotBest, m.slotNS = make([]int, exactSlots), make([]int64, exactSlots)
		m.slotThis = make([]int64, exactSlots)
	}
	best, bestNS, this := m.slotBest[:exactSlots], m.slotNS[:exactSlots], m.slotThis[:exactSlots]
	for i := range best {
		best[i], bestNS[i] = -1, 0
	}
	f0, sl := from.UnixNano(), int64(slot)
	for ti := range e.tr.Threads {
		th := &e.tr.Threads[ti]
		clear(this)
		ran := false
		for _, sp := range spans {
			a, b := sp.From.UnixNano()-e.off, sp.To.UnixNano()-e.off // trace clock
			k := sort.Search(len(th.Runs), func(i int) bool { return th.Runs[i].End > a })
			for ; k < len(th.Runs) && th.Runs[k].Start < b; k++ {
				r := th.Runs[k]
				if r.Core != c {
					continue
				}
				rs, re := max(r.Start, a)+e.off-f0, min(r.End, b)+e.off-f0
				for rs < re { // spread the run over the slots it touches
					i := rs / sl
					if i >= exactSlots {
						break
					}
					end := min(re, (i+1)*sl)
					this[i] += end - rs
					rs = end
					ran = true
				}
			}
		}
		if !ran {
			continue
		}
		for i, ns := range this {
			if ns > bestNS[i] || ns == bestNS[i] && ns > 0 && th.TID < e.tr.Threads[best[i]].TID {
				best[i], bestNS[i] = ti, ns
			}
		}
	}
	var exact []LaneSeg
	si := 0
	for i, ti := range best {
		if ti < 0 {
			continue
		}
		a := from.Add(time.Duration(int64(i) * sl))
		b := a.Add(slot)
		// The slot within the exact spans only: never past the trace's ends or into a loss.
		for si < len(spans) && !spans[si].To.After(a) {
			si++
		}
		var in time.Duration
		for k := si; k < len(spans) && spans[k].From.Before(b); k++ {
			in += minTime(b, spans[k].To).Sub(maxTime(a, spans[k].From))
		}
		// A thread that ran less than LaneMinShare of the slot claims it no more than a
		// sampled one would: the samples keep it.
		share := 100 * float64(bestNS[i]) / float64(max(in, 1))
		if share < LaneMinShare {
			continue
		}
		th := &e.tr.Threads[ti]
		s := LaneSeg{Proc: e.key(th.PID), ProcName: th.Process, Thread: e.key(th.TID),
			Name: th.Name, State: "R", CPU: share, Fine: true, Exact: true}
		for k := si; k < len(spans) && spans[k].From.Before(b); k++ {
			s.From, s.To = maxTime(a, spans[k].From), minTime(b, spans[k].To)
			exact = appendSeg(exact, s)
		}
	}
	// Sampled segments give way where an exact one lies.
	out := segs[:0]
	ei := 0
	for _, s := range kept {
		for ei < len(exact) && !exact[ei].To.After(s.From) {
			ei++
		}
		for k := ei; k < len(exact) && exact[k].From.Before(s.To); k++ {
			if exact[k].From.After(s.From) {
				piece := s
				piece.To = exact[k].From
				out = append(out, piece)
			}
			if exact[k].To.After(s.From) {
				s.From = exact[k].To
			}
		}
		if s.To.After(s.From) {
			out = append(out, s)
		}
	}
	m.scratch = kept
	out = append(out, exact...)
	slices.SortFunc(out, func(a, b LaneSeg) int { return a.From.Compare(b.From) })
	return out
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// cutSpans appends to dst the parts of s outside the spans (sorted, disjoint).
func cutSpans(dst []LaneSeg, s LaneSeg, spans []LaneStretch) []LaneSeg {
	for _, sp := range spans {
		if !sp.To.After(s.From) || !sp.From.Before(s.To) {
			continue
		}
		if sp.From.After(s.From) {
			piece := s
			piece.To = sp.From
			dst = append(dst, piece)
		}
		s.From = sp.To
		if !s.To.After(s.From) {
			return dst
		}
	}
	return append(dst, s)
}

// ExactNote says which lanes and stretches are exact, for the Cores tab's caption: "" when
// nothing is traced exactly.
func (m *LaneModel) ExactNote() string {
	e := m.exact
	if e == nil {
		return ""
	}
	lost := ""
	if len(e.tr.LostSpans) > 0 || e.tr.Lost > 0 {
		lost = fmt.Sprintf(", not where %d records were lost", e.tr.Lost)
	}
	if e.tr.Source == trace.SourceTracepoint {
		unknown := ""
		if lost != "" {
			unknown = fmt.Sprintf(" %d records were lost: those stretches are unknown (grey), not guessed.", e.tr.Lost)
		}
		return "Exact (whole machine): every switch on every core since the trace began (underlined)." + unknown
	}
	what := "every thread"
	if len(e.tr.Processes) > 0 {
		// The program is named by its first process; its others (a shell it ran, children
		// it forked) are counted: a long list would push the lanes down.
		first := e.tr.Processes[0]
		for _, p := range e.tr.Processes[1:] {
			if p.PID < first.PID {
				first = p
			}
		}
		what = fmt.Sprintf("%s (%d)", first.Name, first.PID)
		if n := len(e.tr.Processes) - 1; n > 0 {
			what += " and " + Plural(n, "more process", "more processes")
		}
	}
	return fmt.Sprintf("Exact, every switch (underlined%s): %s.", lost, what)
}
