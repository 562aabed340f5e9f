package timeline

import (
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/ui/model/modeltest"
	"github.com/taskscope/taskscope/ui/timeline/timelinemodel"
)

// TestBenchTimelineFrame measures what one frame of the Timeline costs with 50 threads over
// 60 s, each switching every 1.5 ms (two million runs): laying the rows out for a 1600-pixel
// plot and painting the raster, at the widest zoom, at one second, at a millisecond, and while
// panning. Runs only with TASKSCOPE_BENCH=1 (make bench).
func TestBenchTimelineFrame(t *testing.T) {
	if os.Getenv("TASKSCOPE_BENCH") != "1" {
		t.Skip("set TASKSCOPE_BENCH=1 to measure")
	}
	test.NewTempApp(t)
	tr := modeltest.BusyTrace(50, 60, 2, 500_000, 1_000_000)
	v := newView()
	v.Resize(fyne.NewSize(1600+2*v.minLabelW, 900))
	r := v.CreateRenderer().(*viewRenderer)
	b := timelinemodel.NewTimelineBuilder()
	b.Build(tr, timelinemodel.TimelineView{Span: time.Minute, Follow: true}, 1600) // the sums, once
	frame := func(view timelinemodel.TimelineView) time.Duration {
		const n = 10
		t0 := time.Now()
		for range n {
			v.TL = b.Build(tr, view, v.PlotWidth(v.Size()))
			r.place(v.Size())
			r.draw(1600, 900)
		}
		return time.Since(t0) / n
	}
	for _, span := range []time.Duration{time.Minute, 10 * time.Second, time.Second, time.Millisecond} {
		t.Logf("frame at a %v window: %.1f ms", span, float64(frame(timelinemodel.TimelineView{Span: span, Follow: true}).Microseconds())/1e3)
	}
	var pan time.Duration
	view := timelinemodel.TimelineView{Span: 5 * time.Second, End: tr.StartNS + int64(30*time.Second)}
	for range 10 {
		view = view.Pan(0.05, tr)
		pan += frame(view)
	}
	t.Logf("frame while panning a 5s window: %.1f ms", float64((pan/10).Microseconds())/1e3)
}
