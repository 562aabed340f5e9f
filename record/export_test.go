package record

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/trace"
)

// exportedEvent is what the test reads back of each event.
type exportedEvent struct {
	Name string         `json:"name"`
	Cat  string         `json:"cat"`
	Ph   string         `json:"ph"`
	TS   float64        `json:"ts"`
	Dur  float64        `json:"dur"`
	PID  int            `json:"pid"`
	TID  int            `json:"tid"`
	Args map[string]any `json:"args"`
}

// traceMono is the monotonic clock at the start of a synthetic trace.
const traceMono = 5_000_000_000

// syntheticTrace makes an exact trace of two threads of the process p handing core 1 back and
// forth in 2 ms runs for a second, starting at traceMono on the monotonic clock.
func syntheticTrace(p *inspect.Process) *trace.Trace {
	const mono int64 = traceMono
	tr := &trace.Trace{Source: trace.SourcePerf, Exact: true, StartNS: mono, EndNS: mono + int64(time.Second), Cores: 4}
	a := trace.Thread{PID: p.PID, TID: p.Threads[0].TID, Name: p.Threads[0].Name, Process: p.Name}
	b := trace.Thread{PID: p.PID, TID: p.PID + 1000, Name: "traced-only", Process: p.Name, Born: mono + 1}
	for t := mono; t+4e6 <= tr.EndNS; t += 4e6 {
		a.Runs = append(a.Runs, trace.Run{Core: 1, Start: t, End: t + 2e6, After: trace.StateBlocked})
		b.Runs = append(b.Runs, trace.Run{Core: 1, Start: t + 2e6, End: t + 4e6, After: trace.StateRunnable})
	}
	tr.Threads = []trace.Thread{a, b}
	tr.Processes = []trace.Process{{PID: p.PID, Name: p.Name}}
	return tr
}

// TestExport writes samples and an exact trace and checks the Trace Event Format JSON: valid,
// every track named, no two slices of a track overlapping, every slice on a core's track naming
// a thread that existed, and both kinds of slice labelled.
func TestExport(t *testing.T) {
	samples := synth(11, 40, 500*time.Millisecond)
	var buf bytes.Buffer
	w, err := NewWriter(&buf, samples[0].Host, samples[0].BootTime, Options{Interval: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	traced := &samples[10].Processes[3]
	w.monoToUnix = func() int64 { return samples[10].Taken.UnixNano() - traceMono }
	for i, s := range samples {
		if err := w.Append(s); err != nil {
			t.Fatal(err)
		}
		if i == 12 {
			if err := w.AppendTrace(syntheticTrace(traced), 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r := openBytes(t, buf.Bytes())
	var out bytes.Buffer
	if err := Export(r, &out); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		TraceEvents []exportedEvent `json:"traceEvents"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("the export is not valid JSON: %v", err)
	}

	// Threads that existed, by TID: in any sample, or in the trace.
	existed := map[int]map[string]bool{}
	note := func(tid int, name string) {
		if existed[tid] == nil {
			existed[tid] = map[string]bool{}
		}
		existed[tid][name] = true
	}
	for _, s := range samples {
		for _, p := range s.Processes {
			for _, th := range p.Threads {
				note(th.TID, th.Name)
			}
		}
	}
	note(traced.PID+1000, "traced-only")

	procNames, threadNames := map[int]string{}, map[[2]int]string{}
	type span struct{ start, end float64 }
	tracks := map[[2]int][]span{}
	kinds := map[string]int{}
	counters := map[string]bool{}
	for _, e := range doc.TraceEvents {
		switch e.Ph {
		case "M":
			if e.Name == "process_name" {
				procNames[e.PID], _ = e.Args["name"].(string)
			}
			if e.Name == "thread_name" {
				threadNames[[2]int{e.PID, e.TID}], _ = e.Args["name"].(string)
			}
		case "C":
			counters[e.Name] = true
		case "X":
			kinds[e.Cat]++
			if e.Args["source"] != e.Cat || (e.Cat != labelExact && e.Cat != labelSampled) {
				t.Fatalf("slice %q is not labelled exact or sampled: cat %q, args %v", e.Name, e.Cat, e.Args)
			}
			if e.Dur <= 0 {
				t.Fatalf("slice %q has duration %v", e.Name, e.Dur)
			}
			tracks[[2]int{e.PID, e.TID}] = append(tracks[[2]int{e.PID, e.TID}], span{e.TS, e.TS + e.Dur})
			if e.PID == cpusPID {
				tid := int(e.Args["tid"].(float64))
				if !existed[tid][e.Name] {
					t.Fatalf("slice on a core's track names thread %q (TID %d), which never existed", e.Name, tid)
				}
			}
		}
	}
	if procNames[cpusPID] != "CPUs" {
		t.Fatalf("no process named CPUs: %v", procNames[cpusPID])
	}
	for k, spans := range tracks {
		if threadNames[k] == "" || procNames[k[0]] == "" {
			t.Fatalf("track %v has slices but no name (thread %q, process %q)", k, threadNames[k], procNames[k[0]])
		}
		sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
		for i := 1; i < len(spans); i++ {
			// Timestamps are written to the nanosecond (3 decimals of µs).
			if spans[i].start < spans[i-1].end-0.0015 {
				t.Fatalf("track %v (%s): slices overlap: %v then %v", k, threadNames[k], spans[i-1], spans[i])
			}
		}
	}
	for c := range 4 {
		if threadNames[[2]int{cpusPID, cpuTID(c)}] != fmt.Sprintf("CPU %d", c) {
			t.Fatalf("core %d's track is not named CPU %d", c, c)
		}
	}
	if kinds[labelExact] < 400 || kinds[labelSampled] == 0 {
		t.Fatalf("slices: %v; want the trace's 500 exact runs (on thread and core tracks) and sampled ones", kinds)
	}
	if !counters["Memory used"] || !counters["CPU 0 busy %"] || !counters["CPU %"] {
		t.Fatalf("counters missing: %v", counters)
	}
}

// TestTraceRoundTrip writes a trace, whole and then in two parts as a recorder appends a
// growing one, and reads it back field for field.
func TestTraceRoundTrip(t *testing.T) {
	samples := synth(12, 3, time.Second)
	tr := syntheticTrace(&samples[0].Processes[0])
	tr.Lost, tr.Reason = 7, "records lost"
	tr.Exact = false
	tr.LostSpans = []trace.CoreSpan{{Core: 1, Start: tr.StartNS + 5, End: tr.StartNS + 900}}
	th := &tr.Threads[1]
	th.Ended, th.Before, th.RunNS, th.Voluntary, th.Involuntary, th.Migrations = tr.EndNS-5, trace.StateSleeping, 12345, 3, 4, 5
	th.CoreNS = []int64{0, 12345}
	th.Unknown = []trace.Span{{Start: tr.StartNS + 10, End: tr.StartNS + 20}}
	var buf bytes.Buffer
	w, _ := NewWriter(&buf, samples[0].Host, samples[0].BootTime, Options{})
	for _, s := range samples {
		w.Append(s)
	}
	if err := w.AppendTrace(tr, 0); err != nil {
		t.Fatal(err)
	}
	mid := tr.StartNS + int64(500*time.Millisecond) + 1e6 // inside a run of thread a
	if err := w.AppendTrace(tr, 0); err != nil {
		t.Fatal(err)
	}
	w.Close()
	b := buf.Bytes()
	// The same file again, with the trace in two parts.
	buf = bytes.Buffer{}
	w, _ = NewWriter(&buf, samples[0].Host, samples[0].BootTime, Options{})
	for _, s := range samples {
		w.Append(s)
	}
	head := *tr
	head.EndNS = mid
	head.Threads = nil
	for _, th := range tr.Threads {
		c := th
		c.Runs = nil
		for _, r := range th.Runs {
			if r.Start < mid {
				r.End = min(r.End, mid)
				c.Runs = append(c.Runs, r)
			}
		}
		head.Threads = append(head.Threads, c)
	}
	if err := w.AppendTrace(&head, 0); err != nil {
		t.Fatal(err)
	}
	if err := w.AppendTrace(tr, mid); err != nil {
		t.Fatal(err)
	}
	w.Close()

	got, err := openBytes(t, b).Traces()
	if err != nil || len(got) != 2 {
		t.Fatalf("traces: %d, %v", len(got), err)
	}
	g, _ := json.Marshal(got[0].Trace)
	want, _ := json.Marshal(tr)
	if !bytes.Equal(g, want) {
		t.Fatalf("trace read back differs:\n%s\nwant\n%s", g, want)
	}
	parts, err := openBytes(t, buf.Bytes()).Traces()
	if err != nil || len(parts) != 2 {
		t.Fatalf("parts: %d, %v", len(parts), err)
	}
	// Together the parts hold every run once: the one cut at mid is in two pieces that meet.
	var total, whole int64
	for _, p := range parts {
		for _, th := range p.Threads {
			for _, r := range th.Runs {
				total += r.End - r.Start
				if r.Start < p.StartNS || r.End > p.EndNS {
					t.Fatalf("a run of part %d..%d lies outside it: %+v", p.StartNS, p.EndNS, r)
				}
			}
		}
	}
	for _, th := range tr.Threads {
		for _, r := range th.Runs {
			whole += r.End - r.Start
		}
	}
	if total != whole || parts[1].StartNS != mid {
		t.Fatalf("parts hold %d ns of runs, the trace %d; second part starts at %d, want %d", total, whole, parts[1].StartNS, mid)
	}
	// Merged, the parts give back the trace: the cut run joined, every run once.
	merged := MergeTraces(parts)
	for i, th := range tr.Threads {
		if got := merged.Threads[i].Runs; !slices.Equal(got, th.Runs) {
			t.Fatalf("thread %d: merged runs differ: %d runs, want %d", th.TID, len(got), len(th.Runs))
		}
	}
	if merged.StartNS != tr.StartNS || merged.EndNS != tr.EndNS || merged.Exact != tr.Exact {
		t.Fatalf("merged span %d..%d exact %v, want %d..%d %v", merged.StartNS, merged.EndNS, merged.Exact, tr.StartNS, tr.EndNS, tr.Exact)
	}
}
