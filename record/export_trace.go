package record

import (
	"io"

	"github.com/taskscope/taskscope/trace"
)

// ExportTrace writes a trace as `taskscope trace --json` writes it (see trace.ReadJSON)
// in the same Trace Event Format as Export: the runs on their threads' and cores' tracks, and
// what the tracer lost as no-data slices. Its times count from the trace's start.
func ExportTrace(tr *trace.Trace, w io.Writer) error {
	x := newExporter()
	x.base = tr.StartNS
	x.addTraces([]RecordedTrace{{Trace: tr}})
	for _, p := range tr.Processes {
		x.procName[p.PID] = p.Name
	}
	for _, l := range x.lost {
		x.noDataOn(l.core, l.start, l.end, lostWhy)
	}
	return x.write(w, map[string]any{"source": "taskscope trace --json", "tracer": tr.Source, "exact": tr.Exact,
		"reason": tr.Reason, "lost_records": tr.Lost,
		"note": "times count from the trace's start; no data marks a stretch whose records the tracer lost"})
}
