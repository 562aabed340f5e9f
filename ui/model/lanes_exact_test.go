package model

import (
	"strings"
	"testing"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui/model/modeltest"
)

// sampledOver is a snapshot of the main refresh at `at` (interval 1 s) where python3 (the PID
// of the recorded trace) has its thread 25238 busy on core 0 and `other` (PID 900) a thread
// busy on core 1.
func sampledOver(at time.Time) *inspect.Snapshot {
	return &inspect.Snapshot{Taken: at, Interval: time.Second, Cores: make([]inspect.Core, 2),
		Processes: []inspect.Process{
			{PID: 900, StartTicks: 90, Name: "other", Threads: []inspect.Thread{
				{TID: 900, StartTicks: 90, Name: "other", State: "R", CPUPercent: 80, Core: 1}}},
			{PID: 25228, StartTicks: 77, Name: "python3", Threads: []inspect.Thread{
				{TID: 25228, StartTicks: 77, Name: "python3", State: "S", CPUPercent: 1, Core: 0},
				{TID: 25238, StartTicks: 78, Name: "python3", State: "R", CPUPercent: 90, Core: 0}}},
		}}
}

// TestLanesExactFromTrace draws the recorded Python trace (three threads taking turns at a
// lock on two cores, 0.33 s, and a forked child) over a minute of samples, in the table's
// cases: a program traced with perf, the same with records lost on core 0, the whole machine
// traced (tracepoint), and the sampled fallback trace, which changes nothing.
func TestLanesExactFromTrace(t *testing.T) {
	base := loadTrace(t, "trace-python.json")
	lossy := *base
	lossy.Exact, lossy.Lost = false, 9
	lossy.LostSpans = []trace.CoreSpan{{Core: 0, Start: base.StartNS + 100e6, End: base.StartNS + 200e6}}
	machine := *base
	machine.Source = trace.SourceTracepoint
	sampled := loadTrace(t, "trace-sampled.json")
	// The same threads, their runs on core 0 only: core 1 keeps its sampled "other".
	core0 := *base
	core0.Threads = nil
	for _, th := range base.Threads {
		th.Runs = nil
		for _, r := range base.Thread(th.TID).Runs {
			if r.Core == 0 {
				th.Runs = append(th.Runs, r)
			}
		}
		core0.Threads = append(core0.Threads, th)
	}

	for _, c := range []struct {
		name        string
		tr          *trace.Trace
		exact       bool // the lanes draw exact stretches
		otherInSpan int  // "other"'s sampled segment on core 1 survives inside the span: 1 yes, 0 no, -1 either
		note        string
	}{
		{"perf", base, true, -1, "every switch (underlined): python3 (25228) and 1 more process."},
		{"perf, runs on core 0 only", &core0, true, 1, "every switch (underlined): python3 (25228) and 1 more process."},
		{"lost records", &lossy, true, -1, "not where 9 records were lost): python3 (25228)"},
		{"whole machine", &machine, true, 0, "Exact (whole machine): every switch on every core"},
		{"sampled trace", sampled, false, 1, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := NewLaneModel()
			// The trace starts 20.5 s into a minute of samples, once a second.
			t0 := time.Unix(1_800_000_000, 0)
			for i := 1; i <= 60; i++ {
				m.AddCoarse(sampledOver(t0.Add(time.Duration(i)*time.Second)), nil)
			}
			start := t0.Add(20500 * time.Millisecond)
			m.SetTrace(c.tr, start.UnixNano()-c.tr.StartNS, sampledOver(t0.Add(time.Minute)))
			if got := m.ExactNote(); (c.note == "") != (got == "") || !strings.Contains(got, c.note) {
				t.Errorf("note %q, want it to say %q", got, c.note)
			}
			end := t0.Add(time.Minute)
			rows := m.Window(end.Add(-LaneSpan), end, nil)
			spanEnd := start.Add(time.Duration(c.tr.EndNS - c.tr.StartNS))
			var exactNS [2]float64
			otherInSpan := false
			for _, r := range rows {
				for i, s := range r.Segs {
					if i > 0 && s.From.Before(r.Segs[i-1].To) {
						t.Errorf("core %d: segments %d and %d overlap", r.Core, i-1, i)
					}
					inSpan := s.From.Before(spanEnd) && s.To.After(start)
					switch {
					case s.Exact:
						if s.From.Before(start) || s.To.After(spanEnd) {
							t.Errorf("core %d: exact %s outside the trace's span", r.Core, s.Name)
						}
						if s.Proc != (inspect.TaskKey{ID: 25228, StartTicks: 77}) && s.Proc.ID != 25240 {
							t.Errorf("core %d: exact segment of %v", r.Core, s.Proc)
						}
						exactNS[r.Core] += float64(s.To.Sub(s.From)) * s.CPU / 100
					case s.Proc.ID == 900 && inSpan:
						otherInSpan = true
					case s.Proc.ID == 25228 && inSpan && c.exact:
						// Sampled python3 inside the span: only where records were lost.
						lost := c.tr.LostSpans
						if len(lost) == 0 || r.Core != 0 || s.From.Before(start.Add(100*time.Millisecond)) || s.To.After(start.Add(200*time.Millisecond)) {
							t.Errorf("core %d: sampled python3 %v–%v inside the exact span", r.Core, s.From.Sub(start), s.To.Sub(start))
						}
					}
				}
				if !c.exact && len(r.Exact) != 0 {
					t.Errorf("core %d: exact stretches %v from a sampled trace", r.Core, r.Exact)
				}
				if c.exact && len(c.tr.LostSpans) > 0 && r.Core == 0 && len(r.Exact) != 2 {
					t.Errorf("core 0 with records lost: exact stretches %v, want two around the loss", r.Exact)
				}
			}
			if c.otherInSpan >= 0 && otherInSpan != (c.otherInSpan == 1) {
				t.Errorf("other's sampled segment inside the span: %v, want %v", otherInSpan, c.otherInSpan)
			}
			if !c.exact {
				return
			}
			// The exact stretches hold, per core, what the busiest traced thread of each slot ran
			// there, counted here the slow way: every run against every slot.
			from := end.Add(-LaneSpan)
			slot := LaneSpan / exactSlots
			for core := range 2 {
				var want float64
				for k := range exactSlots {
					a := from.Add(time.Duration(k) * slot).UnixNano()
					b := a + int64(slot)
					// The part of the slot in the exact spans: the trace's span less this core's losses.
					off := start.UnixNano() - c.tr.StartNS
					in := min(b, c.tr.EndNS+off) - max(a, c.tr.StartNS+off)
					if in <= 0 {
						continue
					}
					for _, l := range c.tr.LostSpans {
						if l.Core == core {
							in -= max(min(b, l.End+off)-max(a, l.Start+off), 0)
						}
					}
					best := int64(0)
					for _, th := range c.tr.Threads {
						var ns int64
						for _, r := range th.Runs {
							lo, hi := max(r.Start+off, a), min(r.End+off, b)
							if r.Core != core || lo >= hi {
								continue
							}
							ns += hi - lo
							for _, l := range c.tr.LostSpans {
								if l.Core == core {
									ns -= max(min(hi, l.End+off)-max(lo, l.Start+off), 0)
								}
							}
						}
						best = max(best, ns)
					}
					if float64(best) >= LaneMinShare/100*float64(in) {
						want += float64(best)
					}
				}
				if d := exactNS[core] - want; d > want*0.001+1 || d < -want*0.001-1 {
					t.Errorf("core %d: exact stretches hold %.3f ms of running, the slots' busiest threads %.3f ms", core, exactNS[core]/1e6, want/1e6)
				}
				if want == 0 && core == 0 {
					t.Errorf("core 0: nothing exact to draw: the test proves nothing")
				}
			}
		})
	}
}

// TestLanesExactBoundedSegments draws a trace of 20 threads each running a millisecond in two
// on two cores for a minute (600,000 runs): the lanes get at most one segment per slot, so
// the Cores tab draws as few rectangles however often the traced threads switch.
func TestLanesExactBoundedSegments(t *testing.T) {
	tr := modeltest.BusyTrace(20, 60, 2, 1e6, 1e6)
	m := NewLaneModel()
	t0 := time.Unix(1_800_000_000, 0)
	for i := 1; i <= 60; i++ {
		m.AddCoarse(sampledOver(t0.Add(time.Duration(i)*time.Second)), nil)
	}
	m.SetTrace(tr, t0.UnixNano()-tr.StartNS, nil)
	end := t0.Add(time.Minute)
	rows := m.Window(end.Add(-LaneSpan), end, nil)
	for _, r := range rows {
		exact := 0
		for _, s := range r.Segs {
			if s.Exact {
				exact++
			}
		}
		if exact == 0 || exact > exactSlots {
			t.Errorf("core %d: %d exact segments, want 1..%d", r.Core, exact, exactSlots)
		}
	}
}
