package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/trace"
)

// manyThreads is a made-up exact trace of one process with n threads, each running a
// millisecond in every ten on alternate cores: enough rows to fill a projector's height.
func manyThreads(n int) *trace.Trace {
	const start, end = int64(1e9), int64(11e9)
	tr := &trace.Trace{Source: trace.SourcePerf, Exact: true, StartNS: start, EndNS: end, Cores: 2,
		Processes: []trace.Process{{PID: 4000, Name: "spin"}}}
	for i := range n {
		th := trace.Thread{PID: 4000, TID: 4000 + i, Name: fmt.Sprintf("worker-%d", i), Process: "spin",
			Before: trace.StateRunnable, CoreNS: make([]int64, 2)}
		for at := start + int64(i)*1e6; at+1e6 <= end; at += 10e6 {
			c := int(at/10e6) % 2
			th.Runs = append(th.Runs, trace.Run{Core: c, Start: at, End: at + 1e6, After: trace.StateRunnable})
			th.RunNS += 1e6
			th.CoreNS[c] += 1e6
			th.Involuntary++
		}
		tr.Threads = append(tr.Threads, th)
	}
	return tr
}

// TestTimelineFitsProjector shows a trace of 20 threads on the Timeline tab in presentation
// mode at 1280x720 and 1920x1080, and at 1280x720 without it: the tab's content must not need
// more than the screen, no object of it may reach past the canvas's right edge (the toolbar,
// the pin and nice controls and the header's memory bar were cut off), and the rows must get
// the height: a process heading and at least 8 rows of threads at 1280x720, more at 1920x1080.
func TestTimelineFitsProjector(t *testing.T) {
	tr := manyThreads(20)
	shown := map[fyne.Size]int{}
	for _, c := range []struct {
		size         fyne.Size
		presentation bool
	}{{projectorSizes[0], true}, {projectorSizes[1], true}, {projectorSizes[0], false}} {
		t.Run(fmt.Sprintf("%vx%v/presentation=%v", c.size.Width, c.size.Height, c.presentation), func(t *testing.T) {
			m, src := newTestWindow(t, options{presentation: c.presentation})
			m.win.Resize(c.size)
			step(m, src, fixture(t0, [3]float64{30, 5, 1}))
			m.openPlace("timeline")
			m.timelineTab().ShowRecorded(tr)
			relayout(m, c.size)
			m.timelineTab().FitRecorded()
			checkFits(t, m, c.size)
			checkInside(t, m.win.Content(), c.size)
			rows := m.timelineTab().RowsShown()
			t.Logf("%d rows of threads in view", rows)
			// One row is the process's heading; eight threads under it must show.
			if rows < 9 {
				t.Errorf("the plot has room for %d rows (a heading and %d threads), want a heading and at least 8 threads", rows, rows-1)
			}
			if c.presentation {
				shown[c.size] = rows
			}
		})
	}
	if small, big := shown[projectorSizes[0]], shown[projectorSizes[1]]; big <= small {
		t.Errorf("1920x1080 shows %d rows, 1280x720 %d: the bigger screen should show more", big, small)
	}
}

// checkInside fails for any visible object that reaches past the right edge of a screen of
// the given size: labels, texts and images as well as controls.
func checkInside(t *testing.T, root fyne.CanvasObject, size fyne.Size) {
	t.Helper()
	drv := fyne.CurrentApp().Driver()
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		if end := drv.AbsolutePositionForObject(o).X + o.Size().Width; end > size.Width+1 {
			t.Errorf("%T %q reaches x=%v, past the %v-wide screen", o, textOf(o), end, size.Width)
			return
		}
		switch w := o.(type) {
		case fyne.Widget:
			for _, child := range test.WidgetRenderer(w).Objects() {
				walk(child)
			}
		case *fyne.Container:
			for _, child := range w.Objects {
				walk(child)
			}
		}
	}
	walk(root)
}
