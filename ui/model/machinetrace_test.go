package model

import (
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/trace"
)

// TestMachineExactStopsAtQuit starts the whole-machine trace through the State (where
// permitted), sees a take published with the samples, and quits: the trace is stopped, nil is
// published, and every fd it opened is closed.
func TestMachineExactStopsAtQuit(t *testing.T) {
	if err := ProbeMachineTrace(trace.Options{}); err != nil {
		if os.Getenv("CI") == "true" || os.Getenv("TASKSCOPE_REQUIRE_DISPLAY") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	fds := func() int { e, _ := os.ReadDir("/proc/self/fd"); return len(e) }
	before := fds()
	st := NewState()
	var got []*trace.Trace
	st.OnMachineTrace(func(tr *trace.Trace) { got = append(got, tr) })
	if err := st.SetMachineExact(true, trace.Options{}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(machinePoll + 100*time.Millisecond)
	st.PublishLive(&inspect.Snapshot{Taken: time.Now()})
	if len(got) < 2 || got[len(got)-1] == nil || got[len(got)-1].Source != trace.SourceTracepoint {
		t.Fatalf("takes published: %v, want two tracepoint traces (at start, with the sample)", got)
	}
	st.Quitting()
	if st.MachineExact() || got[len(got)-1] != nil {
		t.Error("the trace still runs after quit, or its end was not published")
	}
	if after := fds(); after != before {
		t.Errorf("open fds: %d before, %d after quit", before, after)
	}
}

// TestMachineExactRefused: an injected refusal is returned and nothing runs.
func TestMachineExactRefused(t *testing.T) {
	st := NewState()
	if err := st.SetMachineExact(true, trace.Options{Refuse: unix.EACCES}); err == nil || st.MachineExact() {
		t.Fatalf("refused start: err %v, running %v", err, st.MachineExact())
	}
}
