package trace

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/taskscope/taskscope/trace/internal/perf"
)

// FuzzReadTraceJSON feeds arbitrary bytes as a recorded trace: no panic, and a trace accepted
// keeps the promises the builder's do (runs in order, on known cores, adding up).
func FuzzReadTraceJSON(f *testing.F) {
	f.Add([]byte(`{"source":"perf","exact":true,"lost":0,"start_ns":1,"end_ns":9,"cores":2,"threads":[{"pid":1,"tid":1,"name":"a","process":"a","born_ns":null,"ended_ns":8,"runs":[{"core":1,"start_ns":2,"end_ns":4,"after":"runnable"}]}]}`))
	f.Add([]byte(`{"source":"sampled","cores":1,"threads":[{"runs":[{"core":0,"start_ns":5,"end_ns":4}]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		tr, err := ReadJSON(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, th := range tr.Threads {
			var sum int64
			for i, r := range th.Runs {
				if r.Core < 0 || r.Core >= tr.Cores || r.End < r.Start || i > 0 && r.Start < th.Runs[i-1].End {
					t.Fatalf("accepted run %v", r)
				}
				sum += r.Len()
			}
			if sum != th.RunNS {
				t.Fatalf("run time %d, runs add to %d", th.RunNS, sum)
			}
		}
		var out bytes.Buffer
		if err := WriteJSON(&out, tr); err != nil {
			t.Fatal(err)
		}
	})
}

// TestTraceJSONRoundTrip writes a built trace and reads it back unchanged.
func TestTraceJSONRoundTrip(t *testing.T) {
	b := build(100,
		&perf.Record{Kind: perf.Comm, PID: 10, TID: 10, CPU: 1, Time: 105, Name: "prog", Exec: true},
		&perf.Record{Kind: perf.Fork, PID: 10, PPID: 10, TID: 11, PTID: 10, Time: 110},
		out(10, 10, 1, 112, false), in(10, 11, 0, 115),
		&perf.Record{Kind: perf.Lost, CPU: 0, LostFrom: 116, Time: 118, Lost: 2},
		in(10, 11, 0, 130),
	)
	want := b.snapshot(200)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got.Source != want.Source || got.Exact != want.Exact || got.Lost != want.Lost || len(got.Threads) != len(want.Threads) || len(got.LostSpans) != 1 {
		t.Fatalf("read back %+v, wrote %+v", got, want)
	}
	for i := range want.Threads {
		w, g := want.Threads[i], got.Threads[i]
		if !slices.Equal(w.Runs, g.Runs) || !slices.Equal(w.Unknown, g.Unknown) || w.RunNS != g.RunNS || w.Name != g.Name || w.Born != g.Born || w.Before != g.Before {
			t.Errorf("thread %d: read back %+v, wrote %+v", w.TID, g, w)
		}
	}
	if _, err := ReadJSON(strings.NewReader(`{"source":"perf","cores":1,"start_ns":5,"end_ns":1}`)); err == nil {
		t.Error("a trace ending before it starts was accepted")
	}
}

// TestReadTraceJSONTooLarge: a small file that names many cores and many threads is refused
// before anything is sized by it.
func TestReadTraceJSONTooLarge(t *testing.T) {
	in := `{"source":"perf","cores":65536,"threads":[` + strings.Repeat(`{},`, 99) + `{}]}`
	if _, err := ReadJSON(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), "more than a trace holds") {
		t.Fatalf("100 threads on 65,536 cores: %v, want a refusal", err)
	}
}
