package timeline

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/taskscope/taskscope/trace"
)

// TestTabShowsFiguresAndZoomsToTurns: two threads handing one CPU back and forth every 5 ms for
// a second: the caption says they never ran at once, and Turns zooms to a few of their runs.
func TestTabShowsFiguresAndZoomsToTurns(t *testing.T) {
	tab := newTestTab(t)
	const ms = int64(time.Millisecond)
	tr := &trace.Trace{Source: trace.SourcePerf, Exact: true, StartNS: 0, EndNS: 1000 * ms, Cores: 2,
		Threads: []trace.Thread{{PID: 10, TID: 10, Name: "a"}, {PID: 10, TID: 11, Name: "b"}}}
	for at, i := int64(0), 0; at < 1000*ms; at, i = at+5*ms, i+1 {
		th := &tr.Threads[i%2]
		th.Runs = append(th.Runs, trace.Run{Core: 0, Start: at, End: at + 5*ms})
	}
	fyne.DoAndWait(func() {
		tab.shown = tr
		tab.render()
		if c := tab.caption.Text; !strings.HasPrefix(c, "parallelism 1.00 · 2+ threads at once 0.0% of the run") {
			t.Errorf("caption %q", c)
		}
		tab.ZoomToTurns()
		if tab.viewV.Follow || tab.viewV.Span != 40*time.Millisecond {
			t.Errorf("zoom %+v, want 40 ms (8 runs of 5 ms), not following", tab.viewV)
		}
	})
}
