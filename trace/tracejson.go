package trace

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// The jsonTrace* types are the documented `taskscope trace --json` format (see README): times
// in ns of CLOCK_MONOTONIC, birth and end null when outside the trace. Fields may be added,
// none renamed.
type jsonTrace struct {
	Source    string             `json:"source"`
	Exact     bool               `json:"exact"`
	Reason    string             `json:"reason,omitempty"`
	Lost      uint64             `json:"lost"`
	LostSpans []jsonLostSpan     `json:"lost_spans"`
	StartNS   int64              `json:"start_ns"`
	EndNS     int64              `json:"end_ns"`
	Cores     int                `json:"cores"`
	Processes []jsonTraceProcess `json:"processes"`
	Threads   []jsonTraceThread  `json:"threads"`
}

type jsonLostSpan struct {
	Core    int   `json:"core"`
	StartNS int64 `json:"start_ns"`
	EndNS   int64 `json:"end_ns"`
}

type jsonTraceProcess struct {
	PID     int    `json:"pid"`
	PPID    int    `json:"ppid"`
	Name    string `json:"name"`
	BornNS  *int64 `json:"born_ns"`
	EndedNS *int64 `json:"ended_ns"`
}

type jsonTraceThread struct {
	PID         int        `json:"pid"`
	TID         int        `json:"tid"`
	Name        string     `json:"name"`
	Process     string     `json:"process"`
	BornNS      *int64     `json:"born_ns"`
	EndedNS     *int64     `json:"ended_ns"`
	Before      string     `json:"before"`
	RunNS       int64      `json:"run_ns"`
	Voluntary   int        `json:"voluntary"`
	Involuntary int        `json:"involuntary"`
	Migrations  int        `json:"migrations"`
	CoreNS      []int64    `json:"core_ns"`
	Runs        []jsonRun  `json:"runs"`
	Unknown     []jsonSpan `json:"unknown"`
}

type jsonRun struct {
	Core    int    `json:"core"`
	StartNS int64  `json:"start_ns"`
	EndNS   int64  `json:"end_ns"`
	After   string `json:"after"`
}

type jsonSpan struct {
	StartNS int64 `json:"start_ns"`
	EndNS   int64 `json:"end_ns"`
}

// nsOrNull is nil for 0 (not inside the trace), so the JSON says null.
func nsOrNull(ns int64) *int64 {
	if ns == 0 {
		return nil
	}
	return &ns
}

// WriteJSON writes tr as one JSON object in the documented format.
func WriteJSON(w io.Writer, tr *Trace) error {
	out := jsonTrace{
		Source: tr.Source, Exact: tr.Exact, Reason: tr.Reason, Lost: tr.Lost,
		LostSpans: make([]jsonLostSpan, 0, len(tr.LostSpans)),
		StartNS:   tr.StartNS, EndNS: tr.EndNS, Cores: tr.Cores,
		Processes: make([]jsonTraceProcess, 0, len(tr.Processes)),
		Threads:   make([]jsonTraceThread, 0, len(tr.Threads)),
	}
	for _, s := range tr.LostSpans {
		out.LostSpans = append(out.LostSpans, jsonLostSpan{s.Core, s.Start, s.End})
	}
	for _, p := range tr.Processes {
		out.Processes = append(out.Processes, jsonTraceProcess{p.PID, p.PPID, p.Name, nsOrNull(p.Born), nsOrNull(p.Ended)})
	}
	for i := range tr.Threads {
		th := &tr.Threads[i]
		jt := jsonTraceThread{
			PID: th.PID, TID: th.TID, Name: th.Name, Process: th.Process,
			BornNS: nsOrNull(th.Born), EndedNS: nsOrNull(th.Ended), Before: th.Before.String(),
			RunNS: th.RunNS, Voluntary: th.Voluntary, Involuntary: th.Involuntary,
			Migrations: th.Migrations, CoreNS: th.CoreNS,
			Runs:    make([]jsonRun, 0, len(th.Runs)),
			Unknown: make([]jsonSpan, 0, len(th.Unknown)),
		}
		for _, r := range th.Runs {
			jt.Runs = append(jt.Runs, jsonRun{r.Core, r.Start, r.End, r.After.String()})
		}
		for _, u := range th.Unknown {
			jt.Unknown = append(jt.Unknown, jsonSpan{u.Start, u.End})
		}
		out.Threads = append(out.Threads, jt)
	}
	bw := bufio.NewWriter(w)
	if err := json.NewEncoder(bw).Encode(out); err != nil {
		return fmt.Errorf("trace: trace JSON: %w", err)
	}
	return bw.Flush()
}
