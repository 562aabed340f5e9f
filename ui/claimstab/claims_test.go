package claimstab

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/claims"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// recorded are results as `taskscope claims` gave them on a busy two-core machine.
var recorded = map[string]claims.Result{
	"memory": {ID: "memory", Verdict: claims.Holds, Why: "A value one tab wrote was read by 2 of 2 other tabs ...",
		Figures: claims.Figures{"threads_other_tabs_saw_write": int64(2), "processes_other_tabs_saw_write": int64(0), "other_tabs": int64(2), "processes_same_address": true}, Took: 1800 * time.Millisecond},
	"context-switch": {ID: "context-switch", Verdict: claims.Nuanced, Why: "On one core a switch ...",
		Figures: claims.Figures{"thread_switch_ns": int64(8284), "process_switch_ns": int64(7845), "ratio": 0.95}},
	"communication": {ID: "communication", Verdict: claims.Holds, Why: "A round trip ...",
		Figures: claims.Figures{"shm_roundtrip_ns": int64(139), "pipe_roundtrip_ns": int64(10172)}},
	"crashes": {ID: "crashes", Verdict: claims.Holds, Why: "A real segmentation fault ...",
		Figures: claims.Figures{"tabs": int64(3), "threads_tabs_lost": int64(3), "processes_tabs_lost": int64(1)}},
	"gil":      {ID: "gil", Error: "python3 not found: install it with `sudo apt-get install python3`"},
	"creation": {ID: "creation", Verdict: claims.Holds, Why: "Creating ...", Figures: claims.Figures{"thread_create_us": 119.0, "process_create_us": int64(861)}},
	"io-vs-cpu": {ID: "io-vs-cpu", Verdict: claims.Nuanced, Why: "Python threads ...",
		Figures: claims.Figures{"io_speedup": 1.99, "threads_speedup": 1.59, "processes_speedup": 1.26, "native_threads_speedup": 0.75}},
	"fork-copy": {ID: "fork-copy", Verdict: claims.Wrong, Why: "A parent held 64 MiB ...",
		Figures: claims.Figures{"data_bytes": int64(67108864), "child_private_after_fork_bytes": int64(950272), "child_private_after_write_bytes": int64(68153344)}},
	"sync-between-processes": {ID: "sync-between-processes", Verdict: claims.Wrong, Why: "Processes adding ...",
		Figures: claims.Figures{"expected": int64(8000000), "lost": int64(263228), "lost_with_lock": int64(0)}},
	"single-core": {ID: "single-core", Verdict: claims.Nuanced, Why: "2 CPU-bound workers ...",
		Figures: claims.Figures{"alone_units_per_sec": 467.0, "workers": int64(2), "pinned_units_per_sec": 539.0, "spread_units_per_sec": 405.0, "speedup": 0.75}},
}

// fakeMeasure answers from recorded, one result after another, as the real measurement would.
func fakeMeasure(asked *[]string) measurer {
	return func(ctx context.Context, ids ...string) <-chan claims.Result {
		*asked = append(*asked, ids...)
		out := make(chan claims.Result, len(ids))
		for _, id := range ids {
			out <- recorded[id]
		}
		close(out)
		return out
	}
}

// newTestTab builds the tab on the test driver, with hand-overs to the UI queued until run.
func newTestTab(t *testing.T, presentation bool) (*tab, *model.State, chan func(), fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(widgets.ThemeFor(presentation))
	st := model.NewState()
	st.SetPresentation(presentation)
	for _, d := range []string{"browser", "ctxswitch", "cost", "procrace", "singlecore"} {
		st.OfferDemo(d)
	}
	q := make(chan func(), 64)
	var asked []string
	tb := newTab(st, func(f func()) { q <- f }, fakeMeasure(&asked))
	w := a.NewWindow("claims")
	w.SetContent(tb.content)
	t.Cleanup(w.Close)
	return tb, st, q, w
}

// pump runs queued hand-overs until the table is no longer busy.
func pump(t *testing.T, tb *tab, q chan func()) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for tb.table.Busy() {
		select {
		case f := <-q:
			f()
		case <-deadline:
			t.Fatal("the measurement never finished")
		}
	}
}

func TestClaimsTabShowsRecordedResults(t *testing.T) {
	tb, st, q, _ := newTestTab(t, false)
	if tb.rows[0].verdict != "-" || tb.summary.Text != "10 claims, not measured yet." {
		t.Errorf("before measuring: verdict %q, summary %q", tb.rows[0].verdict, tb.summary.Text)
	}
	test.Tap(tb.allBtn)
	if !tb.allBtn.Disabled() || tb.stopBtn.Disabled() || tb.rows[4].verdict != "..." {
		t.Errorf("while measuring: all %v stop %v gil %q", tb.allBtn.Disabled(), tb.stopBtn.Disabled(), tb.rows[4].verdict)
	}
	pump(t, tb, q)
	want := map[int][2]string{
		0: {"holds", "write seen by other tabs: threads 2/2, processes 0/2"},
		4: {"failed", "Could not measure: python3 not found"},
		7: {"wrong", "after fork 928 KiB, after writing 65.0 MiB"},
		8: {"wrong", "no lock 263,228, lock 0"},
	}
	for i, w := range want {
		if r := tb.rows[i]; r.verdict != w[0] || !strings.Contains(r.evidence, w[1]) {
			t.Errorf("row %d: %q %q, want %q and %q", i, r.verdict, r.evidence, w[0], w[1])
		}
	}
	if tb.summary.Text != "9 of 10: 4 hold, 3 nuanced, 2 wrong, 1 failed." {
		t.Errorf("summary %q", tb.summary.Text)
	}

	// Selecting a row shows its reason and figures; Show live asks for the demo's card.
	test.Tap(tb.rows[7])
	if !strings.Contains(tb.detail.heading.Text, "Fork copies memory (\"Fork copies memory\"): wrong or dated") ||
		!strings.Contains(tb.detail.claim.Text, "lecture notes on threads and processes, part 4") ||
		!strings.Contains(tb.detail.figures.Text, "child_private_after_fork_bytes 950,272") {
		t.Errorf("detail: %q / %q / %q", tb.detail.heading.Text, tb.detail.claim.Text, tb.detail.figures.Text)
	}
	if !tb.liveBtn.Disabled() {
		t.Error("Show live enabled for forkcow, which has no card here")
	}
	var shown []string
	st.OnShowDemo(func(d string) { shown = append(shown, d) })
	test.Tap(tb.rows[8])
	test.Tap(tb.liveBtn)
	if len(shown) != 1 || shown[0] != "procrace" {
		t.Errorf("Show live on sync-between-processes asked for %v, want [procrace]", shown)
	}
}

func TestClaimsTabMeasuresTheSelectedClaim(t *testing.T) {
	tb, _, q, _ := newTestTab(t, false)
	test.Tap(tb.rows[2])
	test.Tap(tb.oneBtn)
	pump(t, tb, q)
	if tb.rows[2].verdict != "holds" || tb.rows[0].verdict != "-" {
		t.Errorf("after Measure this on communication: %q, memory %q", tb.rows[2].verdict, tb.rows[0].verdict)
	}
}

// TestClaimsTabFitsAProjector checks the lecture rule: in presentation mode every row, with its
// verdict and key figures, fits 720 lines beside the window's header (which takes about 230 of
// them), the table's height does not change when results come in, and no row's figures are cut.
func TestClaimsTabFitsAProjector(t *testing.T) {
	tb, _, q, w := newTestTab(t, true)
	before := tb.content.MinSize()
	test.Tap(tb.allBtn)
	pump(t, tb, q)
	after := tb.content.MinSize()
	if after.Height != before.Height {
		t.Errorf("the tab's minimum height went from %v to %v as results came in", before.Height, after.Height)
	}
	if after.Height > 720-230 {
		t.Errorf("the tab needs %v lines; with the window's header that is more than 720", after.Height)
	}
	w.Resize(fyne.NewSize(1280, 720-230))
	for i, r := range tb.rows {
		rr := test.WidgetRenderer(r).(*rowRenderer)
		if end := rr.evidence.Position().X + fyne.MeasureText(rr.evidence.Text, rr.evidence.TextSize, rr.evidence.TextStyle).Width; end > r.Size().Width+0.5 {
			t.Errorf("row %d: figures end at %v of %v", i, end, r.Size().Width)
		}
		if rr.evidence.TextSize < rr.title.TextSize*0.75 {
			t.Errorf("row %d: figures shrunk to %v to fit, too small to read", i, rr.evidence.TextSize)
		}
	}
}
