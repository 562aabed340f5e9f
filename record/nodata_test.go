package record

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/taskscope/taskscope/trace"
)

// noDataSpans returns the no-data slices of an export by CPU track: [start, end] in µs, why.
func noDataSpans(t *testing.T, doc []byte) map[int][][2]float64 {
	t.Helper()
	var d struct {
		TraceEvents []exportedEvent `json:"traceEvents"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	out := map[int][][2]float64{}
	for _, e := range d.TraceEvents {
		if e.Ph != "X" || e.Name != noData {
			continue
		}
		why, _ := e.Args["why"].(string)
		if e.Cat != noData || why == "" {
			t.Fatalf("a no-data slice without its category or reason: %+v", e)
		}
		if e.PID == cpusPID {
			out[e.TID-cpusPID-1] = append(out[e.TID-cpusPID-1], [2]float64{e.TS, e.TS + e.Dur})
		}
	}
	return out
}

func exportBytes(t *testing.T, b []byte) []byte {
	t.Helper()
	r := openBytes(t, b)
	var out bytes.Buffer
	if err := Export(r, &out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// covers reports whether one of spans holds the moment at (µs).
func covers(spans [][2]float64, at float64) bool {
	for _, s := range spans {
		if s[0] <= at && at <= s[1] {
			return true
		}
	}
	return false
}

// TestExportNoData damages one chunk (64 bytes flipped) and cuts a file inside its last chunk:
// the lost stretches are slices named "no data" on every CPU track, with a reason, and the
// export still reads as exact. The clean file has none.
func TestExportNoData(t *testing.T) {
	const step = 500 * time.Millisecond
	samples := synth(12, 60, step)
	clean := recordAll(t, samples, Options{Interval: step, KeyframeEvery: 5 * time.Second})
	full := openBytes(t, clean)
	// µs since the export's start of a sample's time.
	base := samples[0].Taken.Add(-samples[0].Interval)
	micro := func(at time.Time) float64 { return float64(at.Sub(base).Nanoseconds()) / 1e3 }

	if got := noDataSpans(t, exportBytes(t, clean)); len(got) != 0 {
		t.Fatalf("the clean recording exports no-data slices: %v", got)
	}

	const bad = 5 // chunk 5 holds the samples of 5 s to 6 s (two a chunk)
	c := full.chunks[bad]
	damaged := bytes.Clone(clean)
	mid := c.offset + chunkHeaderSize + int64(c.header.length)/2 - 32
	for i := mid; i < mid+64; i++ {
		damaged[i] ^= 0xff
	}
	doc := exportBytes(t, damaged)
	spans := noDataSpans(t, doc)
	lostAt := micro(fromUnixNano((c.header.t0 + c.header.t1) / 2))
	for core := range 4 {
		if !covers(spans[core], lostAt) {
			t.Fatalf("CPU %d has no no-data slice over the damaged chunk (%v µs): %v", core, lostAt, spans[core])
		}
	}
	if !strings.Contains(string(doc), "damaged") {
		t.Fatal("no no-data slice says the chunk was damaged")
	}
	if bad, n := viewerOverlaps(t, doc); len(bad) > 0 {
		t.Fatalf("%d slices; overlaps: %q", n, bad)
	}

	last := full.chunks[len(full.chunks)-1]
	cut := clean[:last.offset+chunkHeaderSize+int64(last.header.length)/2]
	doc = exportBytes(t, cut)
	spans = noDataSpans(t, doc)
	tailAt := micro(fromUnixNano(last.header.t1))
	for core := range 4 {
		if !covers(spans[core], tailAt) {
			t.Fatalf("CPU %d has no no-data slice over the cut tail (%v µs): %v", core, tailAt, spans[core])
		}
	}
	if !strings.Contains(string(doc), "cut short") {
		t.Fatal("no no-data slice says the file was cut short")
	}
	if bad, n := viewerOverlaps(t, doc); len(bad) > 0 {
		t.Fatalf("%d slices; overlaps: %q", n, bad)
	}
}

// TestExportNoDataTracerLost: records the tracer lost on a core become a no-data slice on that
// core's track, around the exact runs, and a thread's unknown stretch one on its own track.
func TestExportNoDataTracerLost(t *testing.T) {
	samples := synth(13, 4, 500*time.Millisecond)
	var buf bytes.Buffer
	w, err := NewWriter(&buf, samples[0].Host, samples[0].BootTime, Options{Interval: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	w.monoToUnix = func() int64 { return samples[1].Taken.UnixNano() - traceMono }
	tr := syntheticTrace(&samples[1].Processes[0])
	// Core 1 lost 100 ms from 300 ms on: the runs there are not known (the tracer keeps
	// none); runs of 2 ms take turns on core 1 before and after.
	tr.LostSpans = []trace.CoreSpan{{Core: 1, Start: traceMono + 300e6, End: traceMono + 400e6}}
	for i := range tr.Threads {
		var kept []trace.Run
		for _, r := range tr.Threads[i].Runs {
			if r.End <= traceMono+300e6 || r.Start >= traceMono+400e6 {
				kept = append(kept, r)
			}
		}
		tr.Threads[i].Runs = kept
	}
	tr.Threads[0].Unknown = []trace.Span{{Start: traceMono + 500e6, End: traceMono + 510e6}}
	for i, s := range samples {
		w.Append(s)
		if i == 1 {
			if err := w.AppendTrace(tr, 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	w.Close()
	doc := exportBytes(t, buf.Bytes())
	spans := noDataSpans(t, doc)
	if len(spans[1]) == 0 || !strings.Contains(string(doc), "the tracer lost records on this core") {
		t.Fatalf("no no-data slice on CPU 1 for the lost records: %v", spans)
	}
	if len(spans[0]) != 0 || len(spans[2]) != 0 {
		t.Fatalf("the lost records of core 1 show on other cores: %v", spans)
	}
	if !strings.Contains(string(doc), "what this thread did is not known") {
		t.Fatal("the thread's unknown stretch is not a no-data slice")
	}
	if bad, n := viewerOverlaps(t, doc); len(bad) > 0 {
		t.Fatalf("%d slices; overlaps: %q", n, bad)
	}
}
