package cardmodel

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
)

var tCrash = time.Date(2026, 3, 2, 12, 5, 7, 0, time.Local)

// TestBrowserTombstones replays each model's crash and checks what the tombstone says died
// and what survived.
func TestBrowserTombstones(t *testing.T) {
	threadsCrash := append(browserStart("threads", 100),
		ev("fault", "tab", 2, "pid", 100, "tid", 102, "address", "0x0", "message", "tab writes through a null pointer"))
	for n := 1; n <= 4; n++ {
		threadsCrash = append(threadsCrash,
			ev("crashed", "tab", n, "pid", 100, "tid", 100+n, "reason", "SIGSEGV", "source", "launcher"),
			ev("tab", "tab", n, "pid", 100, "tid", 100+n, "state", "crashed", "reason", "SIGSEGV", "source", "launcher"))
	}
	threadsCrash = append(threadsCrash, ev("exited", "pid", 100, "reason", "killed by SIGSEGV"))
	processesCrash := append(browserStart("processes", 200),
		ev("fault", "tab", 2, "pid", 202, "tid", 202, "message", "tab writes through a null pointer"),
		ev("crashed", "tab", 2, "pid", 202, "reason", "SIGSEGV"),
		ev("tab", "tab", 2, "pid", 202, "state", "crashed", "reason", "SIGSEGV"))
	for _, c := range []struct {
		model   string
		events  []demos.Event
		crashed []int
		tomb    []string
	}{
		{"threads", threadsCrash, []int{1, 2, 3, 4}, []string{"12:05:07", "Tab 2 (thread 102 of pid 100) writes through a null pointer",
			"killed by SIGSEGV", "Threads model: all 4 tabs lost with the process (tabs 1, 2, 3, 4)"}},
		{"processes", processesCrash, []int{2}, []string{"12:05:07", "Tab 2 (pid 202) writes through a null pointer and died: SIGSEGV",
			"Processes model: tab 2 lost; tabs 1, 3, 4 still running"}},
		{"threads", append(browserStart("threads", 100), ev("exited", "pid", 100, "reason", demos.ReasonExitedOK)), nil, nil},
	} {
		b := NewBrowserState(c.model)
		b.Clock = func() time.Time { return tCrash }
		pid, _ := c.events[0].Int("pid")
		b.Reset(pid)
		for _, e := range c.events {
			b.Apply(e)
		}
		if got := b.WithState("crashed"); !slices.Equal(got, c.crashed) {
			t.Errorf("%s: crashed tabs %v, want %v", c.model, got, c.crashed)
		}
		if c.tomb == nil {
			if b.TombstoneText(false) != "" {
				t.Errorf("%s: a clean exit left a tombstone: %q", c.model, b.TombstoneText(false))
			}
			continue
		}
		wantContains(t, c.model+" tombstone", b.TombstoneText(false), c.tomb...)
		if short := b.TombstoneText(true); strings.Count(short, "\n") != 1 || !strings.Contains(short, "Tab 2") {
			t.Errorf("%s: short tombstone %q, want two lines naming tab 2", c.model, short)
		}
	}
}

func TestBrowserTabCells(t *testing.T) {
	b := NewBrowserState("processes")
	b.Reset(200)
	for _, e := range browserStart("processes", 200) {
		b.Apply(e)
	}
	b.Apply(ev("read", "tab", 1, "pid", 201, "tid", 201, "value", 42, "address", "0x7e5f00"))
	wantContains(t, "tab 1", b.TabCellText(b.Tabs[1], false), "Tab 1: alive", "reads 42\nat 0x7e5f00", "pid 201  tid 201")
	// A reload is a new process: its old reading means nothing.
	b.Apply(ev("tab", "tab", 1, "pid", 205, "tid", 205, "state", "alive"))
	wantContains(t, "reloaded", b.TabCellText(b.Tabs[1], false), "no reading yet", "pid 205")
	if got := b.TabCellText(b.Tabs[1], true); got != "Tab 1 · pid 205\nno reading yet" {
		t.Errorf("compact cell = %q", got)
	}
	b.Apply(ev("tab", "tab", 4, "pid", 204, "state", "closed"))
	if !slices.Equal(b.WithState("alive"), []int{1, 2, 3}) {
		t.Errorf("alive = %v", b.WithState("alive"))
	}
}

func TestBrowserMemoryComparison(t *testing.T) {
	owners := map[int]string{100: "threads", 200: "processes", 201: "processes", 202: "processes"}
	mem := map[int]inspect.MemoryBreakdown{
		100: {Available: true, RSS: 40 << 20, PSS: 38 << 20, Private: 36 << 20},
		200: {Available: true, RSS: 10 << 20, PSS: 6 << 20, Private: 4 << 20},
		201: {Available: true, RSS: 20 << 20, PSS: 16 << 20, Private: 14 << 20},
		202: {Available: true, RSS: 20 << 20, PSS: 16 << 20, Private: 14 << 20},
		999: {Available: true, RSS: 1 << 30}, // not a browser's
	}
	sums := SumMemory(owners, mem)
	recs := map[string]MemRecord{}
	for model, tabs := range map[string]int{"threads": 2, "processes": 2} {
		r := recs[model]
		r.Start(tabs)
		r.Record(sums[model], tabs)
		recs[model] = r
	}
	bars, note := MemoryBars(recs)
	for label, want := range map[string]float64{
		"RSS, threads (1 process)":         40,
		"RSS, processes (3 processes)":     50,
		"PSS, processes (3 processes)":     38,
		"Private, threads (1 process)":     36,
		"Private, processes (3 processes)": 32,
	} {
		i := slices.IndexFunc(bars, func(b model.Bar) bool { return b.Label == label })
		if i < 0 || bars[i].Value != want {
			t.Errorf("%s: %+v, want %v MiB", label, bars, want)
		}
	}
	wantContains(t, "note", note, "Both with 2 tabs open")
}

// TestBrowserMemoryAfterCrash: after the threads browser crashed and a tab process crashed
// too, the comparison is still of both models with all their tabs, as launched: processes
// cost more, as they did. The dead run is marked as ended, the survivor's loss is shown.
func TestBrowserMemoryAfterCrash(t *testing.T) {
	mib := func(n uint64) uint64 { return n << 20 }
	recs := map[string]MemRecord{}
	th, pr := recs["threads"], recs["processes"]
	th.Start(3)
	pr.Start(3)
	th.Record(MemTotal{RSS: mib(60), PSS: mib(58), Private: mib(56), Procs: 1}, 3)
	pr.Record(MemTotal{RSS: mib(120), PSS: mib(90), Private: mib(80), Procs: 4}, 3)
	// Tab 2 of the processes model crashes: 3 processes left, 2 tabs open.
	pr.Record(MemTotal{RSS: mib(90), PSS: mib(68), Private: mib(60), Procs: 3}, 2)
	// The threads browser crashes whole: its run ends, no more readings.
	th.Ended = true
	recs["threads"], recs["processes"] = th, pr
	bars, note := MemoryBars(recs)
	get := func(label string) model.Bar {
		i := slices.IndexFunc(bars, func(b model.Bar) bool { return b.Label == label })
		if i < 0 {
			t.Fatalf("no bar %q in %+v", label, bars)
		}
		return bars[i]
	}
	thPSS, prPSS := get("PSS, threads (1 process)"), get("PSS, processes (4 processes)")
	if thPSS.Value != 58 || prPSS.Value != 90 || prPSS.Value <= thPSS.Value {
		t.Errorf("PSS threads %v, processes %v: want the 3-tab figures, processes the dearer", thPSS.Value, prPSS.Value)
	}
	wantContains(t, "threads", thPSS.Text, "58.0 MiB", "last run, ended")
	wantContains(t, "processes", prPSS.Text, "90.0 MiB", "now 2 tabs: 68.0 MiB")
	wantContains(t, "note", note, "Both with 3 tabs")
	// Launched with different tab counts, the models are not drawn against each other.
	pr.Start(4)
	pr.Record(MemTotal{RSS: mib(150), PSS: mib(110), Private: mib(100), Procs: 5}, 4)
	recs["processes"] = pr
	bars, note = MemoryBars(recs)
	wantContains(t, "note", note, "Not comparable", "threads ran 3 tabs, processes 4 tabs")
	for _, b := range bars {
		if b.Value != 0 {
			t.Errorf("bar %q drawn at %v for runs of different sizes", b.Label, b.Value)
		}
	}
}

func TestDemoVerdicts(t *testing.T) {
	for _, c := range []struct {
		name, got string
		want      []string
	}{
		{"race", RaceVerdict(map[string]RaceFigure{
			"none":   {Expected: 4e6, Actual: 1.7e6, Lost: 2.3e6, Seconds: 0.05},
			"mutex":  {Expected: 4e6, Actual: 4e6, Seconds: 0.5},
			"atomic": {Expected: 4e6, Actual: 4e6, Seconds: 0.1},
		}), []string{"2,300,000 of 4,000,000 additions were lost (57.5 %)", "With a mutex: 0 lost, 10x the time",
			"With an atomic add: 0 lost, 2.0x the time"}},
		{"mutex faster", RaceVerdict(map[string]RaceFigure{
			"none":  {Expected: 4e7, Actual: 2e7, Lost: 2e7, Seconds: 0.9},
			"mutex": {Expected: 4e7, Actual: 4e7, Seconds: 0.6},
		}), []string{"0.7x the time", "Why was a mutex faster than no lock?", "cache-line contention", "only the locked counts are right"}},
		{"lucky race", RaceVerdict(map[string]RaceFigure{"none": {Expected: 4e6, Actual: 4e6, Seconds: 0.016}}),
			[]string{"nothing was lost this time", "luck, not safety", "Run the other synchronisations"}},
		{"crunch cpu", CrunchVerdict("cpu", map[string]CrunchFigure{"threads": {Units: 2000}, "processes": {Units: 1900}, "locked-threads": {Units: 1000}}),
			[]string{"Processes did 0.9x the work of threads", "Locked threads did 0.5x the work of free threads", "GIL"}},
		{"crunch io", CrunchVerdict("io", map[string]CrunchFigure{"threads": {Units: 200}, "locked-threads": {Units: 199}}),
			[]string{"1.0x", "waits still overlap", "Run the other models"}},
		{"crunch none", CrunchVerdict("cpu", nil), []string{"Launch threads first"}},
		{"editor", EditorVerdict(map[string]EditorLatency{"threads": {P99: 0.4, Seen: true}, "single": {P99: 61, Seen: true}}),
			[]string{"61.00 ms with one thread against 0.40 ms with five", "153x as long"}},
		{"editor half", EditorVerdict(map[string]EditorLatency{"threads": {P99: 0.4, Seen: true}}), []string{"Run both models"}},
	} {
		wantContains(t, c.name, c.got, c.want...)
	}
}

func TestDemoResultsAndBars(t *testing.T) {
	l, ok := EditorResult(ev("result", "model", "single", "keys", 48, "latency_p50_ms", 12.5, "latency_p99_ms", 61.0, "max_ms", 70.0))
	if !ok || l.P99 != 61 || l.Keys != 48 {
		t.Errorf("editor result %+v", l)
	}
	bars := EditorBars(map[string]EditorLatency{"single": l})
	if bars[1].Label != "p50, single" || bars[1].Value != 12.5 || bars[0].Text != "not run" {
		t.Errorf("editor bars %+v", bars)
	}
	name, kind, f, ok := CrunchResult(ev("result", "model", "threads", "kind", "cpu", "units_per_sec", 2000, "workers", 2, "per_worker", []any{1000.0, 1000.0}))
	if !ok || name != "threads" || kind != "cpu" || f.Units != 2000 || len(f.PerWorker) != 2 {
		t.Errorf("crunch result %v %v %+v", name, kind, f)
	}
	cb := CrunchBars("cpu", map[string]CrunchFigure{"threads": f})
	if cb[0].Value != 2000 || cb[1].Text != "not run" || cb[0].Text != "2000/s = 1000 + 1000" {
		t.Errorf("crunch bars %+v", cb)
	}
	sync, rf, ok := RaceResult(ev("result", "sync", "none", "expected", 100, "actual", 60, "lost", 40, "seconds", 0.5, "threads", 4))
	counts, times, full := RaceBars(map[string]RaceFigure{sync: rf})
	if !ok || full != 100 || counts[0].Value != 60 || counts[0].Tone != model.ToneWarning || counts[0].Text != "60 of 100, 40 lost (40.0 %)" ||
		counts[1].Text != "not run" || times[0].Value != 0.5 {
		t.Errorf("race bars %+v %+v %v", counts, times, full)
	}
	cost := CostBars(ev("result", "thread_create_us", 10, "process_create_us", 1000), CostCreate, "µs")
	if cost[1].Value != 1000 || cost[1].Text != "1000 µs  (100x the threads')" || cost[2].Text != "not measured" {
		t.Errorf("cost bars %+v", cost)
	}
}

func TestDemoEventsAndPIDs(t *testing.T) {
	if got := DescribeEvent(ev("result", "b", 2.5, "a", 1, "s", "two words\nmore")); got != `result a=1 b=2.5 s="two words ..."` {
		t.Errorf("DescribeEvent = %q", got)
	}
	if got := LaunchError(demos.ErrBudget); got == "" || got[:12] != "Not started:" {
		t.Errorf("LaunchError(budget) = %q", got)
	}
	if got := LaunchError(errors.New("boom")); got != "Could not start: boom" {
		t.Errorf("LaunchError = %q", got)
	}
	p := DemoPIDs{100: true}
	steps := []struct {
		e    demos.Event
		want bool
	}{
		{ev("tab", "tab", 1, "pid", 101, "state", "alive"), true},
		{ev("tab", "tab", 1, "pid", 101, "state", "alive"), false},
		{ev("tab", "tab", 2, "pid", 100, "state", "alive"), false}, // the demo itself
		{ev("crashed", "tab", 1, "pid", 101), true},
		{ev("exited", "pid", 102), false},
	}
	for i, s := range steps {
		if got := p.Track(s.e, 100); got != s.want {
			t.Errorf("step %d: changed %v", i, got)
		}
	}
	if !slices.Equal(p.List(), []int{100}) {
		t.Errorf("pids = %v", p.List())
	}
	if !ev("exited", "reason", demos.ReasonExitedOK).ExitedOK() || ev("exited", "reason", "exit status 1").ExitedOK() {
		t.Error("ExitedOK")
	}
}

// TestEventLines: the log says what matters, and marks the periodic reports.
func TestEventLines(t *testing.T) {
	for _, c := range []struct {
		e        demos.Event
		want     string
		periodic bool
	}{
		{ev("read", "tab", 1, "pid", 100, "tid", 101, "value", 42, "address", "0x7e5f00"), "tab 1 reads 42 at 0x7e5f00", false},
		{ev("crashed", "tab", 2, "pid", 202, "reason", "SIGSEGV"), "tab 2 crashed: SIGSEGV", false},
		{ev("fault", "tab", 2, "message", "tab writes through a null pointer"), "tab 2: writes through a null pointer", false},
		{ev("tab", "tab", 3, "pid", 7, "state", "closed"), "tab 3 closed (pid 7)", false},
		{ev("memory", "model", "threads", "total_rss_bytes", 40<<20), "memory: 40.0 MiB resident in all", true},
		{ev("result", "model", "single", "keys", 48, "latency_p50_ms", 12.5, "latency_p99_ms", 61.0), "single: p50 12.50 ms, p99 61.00 ms, 48 keys", true},
		{ev("result", "sync", "none", "expected", 100, "actual", 60, "lost", 40, "seconds", 0.5), "none: 60 of 100, 40 lost, 0.500 s", false},
		{ev("exited", "reason", "exit status 1", "stderr", "boom\nmore"), "ended: exit status 1 (boom ...)", false},
	} {
		line, periodic := EventLine(c.e)
		if line != c.want || periodic != c.periodic {
			t.Errorf("%v: %q (periodic %v), want %q (%v)", c.e, line, periodic, c.want, c.periodic)
		}
	}
}

// TestEditorSteady: the figure stands on the last few seconds, so one second's burst does not
// swing it.
func TestEditorSteady(t *testing.T) {
	var rs []EditorLatency
	for _, p99 := range []float64{100, 9, 30, 60, 12, 45} { // the first falls out of the window
		rs = append(rs, EditorLatency{P50: 1, P99: p99, MaxMs: p99 + 1, Keys: 50, Seen: true})
	}
	got := EditorSteady(rs)
	if got.P99 != 30 || got.MaxMs != 61 || got.Keys != 250 || got.P50 != 1 {
		t.Errorf("steady = %+v, want p99 30 (median of 9 30 60 12 45), max 61, 250 keys", got)
	}
	if EditorSteady(nil).Seen {
		t.Error("no results, yet seen")
	}
}
