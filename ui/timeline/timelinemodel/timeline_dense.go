package timelinemodel

import (
	"sort"

	"github.com/taskscope/taskscope/trace"
)

// TimelineBuilder lays out timelines and keeps, for each thread, the running sums of its run
// times, so that a window holding far more runs than pixels is summarised pixel by pixel in
// O(pixels × log runs) instead of walking every run. A Tracer's runs only grow, and later
// traces share them, so the sums are extended, not rebuilt, from one redraw to the next. Not
// safe for concurrent use: the Timeline tab has one.
type TimelineBuilder struct {
	sums map[int]*runSums
}

// runSums is cum[i] = the run time of runs[:i], for the run slice starting at first.
type runSums struct {
	first *trace.Run
	cum   []int64
}

// NewTimelineBuilder returns a builder with nothing cached.
func NewTimelineBuilder() *TimelineBuilder { return &TimelineBuilder{sums: map[int]*runSums{}} }

// Build lays out the view v of tr for a plot width pixels wide (see BuildTimeline).
func (b *TimelineBuilder) Build(tr *trace.Trace, v TimelineView, width float32) *Timeline {
	return buildTimeline(tr, v, width, b)
}

// sumsOf returns the running sums for th's runs, extended to cover them all.
func (b *TimelineBuilder) sumsOf(th *trace.Thread) []int64 {
	s := b.sums[th.TID]
	if s == nil || len(th.Runs) == 0 || s.first != &th.Runs[0] || len(s.cum) > len(th.Runs)+1 {
		s = &runSums{cum: []int64{0}}
		if len(th.Runs) > 0 {
			s.first = &th.Runs[0]
		}
		b.sums[th.TID] = s
	}
	for i := len(s.cum) - 1; i < len(th.Runs); i++ {
		s.cum = append(s.cum, s.cum[i]+th.Runs[i].Len())
	}
	return s.cum
}

// denseRow summarises th's runs in [tl.Start, tl.End) per pixel column: the share of the
// column spent running, the core of the last run in it, and, when it ran less than half the
// column, the state it was last left in. Columns that look the same are joined.
func (tl *Timeline) denseRow(th *trace.Thread, cum []int64, from, until int64) []TimelineSeg {
	runs := th.Runs
	w := int(tl.Width)
	span := float64(tl.End - tl.Start)
	var segs []TimelineSeg
	// runTime is the run time inside [a, b). Columns go left to right, so each search starts
	// where the last one ended and gallops from there.
	i, j := 0, 0
	runTime := func(a, b int64) (ns int64, last int) {
		i = gallop(i, len(runs), func(k int) bool { return runs[k].End > a })
		j = gallop(max(i, j), len(runs), func(k int) bool { return runs[k].Start >= b })
		if j <= i {
			return 0, i - 1
		}
		ns = cum[j] - cum[i]
		if runs[i].Start < a {
			ns -= a - runs[i].Start
		}
		if runs[j-1].End > b {
			ns -= runs[j-1].End - b
		}
		return ns, j - 1
	}
	for px := 0; px < w; px++ {
		a := tl.Start + int64(float64(px)/float64(w)*span)
		b := tl.Start + int64(float64(px+1)/float64(w)*span)
		a, b = max(a, from), min(b, until)
		if b <= a {
			continue
		}
		ns, last := runTime(a, b)
		share := float32(float64(ns) / float64(b-a))
		seg := TimelineSeg{X0: float32(px), X1: float32(px + 1), Start: a, End: b, RunShare: share}
		switch {
		case last >= 0 && share >= 0.5:
			seg.State, seg.Core = trace.StateRunning, runs[last].Core
		case last >= 0 && runs[last].End <= b:
			seg.State, seg.Core = runs[last].After, runs[last].Core
		case last >= 0:
			seg.State, seg.Core = trace.StateRunning, runs[last].Core
		default:
			seg.State = th.Before
		}
		seg.Mixed = share > 0 && share < 1
		// Join a column to the last when they look alike (state, core, share to a tenth).
		if n := len(segs); n > 0 {
			p := &segs[n-1]
			if p.X1 == seg.X0 && p.State == seg.State && p.Core == seg.Core && int(p.RunShare*10) == int(share*10) {
				total := float64(p.End-p.Start) + float64(b-a)
				p.RunShare = float32((float64(p.RunShare)*float64(p.End-p.Start) + float64(share)*float64(b-a)) / total)
				p.X1, p.End = seg.X1, seg.End
				p.Mixed = p.Mixed || seg.Mixed
				continue
			}
		}
		segs = append(segs, seg)
	}
	return segs
}

// gallop finds the first index in [lo, n) where pred (false, then true) is true, probing 1, 2,
// 4... ahead of lo first: cheap when the answer is near lo.
func gallop(lo, n int, pred func(int) bool) int {
	step, hi := 1, lo
	for hi < n && !pred(hi) {
		lo = hi + 1
		hi += step
		step *= 2
	}
	hi = min(hi, n)
	return lo + sort.Search(hi-lo, func(k int) bool { return pred(lo + k) })
}
