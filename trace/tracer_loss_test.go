package trace

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/proctest"
)

// TestTraceLossIsCountedAndUnknown traces a flat-out ping-pong into rings of one page, which
// must overflow: the loss is counted, the trace is not exact and says why, the stretches are
// listed per core, and the threads' rows hold unknown stretches instead of made-up runs.
func TestTraceLossIsCountedAndUnknown(t *testing.T) {
	needPerf(t)
	argv, env, err := proctest.TraceWorkload(proctest.ModePingPong, "PINGPONG_RATE=0", "PINGPONG_MS=700", "GODEBUG=asyncpreemptoff=1")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	tr, err := Start(Program{Argv: argv, Env: env, Stdout: &out, Stderr: os.Stderr}, Options{RingPages: 1})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-tr.Exited():
	case <-time.After(20 * time.Second):
		tr.Kill()
		t.Fatal("workload did not end")
	}
	res := tr.Stop()
	unknown := 0
	for _, th := range res.Threads {
		unknown += len(th.Unknown)
		for i, r := range th.Runs {
			if r.End <= r.Start || i > 0 && r.Start < th.Runs[i-1].End {
				t.Fatalf("thread %d: bad run %v", th.TID, r)
			}
		}
	}
	t.Logf("lost %d records in %d stretches; %d unknown stretches on threads; reason %q", res.Lost, len(res.LostSpans), unknown, res.Reason)
	if res.Lost == 0 || res.Exact || res.Reason == "" || len(res.LostSpans) == 0 || unknown == 0 {
		t.Fatalf("a one-page ring at full speed: lost %d, exact %v, %d lost stretches, %d unknown", res.Lost, res.Exact, len(res.LostSpans), unknown)
	}
	for _, s := range res.LostSpans {
		if s.End < s.Start || s.Start < res.StartNS || s.Core < 0 || s.Core >= res.Cores {
			t.Errorf("lost stretch %+v outside the trace %d..%d", s, res.StartNS, res.EndNS)
		}
	}
	if _, err := Start(Program{Argv: argv, Env: env}, Options{RingPages: 3}); err == nil {
		t.Error("a ring of 3 pages (not a power of two) was accepted")
	}
}

// TestTraceMachine traces the whole machine through the sched_switch tracepoint (root only):
// a program of ours that sleeps shows up with its name, its off-CPU stretches marked sleeping
// rather than just blocked, and runs of other tasks are seen too.
func TestTraceMachine(t *testing.T) {
	needPerf(t)
	if os.Geteuid() != 0 {
		t.Skip("the whole machine needs root (TestTraceUnprivileged checks the refusal)")
	}
	tr, err := Machine(Options{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := proctest.StartWorkload()
	if err != nil {
		tr.Stop()
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	h.Stop()
	res := tr.Stop()
	if res.Source != SourceTracepoint || res.Cores < 1 {
		t.Fatalf("source %q cores %d", res.Source, res.Cores)
	}
	busy := res.Thread(h.Threads[proctest.BusyThread])
	if busy == nil || busy.Name != proctest.BusyThread || busy.PID != h.PID || busy.RunNS == 0 {
		t.Fatalf("busy thread in the machine trace: %+v", busy)
	}
	sleeping, others := 0, 0
	for _, th := range res.Threads {
		if th.PID != h.PID {
			others++
		}
		for _, r := range th.Runs {
			if r.After == StateSleeping {
				sleeping++
			}
		}
	}
	t.Logf("%d threads seen, %d not ours; %d runs ended in sleep; lost %d", len(res.Threads), others, sleeping, res.Lost)
	if others == 0 || sleeping == 0 {
		t.Errorf("whole machine: %d other threads, %d runs ending asleep", others, sleeping)
	}
}
