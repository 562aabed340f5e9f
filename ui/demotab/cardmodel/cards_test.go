package cardmodel

import (
	"strings"
	"testing"
)

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
