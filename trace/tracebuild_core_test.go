package trace

import (
	"testing"

	"github.com/taskscope/taskscope/trace/internal/perf"
)

// TestCheckCoreMissedSwitch: core 0 switches to A at 10, then reports B leaving it at 50 (A's
// switch out and B's arrival were never reported). The stretch 10-50 is lost and unknown, A
// has no run there, and B is not given a run from the start of the trace.
func TestCheckCoreMissedSwitch(t *testing.T) {
	b := newTraceBuilder(SourceTracepoint, 0, 2)
	for _, r := range []perf.Record{
		{Kind: perf.SchedSwitch, CPU: 0, Time: 5, PrevTID: 0, NextTID: 7, NextComm: "a"},
		{Kind: perf.SchedSwitch, CPU: 1, Time: 6, PrevTID: 0, NextTID: 9, NextComm: "c"},
		{Kind: perf.SchedSwitch, CPU: 0, Time: 10, PID: 7, PrevTID: 7, PrevComm: "a", NextTID: 8, NextComm: "a2"},
		{Kind: perf.SchedSwitch, CPU: 0, Time: 50, PID: 11, PrevTID: 11, PrevComm: "b", NextTID: 0},
		{Kind: perf.SchedSwitch, CPU: 1, Time: 60, PID: 9, PrevTID: 9, PrevComm: "c", NextTID: 0},
	} {
		b.apply(&r)
	}
	tr := b.snapshot(100)
	if tr.Lost != 1 || len(tr.LostSpans) != 1 || tr.LostSpans[0] != (CoreSpan{Core: 0, Start: 10, End: 50}) {
		t.Fatalf("lost %d %v, want one stretch 10-50 on core 0", tr.Lost, tr.LostSpans)
	}
	if th := tr.Thread(8); th == nil || len(th.Runs) != 0 || len(th.Unknown) != 1 || th.Unknown[0] != (Span{10, 50}) {
		t.Errorf("thread 8: %+v, want no run and 10-50 unknown", th)
	}
	if th := tr.Thread(11); th == nil || len(th.Runs) != 0 {
		t.Errorf("thread 11 (its arrival unseen): %+v, want no run", th)
	}
	if th := tr.Thread(7); th == nil || len(th.Runs) != 1 || th.Runs[0].Start != 5 || th.Runs[0].End != 10 {
		t.Errorf("thread 7: %+v, want its run 5-10", th)
	}
	if th := tr.Thread(9); th == nil || len(th.Runs) != 1 || th.Runs[0].End != 60 || tr.Exact {
		t.Errorf("thread 9: %+v (trace exact %v), want its run 6-60 on the other core, trace not exact", th, tr.Exact)
	}
}
