package modeltest

import (
	"os"
	"testing"

	"github.com/taskscope/taskscope/inspect"
)

// BusyTrace makes a trace of threads threads in one process over seconds seconds on cores
// cores, each thread running runNS then waiting gapNS (alternately runnable and blocked),
// moving to the next core every hundred runs: the load the timeline's speed is measured on.
func BusyTrace(threads, seconds, cores int, runNS, gapNS int64) *inspect.Trace {
	const start = int64(1e9)
	end := start + int64(seconds)*1e9
	tr := &inspect.Trace{Source: inspect.SourcePerf, Exact: true, StartNS: start, EndNS: end, Cores: cores}
	tr.Processes = []inspect.TracedProcess{{PID: 100, Name: "busy"}}
	for i := range threads {
		th := inspect.TracedThread{PID: 100, TID: 100 + i, Name: "worker", Process: "busy", CoreNS: make([]int64, cores)}
		t := start + int64(i)*gapNS/int64(threads)
		n := 0
		for t+runNS < end {
			after := inspect.StateBlocked
			if n%2 == 1 {
				after = inspect.StateRunnable
			}
			core := (i + n/100) % cores
			th.Runs = append(th.Runs, inspect.Run{Core: core, Start: t, End: t + runNS, After: after})
			th.RunNS += runNS
			th.CoreNS[core] += runNS
			if after == inspect.StateRunnable {
				th.Involuntary++
			} else {
				th.Voluntary++
			}
			t += runNS + gapNS
			n++
		}
		tr.Threads = append(tr.Threads, th)
	}
	return tr
}

// LoadTrace reads a trace recorded with `taskscope trace --json` from path: ui/model's
// testdata/trace-python.json (a CPython program whose three threads take turns at a lock, and
// which forks a child that spins 0.1 s) or trace-sampled.json (the same with perf refused).
// ui/model's exact lanes and replays and ui/timeline's rows read the same files.
func LoadTrace(t testing.TB, path string) *inspect.Trace {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr, err := inspect.ReadTraceJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
