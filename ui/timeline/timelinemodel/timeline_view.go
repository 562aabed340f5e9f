package timelinemodel

import (
	"slices"
	"time"

	"github.com/taskscope/taskscope/trace"
)

// TimelineSpans are the widths of time the Timeline tab can show, from the last minute down to
// a millisecond.
var TimelineSpans = []time.Duration{
	time.Millisecond, 2 * time.Millisecond, 5 * time.Millisecond, 10 * time.Millisecond,
	20 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond,
	500 * time.Millisecond, time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second,
	20 * time.Second, time.Minute,
}

// TimelineView is which stretch of a trace the Timeline shows: Span wide, ending at End (ns of
// CLOCK_MONOTONIC), or at the newest moment of the trace while Follow is set.
type TimelineView struct {
	Span   time.Duration
	End    int64
	Follow bool
}

// DefaultTimelineView follows the trace, ten seconds wide.
func DefaultTimelineView() TimelineView { return TimelineView{Span: 10 * time.Second, Follow: true} }

// Window is the stretch [start, end) the view shows of tr, kept inside the trace where it can be.
func (v TimelineView) Window(tr *trace.Trace) (start, end int64) {
	span := int64(v.Span)
	if span <= 0 {
		span = int64(10 * time.Second)
	}
	end = v.End
	if tr != nil && (v.Follow || end == 0 || end > tr.EndNS) {
		end = tr.EndNS
	}
	if tr != nil && end-span < tr.StartNS && tr.StartNS+span > end {
		// Less of the trace than the window: start at its start.
		end = tr.StartNS + span
	}
	return end - span, end
}

// Zoom changes the span by steps along TimelineSpans (negative: closer), keeping the moment
// under the pointer (frac of the width from the left) where it is. Zooming stops following.
func (v TimelineView) Zoom(steps int, frac float64, tr *trace.Trace) TimelineView {
	i, ok := slices.BinarySearch(TimelineSpans, v.Span)
	if !ok {
		i = min(i, len(TimelineSpans)-1)
	}
	j := min(max(i+steps, 0), len(TimelineSpans)-1)
	if j == i && ok {
		return v
	}
	start, end := v.Window(tr)
	frac = min(max(frac, 0), 1)
	anchor := start + int64(frac*float64(end-start))
	next := TimelineSpans[j]
	newEnd := anchor + int64((1-frac)*float64(next))
	follow := v.Follow && steps > 0
	return TimelineView{Span: next, End: newEnd, Follow: follow}.clamp(tr)
}

// Pan moves the view by frac of its width (positive: later). Panning back stops following;
// reaching the newest moment follows again.
func (v TimelineView) Pan(frac float64, tr *trace.Trace) TimelineView {
	_, end := v.Window(tr)
	v.End = end + int64(frac*float64(v.Span))
	v.Follow = false
	v = v.clamp(tr)
	if tr != nil && v.End >= tr.EndNS {
		v.Follow = true
	}
	return v
}

// clamp keeps the view's end inside the trace.
func (v TimelineView) clamp(tr *trace.Trace) TimelineView {
	if tr == nil {
		return v
	}
	v.End = min(v.End, tr.EndNS)
	v.End = max(v.End, tr.StartNS+min(int64(v.Span), tr.EndNS-tr.StartNS))
	return v
}
