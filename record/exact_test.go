package record

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/proctest"
	"github.com/taskscope/taskscope/internal/testenv"
	"github.com/taskscope/taskscope/trace"
)

// viewerOverlaps reads an export as a viewer does (every number a double, as JavaScript reads
// it) and returns, per track, each place where a slice ends after the next one begins: by the
// double sum ts+dur, by the same sum taken from the track's first ts (as speedscope does), and
// by the integer nanoseconds Perfetto turns them into.
func viewerOverlaps(t testing.TB, doc []byte) (bad []string, slicesSeen int) {
	t.Helper()
	var d struct {
		TraceEvents []struct {
			Ph   string  `json:"ph"`
			TS   float64 `json:"ts"`
			Dur  float64 `json:"dur"`
			PID  int     `json:"pid"`
			TID  int     `json:"tid"`
			Name string  `json:"name"`
		} `json:"traceEvents"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatalf("the export is not valid JSON: %v", err)
	}
	type sl struct{ ts, dur float64 }
	tracks := map[[2]int][]sl{}
	for _, e := range d.TraceEvents {
		if e.Ph == "X" {
			tracks[[2]int{e.PID, e.TID}] = append(tracks[[2]int{e.PID, e.TID}], sl{e.TS, e.Dur})
			slicesSeen++
		}
	}
	ns := func(us float64) int64 { return int64(math.Round(us * 1e3)) }
	for k, ss := range tracks {
		slices.SortStableFunc(ss, func(a, b sl) int { return cmpFloat(a.ts, b.ts) })
		// speedscope subtracts the track's first ts from each ts before it adds dur.
		first := ss[0].ts
		for i := 1; i < len(ss); i++ {
			a, b := ss[i-1], ss[i]
			if a.ts+a.dur > b.ts {
				bad = append(bad, fmt.Sprintf("track %v: %v + %v = %v > next ts %v", k, a.ts, a.dur, a.ts+a.dur, b.ts))
			}
			if (a.ts-first)+a.dur > b.ts-first {
				bad = append(bad, fmt.Sprintf("track %v from its first ts %v: %v + %v = %v > next %v", k, first, a.ts-first, a.dur, (a.ts-first)+a.dur, b.ts-first))
			}
			if ns(a.ts)+ns(a.dur) > ns(b.ts) {
				bad = append(bad, fmt.Sprintf("track %v: in ns %d + %d > next %d", k, ns(a.ts), ns(a.dur), ns(b.ts)))
			}
		}
	}
	return bad, slicesSeen
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestExactSpanIssueCase is the pair the issue found in a real export: written as plain
// three-decimal microseconds, 1106387.226 + 291.941 reads back past the next slice's ts.
func TestExactSpanIssueCase(t *testing.T) {
	start, end := int64(1106387226), int64(1106679167)
	naive := strconv.FormatFloat(float64(end-start)/1e3, 'f', 3, 64)
	ts, _ := strconv.ParseFloat(microString(start), 64)
	next, _ := strconv.ParseFloat(microString(end), 64)
	nd, _ := strconv.ParseFloat(naive, 64)
	if ts+nd <= next {
		t.Fatalf("the naive form no longer shows the problem (%v + %v <= %v): the test would prove nothing", ts, nd, next)
	}
	tsN, durN := exactSpan(start, end, 0)
	tf, _ := tsN.Float64()
	df, _ := durN.Float64()
	if tf+df > next {
		t.Fatalf("exactSpan gives %s + %s = %v, past the next ts %v", tsN, durN, tf+df, next)
	}
	if math.Abs(df*1e3-float64(end-start)) > 0.01 {
		t.Fatalf("dur %s is not %d ns to within a hundredth of a ns", durN, end-start)
	}
}

// FuzzExactSpan checks the invariant for any back-to-back pair on a track whose first slice
// starts at some earlier time: the double sum of the first slice's ts and dur never passes the
// second's ts, neither as written nor taken from the track's first ts (speedscope's way), and
// dur stays within a ns of the truth.
func FuzzExactSpan(f *testing.F) {
	f.Add(int64(1106387226), int64(291941), int64(0))
	f.Add(int64(0), int64(1), int64(0))
	f.Add(int64(3_600_000_000_123), int64(999_999), int64(17))
	// The pair speedscope warned of: 439895.759 + 302.256, on a track that began at 177344.471.
	f.Add(int64(439895759), int64(302256), int64(262551288))
	f.Fuzz(func(t *testing.T, start, dur, before int64) {
		start, dur = absMod(start, 1<<50), absMod(dur, 1<<40)
		first := start - absMod(before, start+1)
		end := start + dur
		tsN, durN := exactSpan(start, end, first)
		tf, err1 := tsN.Float64()
		df, err2 := durN.Float64()
		next, _ := strconv.ParseFloat(microString(end), 64)
		ff, _ := strconv.ParseFloat(microString(first), 64)
		if err1 != nil || err2 != nil || df < 0 {
			t.Fatalf("bad numbers %q %q", tsN, durN)
		}
		if tf+df > next {
			t.Fatalf("%s + %s = %v > %v", tsN, durN, tf+df, next)
		}
		if (tf-ff)+df > next-ff {
			t.Fatalf("from the track's first ts %v: %v + %s = %v > %v", ff, tf-ff, durN, (tf-ff)+df, next-ff)
		}
		if math.Abs(df*1e3-float64(dur)) > 1 {
			t.Fatalf("dur %s is more than a ns from %d ns", durN, dur)
		}
	})
}

func absMod(v, m int64) int64 {
	v %= m
	if v < 0 {
		v = -v
	}
	return v
}

// FuzzExportExact exports a trace of back-to-back runs whose lengths come from the fuzzer, at a
// start time that makes the numbers large, and reads the export as a viewer does.
func FuzzExportExact(f *testing.F) {
	f.Add(uint64(1), []byte{29, 194, 7, 255, 1, 0, 13})
	f.Add(uint64(99), []byte("back to back to back"))
	f.Fuzz(func(t *testing.T, seed uint64, lens []byte) {
		if len(lens) == 0 || len(lens) > 2000 {
			return
		}
		runs := make([]int64, len(lens))
		for i, b := range lens {
			runs[i] = int64(b)*7919 + int64(seed%1000) + 1
		}
		doc := exportRuns(t, seed, runs)
		if bad, n := viewerOverlaps(t, doc); len(bad) > 0 || n == 0 {
			t.Fatalf("%d slices; overlaps: %q", n, bad)
		}
	})
}

// TestExportViewerExactRealTrace records the tokens workload (two threads handing one core back
// and forth, so every run ends where the next begins) with an exact trace, exports it, and reads
// the export as a viewer does: no slice may end after the next on its track begins.
func TestExportViewerExactRealTrace(t *testing.T) {
	doc, _ := tokensExport(t)
	bad, n := viewerOverlaps(t, doc)
	if n < 100 {
		t.Fatalf("only %d slices in the export of 3 s of a workload switching every 300 µs", n)
	}
	if len(bad) > 0 {
		t.Fatalf("%d of %d slices end after the next begins, e.g. %q", len(bad), n, bad[:min(len(bad), 5)])
	}
	t.Logf("%d slices, none overlapping as a viewer reads them", n)
}

// tokensExport records 3 s of the tokens workload with an exact trace (skipping when the
// kernel refuses perf events, unless CI=true) and returns its export and the thread names.
func tokensExport(t *testing.T) ([]byte, []string) {
	t.Helper()
	argv, env, err := proctest.TraceWorkload(proctest.ModeTokens, "TOKEN_SECONDS=4", "TOKEN_HOLD_US=300")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	if !bufio.NewScanner(out).Scan() {
		t.Fatal("the tokens workload did not report ready")
	}
	path := filepath.Join(t.TempDir(), "tokens.tsrec")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var log bytes.Buffer
	rec, err := Record(ctx, Session{ProcRoot: "/proc", Path: path, TracePID: cmd.Process.Pid, Log: &log,
		Options: Options{Interval: 100 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if rec.TraceChunks == 0 {
		testenv.Missing(t, "perf events", "no exact trace: "+strings.TrimSpace(log.String()), "sudo sysctl kernel.perf_event_paranoid=2")
	}
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var doc bytes.Buffer
	if err := Export(r, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Bytes(), []string{proctest.TokenA, proctest.TokenB}
}

// exportRuns records a few samples and a trace in which two threads take turns on core 0 with
// runs of the given lengths (ns), back to back, and returns the export.
func exportRuns(t testing.TB, seed uint64, runs []int64) []byte {
	t.Helper()
	samples := synth(seed, 4, 500*time.Millisecond)
	var buf bytes.Buffer
	w, err := NewWriter(&buf, samples[0].Host, samples[0].BootTime, Options{Interval: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	p := &samples[1].Processes[0]
	mono := int64(traceMono) + int64(seed%1e9)*1013
	w.monoToUnix = func() int64 { return samples[1].Taken.UnixNano() - mono }
	tr := syntheticTrace(p)
	tr.StartNS = mono
	a, b := tr.Threads[0], tr.Threads[1]
	a.Runs, b.Runs = nil, nil
	at := mono
	for i, d := range runs {
		run := trace.Run{Core: 0, Start: at, End: at + d}
		if i%2 == 0 {
			a.Runs = append(a.Runs, run)
		} else {
			b.Runs = append(b.Runs, run)
		}
		at += d
	}
	tr.EndNS = at
	tr.Threads = []trace.Thread{a, b}
	for i, s := range samples {
		if err := w.Append(s); err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			if err := w.AppendTrace(tr, 0); err != nil {
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
	return out.Bytes()
}
