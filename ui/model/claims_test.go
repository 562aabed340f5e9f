package model

import (
	"strings"
	"testing"
	"time"

	"github.com/taskscope/taskscope/claims"
)

// recordedClaims are results as `taskscope claims` gave them on a busy two-core machine.
var recordedClaims = []claims.Result{
	{ID: "gil", Verdict: claims.Holds, Why: "CPU-bound work in Python 3.11.7 on 2 workers: threads x1.02, processes x1.45, ...",
		Figures: claims.Figures{"threads_speedup": 1.02, "processes_speedup": 1.45, "python": "3.11.7", "workers": int64(2)}, Took: 13 * time.Second},
	{ID: "fork-copy", Verdict: claims.Wrong, Why: "A parent held 64 MiB; ...",
		Figures: claims.Figures{"data_bytes": int64(67108864), "child_private_after_fork_bytes": int64(950272), "child_private_after_write_bytes": int64(68153344)}},
	{ID: "context-switch", Verdict: claims.Nuanced, Why: "On one core ...",
		Figures: claims.Figures{"thread_switch_ns": int64(3732), "process_switch_ns": int64(4464), "ratio": 1.2}},
	{ID: "sync-between-processes", Verdict: claims.Wrong, Why: "Processes adding ...",
		Figures: claims.Figures{"expected": int64(8000000), "lost": int64(676084), "lost_with_lock": int64(0)}},
	{ID: "memory", Error: "demo browser did not finish within 30s; stopped"},
}

func TestClaimsTableOnRecordedResults(t *testing.T) {
	tb := NewClaimsTable()
	if len(tb.Rows) != len(claims.All()) || tb.Busy() {
		t.Fatalf("new table: %d rows, busy %v", len(tb.Rows), tb.Busy())
	}
	if got := tb.Summary(); got != "10 claims, not measured yet." {
		t.Errorf("summary before measuring: %q", got)
	}
	started := tb.Start("gil", "fork-copy", "context-switch", "sync-between-processes", "memory")
	if len(started) != 5 || !tb.Busy() {
		t.Fatalf("Start gave %v, busy %v", started, tb.Busy())
	}
	if again := tb.Start("gil", "crashes"); len(again) != 1 || again[0] != "crashes" {
		t.Errorf("starting a row already measuring again: %v, want only crashes", again)
	}
	if r := tb.Row("gil"); r.VerdictText() != "measuring..." || !strings.Contains(r.Why(), "python demo") {
		t.Errorf("measuring row: %q %q", r.VerdictText(), r.Why())
	}
	for _, r := range recordedClaims {
		if !tb.Apply(r) {
			t.Errorf("Apply(%s) = false", r.ID)
		}
	}
	if tb.Apply(claims.Result{ID: "tabs-are-threads"}) {
		t.Error("a result of no row was applied")
	}
	cases := []struct {
		id, verdict, evidence string
		tone                  Tone
	}{
		{"gil", "holds", "Python 3.11.7, 2 workers: threads x1.02, processes x1.45", ToneFirst},
		{"fork-copy", "wrong or dated", "child's own memory of 64.0 MiB: after fork 928 KiB, after writing 65.0 MiB", ToneWarning},
		{"context-switch", "holds, with a nuance", "one switch: threads 3,732 ns, processes 4,464 ns (x1.2)", ToneSecond},
		{"sync-between-processes", "wrong or dated", "updates lost of 8,000,000: no lock 676,084, lock 0", ToneWarning},
		{"memory", "not measured", "", ToneWarning},
	}
	for _, c := range cases {
		r := tb.Row(c.id)
		if r.VerdictText() != c.verdict || r.Evidence() != c.evidence || r.VerdictTone() != c.tone {
			t.Errorf("%s: %q %q tone %d, want %q %q tone %d", c.id, r.VerdictText(), r.Evidence(), r.VerdictTone(), c.verdict, c.evidence, c.tone)
		}
	}
	if why := tb.Row("memory").Why(); !strings.Contains(why, "did not finish within 30s") {
		t.Errorf("failed row's why: %q", why)
	}
	if got := tb.Summary(); got != "5 of 10 measured, 1 running..." {
		t.Errorf("summary = %q", got)
	}
	tb.Apply(claims.Result{ID: "crashes", Verdict: claims.Holds})
	if got := tb.Summary(); got != "5 of 10: 2 hold, 1 nuanced, 2 wrong, 1 failed." {
		t.Errorf("summary when done = %q", got)
	}
	if got := FiguresText(recordedClaims[0].Figures); got != "processes_speedup 1.45 · python 3.11.7 · threads_speedup 1.02 · workers 2" {
		t.Errorf("FiguresText = %q", got)
	}
}

func TestShowDemoReachesItsSubscribers(t *testing.T) {
	st := NewState()
	var got []string
	st.OnShowDemo(func(name string) { got = append(got, name) })
	st.ShowDemo("procrace")
	if len(got) != 1 || got[0] != "procrace" {
		t.Errorf("OnShowDemo got %v, want [procrace]", got)
	}
}

func TestNewDemoCardsModels(t *testing.T) {
	cs := NewCtxSwitchRun()
	cs.Apply(demosEv("ready", "core", 1))
	cs.Apply(demosEv("batch", "kind", "thread", "batch", 0, "warmup", true, "switch_ns", 9999.0))
	for _, ns := range []float64{4000, 3000, 5000} {
		cs.Apply(demosEv("batch", "kind", "thread", "batch", 1, "warmup", false, "switch_ns", ns))
		cs.Apply(demosEv("batch", "kind", "process", "batch", 1, "warmup", false, "switch_ns", ns*1.2))
	}
	bars := cs.Bars()
	if bars[0].Value != 4000 || bars[1].Value != 4800 || !strings.Contains(bars[0].Text, "3 batches") {
		t.Errorf("ctxswitch bars before the result: %+v (the warm-up must not count)", bars)
	}
	cs.Apply(demosEv("result", "thread_switch_ns", 3732.0, "process_switch_ns", 4464.0, "thread_switches_per_round", 2.01, "all_on_core", true))
	if v := cs.Verdict(); !strings.Contains(v, "1.2x") || !strings.Contains(v, "2.01 switches") || !strings.Contains(v, "core 1") {
		t.Errorf("ctxswitch verdict %q", v)
	}

	figs := map[string]RaceFigure{}
	for _, e := range []map[string]any{
		{"sync": "none", "procs": 4, "expected": 8e6, "actual": 7323916.0, "lost": 676084.0, "seconds": 0.05},
		{"sync": "lock", "procs": 4, "expected": 8e6, "actual": 8e6, "lost": 0.0, "seconds": 0.2},
	} {
		e["event"] = "result"
		sync, f, ok := ProcRaceResult(e)
		if !ok {
			t.Fatal("ProcRaceResult refused a result")
		}
		figs[sync] = f
	}
	if v := ProcRaceVerdict(map[string]RaceFigure{"lock": figs["lock"]}); v != "lock: 0 lost. Run \"none\" to see the race." {
		t.Errorf("procrace verdict with only the lock run: %q", v)
	}
	counts, full := ProcRaceBars(figs)
	if full != 8e6 || len(counts) != 3 || counts[0].Value != 7323916 || !strings.Contains(counts[0].Text, "676,084 lost") || counts[2].Text != "not run" {
		t.Errorf("procrace bars %+v full %v", counts, full)
	}
	if v := ProcRaceVerdict(figs); v != "Processes lost 676,084 of 8,000,000 updates to the counter they share: they race like threads." {
		t.Errorf("procrace verdict %q", v)
	}

	sc := NewSingleCoreRun()
	if b := sc.Bars(); b[1].Label != "all on one core" || b[2].Label != "all on every core" {
		t.Errorf("singlecore bars before a run: %+v", b)
	}
	sc.Apply(demosEv("ready", "core", 1, "workers", 2, "cores", 2))
	sc.Apply(demosEv("rate", "phase", "alone", "units_per_sec", 900.0))
	if v := sc.Verdict(); !strings.HasPrefix(v, "Run it") {
		t.Errorf("singlecore verdict with only one phase: %q", v)
	}
	sc.Apply(demosEv("result", "alone_units_per_sec", 944.0, "pinned_units_per_sec", 962.0, "spread_units_per_sec", 1836.0,
		"pinned_per_worker", []any{484.3, 477.7}))
	if v := sc.Verdict(); v != "On one core 2 workers took turns: 1.0x one alone. On 2 cores: 1.9x that." {
		t.Errorf("singlecore verdict %q", v)
	}
	if b := sc.Bars(); b[1].Label != "2 on one core" || b[2].Value != 1836 || b[1].Text != "962 units/s, each 484, 478" {
		t.Errorf("singlecore bars %+v", b)
	}
}

// demosEv builds an event from kind and key, value pairs.
func demosEv(kind string, kv ...any) map[string]any {
	e := map[string]any{"event": kind}
	for i := 0; i+1 < len(kv); i += 2 {
		v := kv[i+1]
		if n, ok := v.(int); ok {
			v = float64(n)
		}
		e[kv[i].(string)] = v
	}
	return e
}
