package timelinemodel

import (
	"github.com/taskscope/taskscope/trace"
)

// segEmitter turns stretches into segments of at least a pixel. A run of stretches each
// narrower than a pixel is pooled into one segment that shows what took most of its time and
// how much of it was running; a stretch a pixel wide or more is never pooled. So a row never
// has more segments than about twice its plot's pixels, however many switches it holds.
type segEmitter struct {
	tl   *Timeline
	segs []TimelineSeg
	cur  TimelineSeg
	has  bool
	pool bool // cur is made of stretches narrower than a pixel
	// time per state and per core in the current segment
	stateNS [8]int64
	coreNS  map[int]int64
}

func (e *segEmitter) add(a, b int64, s trace.ThreadState, core int) {
	// Pixels come from the part inside the window; times stay whole, so hovering over a
	// stretch that runs past the window's edge tells its real start, end and length.
	ca, cb := max(a, e.tl.Start), min(b, e.tl.End)
	if cb <= ca {
		return
	}
	x0, x1 := e.tl.px(ca), e.tl.px(cb)
	narrow := x1-x0 < 1
	switch {
	case e.has && !e.cur.Mixed && e.cur.State == s && (s != trace.StateRunning || e.cur.Core == core) && e.cur.End == a:
		e.cur.X1, e.cur.End = x1, b // the same state goes on
		e.pool = e.pool && e.cur.X1-e.cur.X0 < 1
	case e.has && e.pool && narrow:
		e.cur.X1, e.cur.End = x1, b
		e.cur.Mixed = true
	default:
		e.flush()
		e.cur = TimelineSeg{X0: x0, X1: x1, Start: a, End: b, State: s, Core: core}
		e.has, e.pool = true, narrow
	}
	e.count(cb-ca, s, core)
}

func (e *segEmitter) count(ns int64, s trace.ThreadState, core int) {
	if int(s) < len(e.stateNS) {
		e.stateNS[s] += ns
	}
	if s == trace.StateRunning {
		if e.coreNS == nil {
			e.coreNS = map[int]int64{}
		}
		e.coreNS[core] += ns
	}
}

// flush closes the current segment, giving a pool the state and core that took most time.
func (e *segEmitter) flush() {
	if !e.has {
		return
	}
	if e.cur.State == trace.StateRunning && !e.cur.Mixed {
		e.cur.RunShare = 1
	}
	if e.cur.Mixed {
		var span int64
		for _, ns := range e.stateNS {
			span += ns
		}
		if span > 0 {
			e.cur.RunShare = float32(float64(e.stateNS[trace.StateRunning]) / float64(span))
		}
		best := 0
		for s, ns := range e.stateNS {
			if ns > e.stateNS[best] {
				best = s
			}
		}
		e.cur.State = trace.ThreadState(best)
		var bestNS int64 = -1
		for c, ns := range e.coreNS {
			if ns > bestNS || ns == bestNS && c < e.cur.Core {
				e.cur.Core, bestNS = c, ns
			}
		}
	}
	if e.cur.X1-e.cur.X0 < 1 {
		e.cur.X1 = e.cur.X0 + 1
	}
	e.segs = append(e.segs, e.cur)
	e.has = false
	e.stateNS = [8]int64{}
	clear(e.coreNS)
}

func (e *segEmitter) done() []TimelineSeg {
	e.flush()
	return e.segs
}
