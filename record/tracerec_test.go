package record

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/taskscope/taskscope/internal/proctest"
)

// TestRecordWithTrace records a workload with --trace-pid: the file holds exact runs of its
// busy thread, pinned to core 0, and the export draws them on CPU 0 labelled exact.
func TestRecordWithTrace(t *testing.T) {
	h, err := proctest.StartWorkload()
	if err != nil {
		t.Fatal(err)
	}
	defer h.Stop()
	path := filepath.Join(t.TempDir(), "traced.tsrec")
	var out, errb bytes.Buffer
	code := RecordMain("taskscope", []string{"--duration", "2s", "--interval", "250ms", "--trace-pid", strconv.Itoa(h.PID), "-o", path}, &out, &errb)
	if code != 0 || !strings.Contains(errb.String(), "exact trace of PID") {
		t.Fatalf("record --trace-pid: exit %d, stderr %q", code, errb.String())
	}
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	traces, err := r.Traces()
	if err != nil || len(traces) == 0 {
		t.Fatalf("no traces in the file: %v", err)
	}
	busy := h.Threads[proctest.BusyThread]
	var runNS int64
	prevEnd := int64(0)
	for _, tr := range traces {
		if tr.StartNS < prevEnd {
			t.Fatalf("trace parts overlap: one starts at %d, the one before ended at %d", tr.StartNS, prevEnd)
		}
		prevEnd = tr.EndNS
		for _, th := range tr.Threads {
			if th.TID != busy {
				continue
			}
			for _, run := range th.Runs {
				if run.Core != 0 {
					t.Fatalf("the busy thread is pinned to core 0 but a run is on core %d", run.Core)
				}
				runNS += run.End - run.Start
			}
		}
	}
	if runNS < 100e6 {
		t.Fatalf("the busy thread ran %d ns in the recorded trace; it spins for the whole 2 s", runNS)
	}
	var buf bytes.Buffer
	if err := Export(r, &buf); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		TraceEvents []exportedEvent `json:"traceEvents"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	onCore0 := 0
	for _, e := range doc.TraceEvents {
		if e.Ph == "X" && e.PID == cpusPID && e.TID == cpuTID(0) && e.Cat == labelExact && e.Name == proctest.BusyThread {
			onCore0++
		}
	}
	if onCore0 == 0 {
		t.Fatal("the export has no exact slice of the busy thread on CPU 0")
	}
}
