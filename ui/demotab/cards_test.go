package demotab

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/demotab/cardmodel"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/model/modeltest"
)

var tCrash = time.Date(2026, 3, 2, 12, 5, 7, 0, time.Local)

func TestBrowserThreadsCrashTakesEveryTab(t *testing.T) {
	p := newTestPanel(t)
	b := browserOf(p).threads
	b.state.Clock = func() time.Time { return tCrash }
	r := fakeRun(b.slot, 7, 100)
	feed(b.slot, modeltest.BrowserStart("threads", 100)...)
	if !p.st.Marked()[100] {
		t.Errorf("marked = %v, want the browser's pid 100", p.st.Marked())
	}
	// A write from tab 1 is read by every tab: they share one address space.
	for n := 1; n <= 4; n++ {
		feed(b.slot, modeltest.Ev("read", "tab", n, "pid", 100, "tid", 100+n, "value", 42, "address", "0x7e5f00"))
	}
	for i, c := range b.cells {
		modeltest.WantContains(t, fmt.Sprintf("cell %d", i), c, "alive", "reads 42\nat 0x7e5f00", fmt.Sprintf("pid 100  tid %d", 101+i))
	}
	if b.tomb.Visible() {
		t.Error("tombstone shown before any crash")
	}

	// Tab 2 faults; the launcher reports every tab lost with the process, then the end.
	feed(b.slot, modeltest.Ev("fault", "tab", 2, "pid", 100, "tid", 102, "address", "0x0", "message", "tab writes through a null pointer"))
	for n := 1; n <= 4; n++ {
		feed(b.slot,
			modeltest.Ev("crashed", "tab", n, "pid", 100, "tid", 100+n, "reason", "SIGSEGV", "source", "launcher"),
			modeltest.Ev("tab", "tab", n, "pid", 100, "tid", 100+n, "state", "crashed", "reason", "SIGSEGV", "source", "launcher"))
	}
	b.slot.deliver(r, modeltest.Ev("exited", "id", 7, "name", "browser", "pid", 100, "reason", "killed by SIGSEGV", "signal", "SIGSEGV"))

	if got := crashedTabs(b.state); !slices.Equal(got, []int{1, 2, 3, 4}) {
		t.Errorf("crashed tabs = %v, want all four", got)
	}
	for i, c := range b.cells {
		modeltest.WantContains(t, fmt.Sprintf("cell %d", i), c, "crashed", "SIGSEGV")
	}
	if !b.tomb.Visible() {
		t.Fatal("no tombstone after the crash")
	}
	modeltest.WantContains(t, "tombstone", b.tomb.Text,
		"12:05:07", "Tab 2 (thread 102 of pid 100) writes through a null pointer", "killed by SIGSEGV",
		"Threads model: all 4 tabs lost with the process (tabs 1, 2, 3, 4)")
	modeltest.WantContains(t, "status", b.slot.status.Text, "Ended: killed by SIGSEGV")
	if b.slot.running() || b.launchDisabled() {
		t.Error("slot still running after exited")
	}
	if len(p.st.Marked()) != 0 {
		t.Errorf("marks left after exit: %v", p.st.Marked())
	}
	// Events of an ended run are not shown.
	b.slot.deliver(r, modeltest.Ev("read", "tab", 1, "value", 99))
	if b.state.Tabs[1].Value == 99 {
		t.Error("an event after exited was applied")
	}
}

func (b *browserPane) launchDisabled() bool { return b.slot.launchBtn.Disabled() }

func TestBrowserProcessesCrashIsIsolated(t *testing.T) {
	p := newTestPanel(t)
	b := browserOf(p).processes
	b.state.Clock = func() time.Time { return tCrash }
	fakeRun(b.slot, 8, 200)
	feed(b.slot, modeltest.BrowserStart("processes", 200)...)
	if got := p.st.Marked(); len(got) != 5 || !got[200] || !got[204] {
		t.Errorf("marked = %v, want the browser and its four tab processes", got)
	}
	// Only the writer sees the new value: the other tabs' copies sit at the same address
	// in address spaces of their own.
	feed(b.slot, modeltest.Ev("read", "tab", 1, "pid", 201, "tid", 201, "value", 42, "address", "0x7e5f00"))
	modeltest.WantContains(t, "tab 1", b.cells[0], "reads 42\nat 0x7e5f00", "pid 201")
	modeltest.WantContains(t, "tab 3", b.cells[2], "reads 0\nat 0x7e5f00", "pid 203")

	feed(b.slot,
		modeltest.Ev("fault", "tab", 2, "pid", 202, "tid", 202, "message", "tab writes through a null pointer"),
		modeltest.Ev("crashed", "tab", 2, "pid", 202, "reason", "SIGSEGV", "exit", "killed by SIGSEGV"),
		modeltest.Ev("tab", "tab", 2, "pid", 202, "state", "crashed", "reason", "SIGSEGV"))
	if got := aliveTabs(b.state); !slices.Equal(got, []int{1, 3, 4}) {
		t.Errorf("alive tabs = %v, want 1, 3, 4", got)
	}
	modeltest.WantContains(t, "tab 2", b.cells[1], "crashed", "SIGSEGV", "pid 202")
	modeltest.WantContains(t, "tombstone", b.tomb.Text, "12:05:07", "Tab 2 (pid 202) writes through a null pointer and died: SIGSEGV",
		"Processes model: tab 2 lost; tabs 1, 3, 4 still running")
	if p.st.Marked()[202] || !p.st.Marked()[201] {
		t.Errorf("marked = %v, want the dead tab's pid dropped and the others kept", p.st.Marked())
	}
	if !b.slot.running() {
		t.Error("the browser stopped with one tab")
	}

	// Reload starts a new process for tab 2; the tombstone stays as the record.
	b.pick.SetSelected("Tab 2")
	b.redraw()
	if b.reload.Disabled() || !b.crash.Disabled() {
		t.Error("for a crashed tab, reload should be enabled and crash disabled")
	}
	feed(b.slot, modeltest.Ev("tab", "tab", 2, "pid", 205, "tid", 205, "state", "alive"))
	modeltest.WantContains(t, "reloaded tab 2", b.cells[1], "alive", "no reading yet", "pid 205")
	if !p.st.Marked()[205] {
		t.Errorf("reloaded tab's pid not marked: %v", p.st.Marked())
	}
	modeltest.WantContains(t, "tombstone after reload", b.tomb.Text, "tab 2 lost")

	// A tab closed by the user is drawn closed and no longer offered for commands.
	feed(b.slot, modeltest.Ev("tab", "tab", 4, "pid", 204, "state", "closed"))
	modeltest.WantContains(t, "tab 4", b.cells[3], "closed")
	if slices.Contains(b.pick.Options, "Tab 4") {
		t.Errorf("closed tab still offered: %v", b.pick.Options)
	}
}

// TestBrowserMemoryComparison: readings of both running browsers, with all their tabs open,
// are drawn side by side; after a crash the figures with every tab stay the ones compared.
func TestBrowserMemoryComparison(t *testing.T) {
	p := newTestPanel(t)
	c := browserOf(p)
	for i, b := range []*browserPane{c.threads, c.processes} {
		b.tabs.SetValue(4)
		fakeRun(b.slot, 10+i, 100+100*i)
		feed(b.slot, modeltest.BrowserStart(b.model, 100+100*i)...)
	}
	owners := map[int]string{100: "threads", 200: "processes", 201: "processes", 202: "processes"}
	mem := map[int]inspect.MemoryBreakdown{
		100: {Available: true, RSS: 40 << 20, PSS: 38 << 20, Private: 36 << 20},
		200: {Available: true, RSS: 10 << 20, PSS: 6 << 20, Private: 4 << 20},
		201: {Available: true, RSS: 20 << 20, PSS: 16 << 20, Private: 14 << 20},
		202: {Available: true, RSS: 20 << 20, PSS: 16 << 20, Private: 14 << 20},
	}
	c.showMemory(owners, mem)
	for label, want := range map[string]float64{
		"RSS, threads (1 process)":         40,
		"RSS, processes (3 processes)":     50,
		"PSS, processes (3 processes)":     38,
		"Private, threads (1 process)":     36,
		"Private, processes (3 processes)": 32,
	} {
		if got := barValue(t, c.memChart, label); got != want {
			t.Errorf("%s = %v MiB, want %v", label, got, want)
		}
	}
	modeltest.WantContains(t, "note", c.memNote.Text, "Both with 4 tabs")
	// A tab process crashes; its reading comes without it. The comparison keeps the 4-tab
	// figure and says what is left.
	feed(c.processes.slot, modeltest.Ev("crashed", "tab", 2, "pid", 202, "reason", "SIGSEGV"),
		modeltest.Ev("tab", "tab", 2, "pid", 202, "state", "crashed", "reason", "SIGSEGV"))
	delete(mem, 202)
	c.showMemory(owners, mem)
	if got := barValue(t, c.memChart, "PSS, processes (3 processes)"); got != 38 {
		t.Errorf("PSS of processes after the crash = %v, want the 4-tab figure 38", got)
	}
	modeltest.WantContains(t, "after the crash", barOf(t, c.memChart, "PSS, processes (3 processes)").Text, "now 3 tabs: 22.0 MiB")
}

func TestEditorLatencyBars(t *testing.T) {
	p := newTestPanel(t)
	c := cardOf[*editorCard](p.panel)
	fakeRun(c.threads, 1, 300)
	fakeRun(c.single, 2, 301)
	feed(c.threads, modeltest.Ev("thread", "name", "spellcheck", "tid", 305),
		modeltest.Ev("result", "model", "threads", "keys", 50, "latency_p50_ms", 0.08, "latency_p99_ms", 0.4, "max_ms", 0.5))
	feed(c.single, modeltest.Ev("result", "model", "single", "keys", 48, "latency_p50_ms", 12.5, "latency_p99_ms", 61.0, "max_ms", 70.0))
	for label, want := range map[string]float64{"p50, threads": 0.08, "p99, threads": 0.4, "p50, single": 12.5, "p99, single": 61} {
		if got := barValue(t, c.chart, label); got != want {
			t.Errorf("%s = %v, want %v", label, got, want)
		}
	}
	modeltest.WantContains(t, "p99 single text", barOf(t, c.chart, "p99, single").Text, "61.00 ms", "48 keys")
	// What a student types is drawn by each model as it gets to it.
	feed(c.single, modeltest.Ev("typed", "model", "single", "text", "hel", "latency_ms", 48.0))
	feed(c.threads, modeltest.Ev("typed", "model", "threads", "text", "hello", "latency_ms", 0.4))
	modeltest.WantContains(t, "single shows", c.shown["single"].Text, "hel", "48 ms")
	modeltest.WantContains(t, "threads shows", c.shown["threads"].Text, "hello", "0 ms")
	if !c.rate.Disabled() {
		t.Error("rate can be changed while the editor runs")
	}
}

func TestCrunchBarsAndPerWorker(t *testing.T) {
	p := newTestPanel(t)
	c := cardOf[*crunchCard](p.panel)
	fakeRun(c.slot, 1, 400)
	feed(c.slot,
		modeltest.Ev("worker", "worker", 0, "pid", 401, "tid", 401),
		modeltest.Ev("result", "model", "processes", "kind", "cpu", "workers", 2, "units_per_sec", 2000.0,
			"per_worker", []any{1000.0, 1000.0}, "cores", 2))
	if !p.st.Marked()[401] {
		t.Errorf("worker process not marked: %v", p.st.Marked())
	}
	c.slot.apply(modeltest.Ev("exited", "pid", 400, "reason", demos.ReasonExitedOK))
	fakeRun(c.slot, 2, 410)
	feed(c.slot, modeltest.Ev("result", "model", "locked-threads", "kind", "cpu", "workers", 2, "units_per_sec", 1010.0,
		"per_worker", []any{500.0, 510.0}, "cores", 2))
	if got := barValue(t, c.chart, "processes (cpu)"); got != 2000 {
		t.Errorf("processes = %v", got)
	}
	if got := barValue(t, c.chart, "locked-threads (cpu)"); got != 1010 {
		t.Errorf("locked-threads = %v", got)
	}
	modeltest.WantContains(t, "per worker", barOf(t, c.chart, "processes (cpu)").Text, "2000/s = 1000 + 1000")
	modeltest.WantContains(t, "per worker", barOf(t, c.chart, "locked-threads (cpu)").Text, "1010/s = 500 + 510")
	// io figures are kept apart from cpu ones, and shown beside them.
	feed(c.slot, modeltest.Ev("result", "model", "threads", "kind", "io", "workers", 2, "units_per_sec", 190.0, "cores", 2))
	if got := barValue(t, c.ioChart, "processes (io)"); got != 0 {
		t.Errorf("io bar shows cpu figures: %v", got)
	}
	if barValue(t, c.ioChart, "threads (io)") != 190 || barValue(t, c.chart, "processes (cpu)") != 2000 {
		t.Error("one kind's figures replaced the other's")
	}
	modeltest.WantContains(t, "verdict", c.verdict.Text, "CPU-bound: ", "I/O-bound: ")
	// A failed run says why, and the card can launch again.
	c.slot.apply(modeltest.Ev("exited", "pid", 410, "reason", "exit status 1", "stderr", "boom\nmore"))
	modeltest.WantContains(t, "status", c.slot.status.Text, "Ended: exit status 1")
	if c.slot.launchBtn.Disabled() {
		t.Error("launch disabled after the run ended")
	}
}

func TestRaceBars(t *testing.T) {
	p := newTestPanel(t)
	c := cardOf[*raceCard](p.panel)
	for i, r := range []demos.Event{
		modeltest.Ev("result", "sync", "none", "threads", 4, "expected", 4000000, "actual", 1700000, "lost", 2300000, "seconds", 0.05),
		modeltest.Ev("result", "sync", "atomic", "threads", 4, "expected", 4000000, "actual", 4000000, "lost", 0, "seconds", 0.08),
	} {
		fakeRun(c.slot, i+1, 500+i)
		feed(c.slot, r, modeltest.Ev("exited", "pid", 500+i, "reason", demos.ReasonExitedOK))
	}
	for label, want := range map[string]float64{"none": 1.7e6, "atomic": 4e6, "mutex": 0} {
		if got := barValue(t, c.counts, label); got != want {
			t.Errorf("%s = %v, want %v", label, got, want)
		}
	}
	if got := barValue(t, c.times, "atomic"); got != 0.08 {
		t.Errorf("atomic time = %v", got)
	}
	// Bars are drawn against the expected count: the racy counter's bar falls short.
	modeltest.WantContains(t, "actual text", barOf(t, c.counts, "none").Text, "1,700,000 of 4,000,000, 2,300,000 lost (57.5 %)")
	if c.counts.FullScale != 4e6 {
		t.Errorf("counts drawn against %v, want the expected 4,000,000", c.counts.FullScale)
	}
	modeltest.WantContains(t, "status", c.slot.status.Text, "Finished")
}

func TestCostBarsOnLogScale(t *testing.T) {
	p := newTestPanel(t)
	c := cardOf[*costCard](p.panel)
	fakeRun(c.slot, 1, 600)
	feed(c.slot, modeltest.Ev("result", "count", 200, "cores", 2, "thread_create_us", 12.5, "process_create_us", 900.0,
		"process_create_true_us", 450.0, "shm_roundtrip_ns", 150.0, "pipe_roundtrip_ns", 9000.0, "socket_roundtrip_ns", 12000.0))
	if got := barValue(t, c.create, "create + join a thread"); got != 12.5 {
		t.Errorf("thread create = %v", got)
	}
	if got := barValue(t, c.trip, "threads, shared memory"); got != 150 {
		t.Errorf("shm = %v", got)
	}
	modeltest.WantContains(t, "cores", c.cores.Text, "2 logical cores")
}

func TestLaunchRefusalsShownPlainly(t *testing.T) {
	p := newTestPanel(t)
	s := browserOf(p).threads.slot
	s.args = func() []string { return []string{"--model", "threads", "--tabs", "13"} }
	s.launch()
	if s.running() {
		t.Fatal("a browser of 13 tabs was started")
	}
	modeltest.WantContains(t, "status", s.status.Text, "tabs must be between 1 and 12")
	s.args = func() []string { return []string{"--tabs", "12", "--page-mib", "256"} }
	s.launch()
	modeltest.WantContains(t, "status", s.status.Text, "exceed the 1024 MiB budget")

	msg := cardmodel.LaunchError(fmt.Errorf("browser needs 512 MiB but running demos hold 768 of 1024 MiB: %w", demos.ErrBudget))
	modeltest.WantContains(t, "budget message", msg, "768 of 1024 MiB", "Stop a demo")
	if !errors.Is(demos.ErrBudget, demos.ErrBudget) || strings.Contains(msg, "Could not start") {
		t.Errorf("budget refusal worded as a failure: %q", msg)
	}
	// An error event from a running demo is shown on the card too.
	fakeRun(s, 3, 700)
	feed(s, modeltest.Ev("error", "message", "a browser has at most 12 tabs", "source", "launcher"))
	modeltest.WantContains(t, "status", s.status.Text, "at most 12 tabs")
	if last := s.log.lines[len(s.log.lines)-1]; !strings.HasSuffix(last, "error: a browser has at most 12 tabs") {
		t.Errorf("log line = %q", last)
	}
}

func TestEventLogIsBounded(t *testing.T) {
	l := newEventLog()
	for i := range eventLogLines + 50 {
		l.add(fmt.Sprint("line ", i))
	}
	if len(l.lines) != eventLogLines || !strings.HasSuffix(l.lines[0], "line 50") {
		t.Errorf("log holds %d lines starting %q", len(l.lines), l.lines[0])
	}
}

// TestEventLogDrawsOnlyItsLinesInView: a full log draws the lines in view and no more, the
// newest last, each one text; the text grid it replaced drew every character cell as a text
// and a rectangle, hundreds a frame for an idle card.
func TestEventLogDrawsOnlyItsLinesInView(t *testing.T) {
	a := test.NewTempApp(t)
	l := newEventLog()
	w := a.NewWindow("log")
	defer w.Close()
	w.SetContent(l.box)
	w.Resize(fyne.NewSize(600, l.box.MinSize().Height))
	for i := range eventLogLines {
		l.add(fmt.Sprint("line ", i))
	}
	var texts []string
	for _, o := range test.LaidOutObjects(l.box) {
		if txt, ok := o.(*canvas.Text); ok && txt.Text != "" {
			texts = append(texts, txt.Text)
		}
	}
	if len(texts) < eventLogShown || len(texts) > 3*eventLogShown {
		t.Errorf("a full log in a %v box draws %d lines of text, want about %d", l.box.Size(), len(texts), eventLogShown)
	}
	shown := false
	for _, s := range texts {
		shown = shown || strings.HasSuffix(s, fmt.Sprint("line ", eventLogLines-1))
	}
	if !shown {
		t.Errorf("the newest line is not among those drawn: %q", texts)
	}
}

// TestCardsBuiltWhenFirstShown checks that a new Demos tab builds no card until one is shown,
// and then only that one: the window opens without paying for ten cards it may never show.
func TestCardsBuiltWhenFirstShown(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("demos")
	defer w.Close()
	st := model.NewState()
	tab := &Tab{newPanel(st, demos.NewLauncher(), func(f func()) { f() })}
	built := func() (n int) {
		for _, c := range tab.p.cards {
			if c != nil {
				n++
			}
		}
		return n
	}
	if n := built(); n != 0 {
		t.Fatalf("%d cards built before any was shown, want 0", n)
	}
	var shown []string
	tab.OnCardShown(func(name string) { shown = append(shown, name) })
	if !tab.ShowCard("race") {
		t.Fatal("ShowCard(race) found no card")
	}
	w.SetContent(tab.Content())
	race := slices.Index(CardNames(), "race")
	if _, ok := tab.p.cards[race].(*raceCard); !ok || built() != 1 {
		t.Errorf("%d cards built after showing race, want only race", built())
	}
	if tab.Shown() != "race" {
		t.Errorf("shown %q, want race", tab.Shown())
	}
	tab.ShowCardAt(0)
	if n := built(); n != 2 {
		t.Errorf("%d cards built after showing browser too, want 2", n)
	}
	if len(tab.p.allSlots()) == 0 {
		t.Error("the built cards offer no slots")
	}
}
