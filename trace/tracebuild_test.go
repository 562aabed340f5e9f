package trace

import (
	"encoding/binary"
	"slices"
	"testing"

	"github.com/taskscope/taskscope/trace/internal/perf"
)

func in(pid, tid, cpu int, t int64) *perf.Record {
	return &perf.Record{Kind: perf.SwitchIn, PID: pid, TID: tid, CPU: cpu, Time: t}
}

func out(pid, tid, cpu int, t int64, preempt bool) *perf.Record {
	return &perf.Record{Kind: perf.SwitchOut, PID: pid, TID: tid, CPU: cpu, Time: t, Preempt: preempt}
}

func build(start int64, recs ...*perf.Record) *traceBuilder {
	b := newTraceBuilder(SourcePerf, start, 2)
	for _, r := range recs {
		if r.Kind == perf.Lost {
			b.lostRecords(r.CPU, r.LostFrom, r.Time, r.Lost)
			continue
		}
		b.apply(r)
	}
	return b
}

func TestBuilderRunsAndFigures(t *testing.T) {
	b := build(100,
		in(1, 2, 0, 110), out(1, 2, 0, 130, true), // 20 on core 0, preempted
		in(1, 2, 1, 140), out(1, 2, 1, 150, false), // 10 on core 1 (a migration), then blocks
		in(1, 2, 1, 170), // still running at the end
	)
	tr := b.snapshot(200)
	th := tr.Thread(2)
	want := []Run{{0, 110, 130, StateRunnable}, {1, 140, 150, StateBlocked}, {1, 170, 200, StateRunning}}
	if !slices.Equal(th.Runs, want) {
		t.Fatalf("runs %v, want %v", th.Runs, want)
	}
	if th.RunNS != 60 || th.Voluntary != 1 || th.Involuntary != 1 || th.Migrations != 1 || th.CoreNS[0] != 20 || th.CoreNS[1] != 40 {
		t.Errorf("figures %+v", th)
	}
	if th.CoreShare(1) != 40.0/60 || th.Before != StateUnknown {
		t.Errorf("share %v before %v", th.CoreShare(1), th.Before)
	}
	if !tr.Exact || tr.Lost != 0 || tr.StartNS != 100 || tr.EndNS != 200 {
		t.Errorf("trace %+v", tr)
	}
}

// TestBuilderClipsToStart checks tasks met mid-run: an "out" first means it ran from the start;
// records stamped before the start shape the state but add no run time before it.
func TestBuilderClipsToStart(t *testing.T) {
	b := build(100,
		in(1, 3, 0, 90), out(1, 3, 0, 95, false), // entirely before the start
		in(1, 3, 0, 98), out(1, 3, 0, 120, true), // straddles it
		out(1, 4, 1, 130, false), // first record an out: running since the start
	)
	tr := b.snapshot(200)
	if got := tr.Thread(3).Runs; !slices.Equal(got, []Run{{0, 100, 120, StateRunnable}}) {
		t.Errorf("thread 3 runs %v", got)
	}
	if got := tr.Thread(4).Runs; !slices.Equal(got, []Run{{1, 100, 130, StateBlocked}}) {
		t.Errorf("thread 4 runs %v", got)
	}
	if tr.Thread(3).Voluntary != 0 || tr.Thread(3).Involuntary != 1 {
		t.Errorf("switches before the start counted: %+v", tr.Thread(3))
	}
}

// TestBuilderBirthExecExit follows a process that is exec'd (first run from the exec), starts a
// thread (born runnable, named after its parent until renamed) and a child, all of which end.
func TestBuilderBirthExecExit(t *testing.T) {
	b := build(100,
		&perf.Record{Kind: perf.Comm, PID: 10, TID: 10, CPU: 1, Time: 105, Name: "prog", Exec: true},
		&perf.Record{Kind: perf.Fork, PID: 10, PPID: 10, TID: 11, PTID: 10, Time: 110},
		out(10, 10, 1, 112, false),
		in(10, 11, 0, 115),
		&perf.Record{Kind: perf.Comm, PID: 10, TID: 11, CPU: 0, Time: 116, Name: "worker"},
		&perf.Record{Kind: perf.Exit, PID: 10, PPID: 10, TID: 11, PTID: 11, CPU: 0, Time: 120},
		&perf.Record{Kind: perf.Fork, PID: 20, PPID: 10, TID: 20, PTID: 10, Time: 130},
		in(20, 20, 0, 131),
		&perf.Record{Kind: perf.Exit, PID: 20, PPID: 20, TID: 20, PTID: 20, CPU: 0, Time: 140},
	)
	tr := b.snapshot(200)
	main := tr.Thread(10)
	if !slices.Equal(main.Runs, []Run{{1, 105, 112, StateBlocked}}) || main.Name != "prog" {
		t.Errorf("main %+v", main)
	}
	w := tr.Thread(11)
	if w.Name != "worker" || w.Process != "prog" || w.Born != 110 || w.Ended != 120 || w.Before != StateRunnable ||
		!slices.Equal(w.Runs, []Run{{0, 115, 120, StateDead}}) {
		t.Errorf("worker %+v", w)
	}
	var child Process
	for _, p := range tr.Processes {
		if p.PID == 20 {
			child = p
		}
	}
	if child.PPID != 10 || child.Name != "prog" || child.Born != 130 || child.Ended != 140 {
		t.Errorf("child %+v", child)
	}
	for _, p := range tr.Processes {
		if p.PID == 10 && p.Ended != 0 {
			t.Errorf("process 10 ended though its main thread runs on: %+v", p)
		}
	}
}

// TestBuilderLost checks records lost on core 1: a thread running there has its run cut where
// the records stop and the rest unknown until its next record; a thread asleep is unknown from
// then too; one running on core 0 throughout keeps its run.
func TestBuilderLost(t *testing.T) {
	b := build(100,
		in(1, 2, 1, 110),                           // on core 1 when records are lost
		in(1, 3, 0, 112),                           // on core 0 throughout
		in(1, 4, 1, 101), out(1, 4, 1, 105, false), // asleep when records are lost
		&perf.Record{Kind: perf.Lost, CPU: 1, LostFrom: 120, Time: 150, Lost: 5},
		out(1, 2, 1, 160, true),
		in(1, 4, 1, 170),
	)
	tr := b.snapshot(200)
	if tr.Exact || tr.Lost != 5 || len(tr.LostSpans) != 1 || tr.LostSpans[0] != (CoreSpan{1, 120, 150}) || tr.Reason == "" {
		t.Fatalf("trace exact %v lost %d spans %v reason %q", tr.Exact, tr.Lost, tr.LostSpans, tr.Reason)
	}
	t2 := tr.Thread(2)
	if !slices.Equal(t2.Runs, []Run{{1, 110, 120, StateUnknown}}) || !slices.Equal(t2.Unknown, []Span{{120, 160}}) {
		t.Errorf("thread 2 runs %v unknown %v", t2.Runs, t2.Unknown)
	}
	if t3 := tr.Thread(3); !slices.Equal(t3.Runs, []Run{{0, 112, 200, StateRunning}}) || len(t3.Unknown) != 0 {
		t.Errorf("thread 3 runs %v unknown %v", t3.Runs, t3.Unknown)
	}
	if t4 := tr.Thread(4); !slices.Equal(t4.Unknown, []Span{{120, 170}}) || len(t4.Runs) != 2 {
		t.Errorf("thread 4 runs %v unknown %v", t4.Runs, t4.Unknown)
	}
}

// TestBuilderSnapshotsImmutable checks that a Trace does not change when the builder goes on.
func TestBuilderSnapshotsImmutable(t *testing.T) {
	b := build(0, in(1, 2, 0, 10), out(1, 2, 0, 20, false))
	first := b.snapshot(25)
	runs := slices.Clone(first.Thread(2).Runs)
	for i := range 100 {
		b.apply(in(1, 2, i%2, int64(30+i*10)))
		b.apply(out(1, 2, i%2, int64(35+i*10), true))
	}
	if !slices.Equal(first.Thread(2).Runs, runs) || first.EndNS != 25 {
		t.Fatalf("earlier Trace changed: %v", first.Thread(2).Runs)
	}
	if got := len(b.snapshot(2000).Thread(2).Runs); got != 101 {
		t.Fatalf("later Trace has %d runs, want 101", got)
	}
}

func TestStateFromSched(t *testing.T) {
	for s, want := range map[int64]ThreadState{
		0: StateRunnable, 0x100: StateRunnable, 1: StateSleeping, 2: StateDiskWait, 4: StateStopped,
		8: StateStopped, 0x10: StateDead, 0x20: StateDead, 0x80: StateSleeping, 0x102: StateRunnable,
	} {
		if got := stateFromSched(s); got != want {
			t.Errorf("prev_state %#x: %v, want %v", s, got, want)
		}
	}
}

// FuzzTraceBuilder applies arbitrary records in time order: no panic, and the Trace keeps its
// promises whatever the records say: every thread's runs are in order, do not overlap, lie
// inside the trace, and add up to its run time.
func FuzzTraceBuilder(f *testing.F) {
	f.Add([]byte{0, 1, 0, 10, 1, 1, 0, 20, 0, 1, 1, 30, 6, 1, 1, 40})
	f.Add([]byte{1, 2, 1, 5, 0, 2, 0, 6, 5, 2, 1, 50, 0, 2, 1, 60, 4, 2, 1, 70})
	f.Fuzz(func(t *testing.T, ops []byte) {
		const start = 100
		b := newTraceBuilder(SourcePerf, start, 2)
		now := int64(0)
		for len(ops) >= 4 {
			op, tid, cpu, dt := ops[0]%8, int(ops[1]%4)+1, int(ops[2]%2), int64(ops[3])
			ops = ops[4:]
			now += dt
			switch op {
			case 0:
				b.apply(in(1, tid, cpu, now))
			case 1, 2:
				b.apply(out(1, tid, cpu, now, op == 2))
			case 3:
				b.apply(&perf.Record{Kind: perf.Fork, PID: 1, PPID: 1, TID: tid, PTID: 1, Time: now})
			case 4:
				b.apply(&perf.Record{Kind: perf.Exit, PID: 1, TID: tid, CPU: cpu, Time: now})
			case 5:
				b.lostRecords(cpu, now-int64(ops0(ops)), now, 1)
			case 6:
				b.apply(&perf.Record{Kind: perf.Comm, PID: 1, TID: tid, CPU: cpu, Time: now, Name: "x", Exec: tid == 1})
			case 7:
				var raw [8]byte
				binary.LittleEndian.PutUint64(raw[:], uint64(dt))
				b.apply(&perf.Record{Kind: perf.SchedSwitch, PID: 1, PrevTID: tid, NextTID: 5 - tid, CPU: cpu, Time: now, PrevState: int64(dt)})
			}
		}
		end := max(now, start) + 1
		tr := b.snapshot(end)
		for _, th := range tr.Threads {
			var sum int64
			for i, r := range th.Runs {
				if r.Start < start || r.End > end || r.End <= r.Start {
					t.Fatalf("thread %d run %v outside [%d,%d] or empty", th.TID, r, start, end)
				}
				if i > 0 && r.Start < th.Runs[i-1].End {
					t.Fatalf("thread %d runs overlap: %v then %v", th.TID, th.Runs[i-1], r)
				}
				sum += r.Len()
			}
			if sum != th.RunNS {
				t.Fatalf("thread %d: runs add up to %d, RunNS %d", th.TID, sum, th.RunNS)
			}
		}
	})
}

// ops0 is the next fuzz byte, or 0.
func ops0(ops []byte) byte {
	if len(ops) == 0 {
		return 0
	}
	return ops[0]
}
