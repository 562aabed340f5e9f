package model

import "github.com/taskscope/taskscope/trace"

// PublishTrace hands the newest trace of the Timeline tab's program (an immutable
// trace.Trace; nil when nothing is traced) to the other views: the Cores tab draws the
// traced threads' runs from it. monoToWall puts its CLOCK_MONOTONIC times on the samples'
// wall clock (MonoToWall for a live trace).
func (st *State) PublishTrace(tr *trace.Trace, monoToWall int64) {
	if tr == st.trace {
		return
	}
	st.trace, st.traceOff = tr, monoToWall
	st.traceSubs.emit(tr)
}

// Trace is the newest published trace and its offset to the wall clock (nil: none).
func (st *State) Trace() (*trace.Trace, int64) { return st.trace, st.traceOff }

// OnTrace calls fn with each trace published (nil when tracing is over and nothing is shown);
// Trace gives its offset.
func (st *State) OnTrace(fn func(*trace.Trace)) { st.traceSubs.add(fn) }
