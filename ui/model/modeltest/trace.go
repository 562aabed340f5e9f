package modeltest

import (
	"os"
	"testing"

	"github.com/taskscope/taskscope/trace"
)

// BusyTrace makes a trace of threads threads in one process over seconds seconds on cores
// cores, each thread running runNS then waiting gapNS (alternately runnable and blocked),
// moving to the next core every hundred runs: the load the timeline's speed is measured on.
func BusyTrace(threads, seconds, cores int, runNS, gapNS int64) *trace.Trace {
	const start = int64(1e9)
	end := start + int64(seconds)*1e9
	tr := &trace.Trace{Source: trace.SourcePerf, Exact: true, StartNS: start, EndNS: end, Cores: cores}
	tr.Processes = []trace.Process{{PID: 100, Name: "busy"}}
	for i := range threads {
		th := trace.Thread{PID: 100, TID: 100 + i, Name: "worker", Process: "busy", CoreNS: make([]int64, cores)}
		t := start + int64(i)*gapNS/int64(threads)
		n := 0
		for t+runNS < end {
			after := trace.StateBlocked
			if n%2 == 1 {
				after = trace.StateRunnable
			}
			core := (i + n/100) % cores
			th.Runs = append(th.Runs, trace.Run{Core: core, Start: t, End: t + runNS, After: after})
			th.RunNS += runNS
			th.CoreNS[core] += runNS
			if after == trace.StateRunnable {
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
func LoadTrace(t testing.TB, path string) *trace.Trace {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr, err := trace.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
