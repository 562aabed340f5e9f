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
