package model

import (
	"testing"
	"time"

	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui/model/modeltest"
)

// TestLanesWholeMachineReplacesSamples publishes traces of a busy process over the middle 10 s
// of a minute of samples in which two other processes hold both cores. A whole-machine trace
// (tracepoint) claims every core: no sampled segment of anyone is left inside its stretch, even
// where no traced thread ran (the core was idle, exactly), and
// where a core's records were lost the lane is unknown (nothing drawn, not even the samples).
// A trace of one program leaves the other processes' samples be.
func TestLanesWholeMachineReplacesSamples(t *testing.T) {
	// Runs of 5 ms every 405 ms: most of the stretch no traced thread runs. For a whole-machine
	// trace that is exact idleness; for a trace of one program it says nothing of the others.
	busy := modeltest.BusyTrace(2, 10, 2, 5e6, 400e6)
	machine := *busy
	machine.Source = trace.SourceTracepoint
	lossy := machine
	lossy.Exact, lossy.Lost = false, 7
	lossy.LostSpans = []trace.CoreSpan{{Core: 1, Start: busy.StartNS + 3e9, End: busy.StartNS + 4e9}}
	for _, c := range []struct {
		name          string
		tr            *trace.Trace
		sampledInSpan bool // other processes' sampled segments remain inside the traced stretch
		unknownOn1    time.Duration
	}{
		{"whole machine", &machine, false, 0},
		{"whole machine, records lost on core 1", &lossy, false, time.Second},
		{"one program (perf)", busy, true, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := NewLaneModel()
			t0 := time.Unix(1_800_000_000, 0)
			for i := 1; i <= 60; i++ {
				m.AddCoarse(sampledOver(t0.Add(time.Duration(i)*time.Second)), nil)
			}
			start := t0.Add(30 * time.Second)
			m.SetTrace(c.tr, start.UnixNano()-c.tr.StartNS, sampledOver(t0.Add(time.Minute)))
			end := t0.Add(time.Minute)
			rows := m.Window(end.Add(-LaneSpan), end, nil)
			spanEnd := start.Add(10 * time.Second)
			if len(rows) != 2 {
				t.Fatalf("%d lanes, want 2", len(rows))
			}
			for _, r := range rows {
				sampled, exact := false, false
				for _, s := range r.Segs {
					inside := s.From.Before(spanEnd) && s.To.After(start)
					if s.Exact {
						exact = true
						if s.Proc.ID != 100 {
							t.Errorf("core %d: exact segment of %v", r.Core, s.Proc)
						}
					} else if inside {
						sampled = true
					}
					for _, u := range r.Unknown {
						if s.From.Before(u.To) && s.To.After(u.From) {
							t.Errorf("core %d: segment %v-%v of %s drawn in the unknown %v-%v", r.Core, s.From, s.To, s.Name, u.From, u.To)
						}
					}
				}
				if !exact {
					t.Errorf("core %d: no exact segment", r.Core)
				}
				if sampled != c.sampledInSpan {
					t.Errorf("core %d: sampled segments inside the traced stretch: %v, want %v", r.Core, sampled, c.sampledInSpan)
				}
				var unknown time.Duration
				for _, u := range r.Unknown {
					unknown += u.To.Sub(u.From)
				}
				want := time.Duration(0)
				if r.Core == 1 {
					want = c.unknownOn1
				}
				if unknown != want {
					t.Errorf("core %d: %v unknown, want %v", r.Core, unknown, want)
				}
			}
		})
	}
}
