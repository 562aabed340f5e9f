package timelinemodel

import (
	"strings"
	"testing"
	"time"

	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/model/modeltest"
)

// loadTrace reads one of ui/model's recorded traces (see modeltest.LoadTrace).
func loadTrace(t testing.TB, name string) *trace.Trace {
	return modeltest.LoadTrace(t, "../../model/testdata/"+name)
}

// TestTimelineGroupsAndRows checks the rows of the recorded Python trace: the parent process's
// heading, its four threads, then the child's heading one level deeper and its thread.
func TestTimelineGroupsAndRows(t *testing.T) {
	tr := loadTrace(t, "trace-python.json")
	v := TimelineView{Span: time.Minute, Follow: true}
	tl := BuildTimeline(tr, v, 1000)
	if !tl.Exact || !strings.HasPrefix(tl.Caption, "Exact:") {
		t.Errorf("caption %q exact %v", tl.Caption, tl.Exact)
	}
	var kinds []string
	for _, r := range tl.Rows {
		if r.Header {
			kinds = append(kinds, "P"+string(rune('0'+r.Depth)))
		} else {
			kinds = append(kinds, "t")
		}
	}
	if got := strings.Join(kinds, ""); got != "P0ttttP1t" {
		t.Fatalf("row kinds %s, want a parent with 4 threads then a child (depth 1) with one", got)
	}
	child := tl.Rows[5]
	if child.PID != tr.Processes[1].PID || len(child.Marks) != 2 || !child.Marks[0].Birth || child.Marks[1].Birth {
		t.Errorf("child heading %+v: want its birth and exit marked", child)
	}
	// Every thread row's segments tile its life inside the window, in order, at least a pixel
	// each; running time drawn adds up to the thread's run time.
	for i, r := range tl.Rows {
		if r.Header {
			continue
		}
		th := tr.Thread(r.TID)
		var run int64
		for j, s := range r.Segs {
			if s.X1-s.X0 < 1 || s.X0 < 0 || s.X1 > tl.Width+1 || j > 0 && s.Start < r.Segs[j-1].End {
				t.Fatalf("row %d seg %d: %+v", i, j, s)
			}
			if s.State == trace.StateRunning && !s.Mixed {
				run += s.End - s.Start
			}
		}
		if run > th.RunNS {
			t.Errorf("row %d draws %d ns running, the thread ran %d", i, run, th.RunNS)
		}
		if !strings.Contains(r.Figures, "vol") || !strings.Contains(r.Figures, "preempt") {
			t.Errorf("row %d figures %q", i, r.Figures)
		}
	}
}

// TestTimelineZoomToMillisecond zooms into one run of a worker thread until one millisecond is
// shown: the run is then drawn alone, and hovering over it gives its exact start, end and length.
func TestTimelineZoomToMillisecond(t *testing.T) {
	tr := loadTrace(t, "trace-python.json")
	var th *trace.Thread
	for i := range tr.Threads {
		if len(tr.Threads[i].Runs) > 100 {
			th = &tr.Threads[i]
			break
		}
	}
	if th == nil {
		t.Fatal("no busy thread in the recording")
	}
	run := th.Runs[len(th.Runs)/2]
	v := TimelineView{Span: time.Millisecond, End: run.Start + int64(time.Millisecond)/2}
	tl := BuildTimeline(tr, v, 1000)
	row := -1
	for i, r := range tl.Rows {
		if r.TID == th.TID {
			row = i
		}
	}
	x := tl.px(run.Start) + 0.5
	seg, ok := tl.SegAt(row, x)
	if !ok || seg.State != trace.StateRunning || seg.Mixed || seg.Start != run.Start || seg.End != run.End || seg.Core != run.Core {
		t.Fatalf("at x=%.1f: %+v %v, want the run %+v", x, seg, ok, run)
	}
	desc := tl.Describe(row, seg)
	want := FormatNS(run.End - run.Start) // the whole run, even where it passes the window's edge
	if !strings.Contains(desc, "running on core") || !strings.Contains(desc, want) {
		t.Errorf("description %q, want core and length %s", desc, want)
	}
	// Zoomed out to a minute, the same thread's thousands of switches are pooled: no more
	// segments than pixels.
	wide := BuildTimeline(tr, TimelineView{Span: time.Minute, Follow: true}, 200)
	for _, r := range wide.Rows {
		if len(r.Segs) > 200 {
			t.Errorf("row %s: %d segments on 200 pixels", r.Label, len(r.Segs))
		}
	}
}

// TestTimelineViewZoomPan checks the view's steps: zoom keeps the moment under the pointer,
// stops at a millisecond and at a minute, and panning back stops following while panning to
// the end follows again.
func TestTimelineViewZoomPan(t *testing.T) {
	tr := &trace.Trace{StartNS: 1e9, EndNS: 61e9}
	v := DefaultTimelineView()
	s0, e0 := v.Window(tr)
	if e0 != tr.EndNS || e0-s0 != int64(10*time.Second) {
		t.Fatalf("default window %d..%d", s0, e0)
	}
	z := v.Zoom(-1, 0.5, tr)
	s1, e1 := z.Window(tr)
	if z.Span != 5*time.Second || (s1+e1)/2 != (s0+e0)/2 || z.Follow {
		t.Errorf("zoom in at the middle: %+v window %d..%d", z, s1, e1)
	}
	for range 30 {
		z = z.Zoom(-1, 0.3, tr)
	}
	if z.Span != time.Millisecond {
		t.Errorf("zoomed all the way in: %v", z.Span)
	}
	for range 30 {
		z = z.Zoom(+1, 0.3, tr)
	}
	if z.Span != time.Minute {
		t.Errorf("zoomed all the way out: %v", z.Span)
	}
	p := v.Pan(-0.5, tr)
	if p.Follow || p.End != tr.EndNS-int64(5*time.Second) {
		t.Errorf("pan back half: %+v", p)
	}
	if p = p.Pan(+2, tr); !p.Follow || p.End != tr.EndNS {
		t.Errorf("pan to the end: %+v", p)
	}
	if p = v.Pan(-100, tr); p.End != tr.StartNS+int64(10*time.Second) {
		t.Errorf("pan before the start: %+v", p)
	}
	// A trace shorter than the window starts at its start.
	short := &trace.Trace{StartNS: 5, EndNS: 1000}
	if s, e := DefaultTimelineView().Window(short); s != 5 || e != 5+int64(10*time.Second) {
		t.Errorf("short trace window %d..%d", s, e)
	}
}

// TestTimelineSampledSaysSo checks the caption of the recorded fallback trace.
func TestTimelineSampledSaysSo(t *testing.T) {
	tr := loadTrace(t, "trace-sampled.json")
	tl := BuildTimeline(tr, DefaultTimelineView(), 800)
	if tl.Exact || !strings.HasPrefix(tl.Caption, "Sampled, not exact") || !strings.Contains(tl.Caption, "perf_event_open") {
		t.Errorf("caption %q", tl.Caption)
	}
	if empty := BuildTimeline(nil, DefaultTimelineView(), 800); len(empty.Rows) != 0 || !strings.Contains(empty.Caption, "Run…") {
		t.Errorf("no trace: %+v", empty)
	}
}

// TestTimelineLostIsUnknown checks a trace with lost records: the stretch is drawn as unknown
// on the row, and hovering it says so; the caption says the trace is not exact.
func TestTimelineLostIsUnknown(t *testing.T) {
	js := `{"source":"perf","exact":false,"reason":"the kernel dropped records","lost":7,
	 "lost_spans":[{"core":0,"start_ns":3000000,"end_ns":5000000}],"start_ns":0,"end_ns":10000000,"cores":1,
	 "processes":[{"pid":1,"ppid":0,"name":"p","born_ns":null,"ended_ns":null}],
	 "threads":[{"pid":1,"tid":1,"name":"w","process":"p","born_ns":null,"ended_ns":null,"before":"unknown",
	  "runs":[{"core":0,"start_ns":1000000,"end_ns":3000000,"after":"unknown"},{"core":0,"start_ns":6000000,"end_ns":8000000,"after":"blocked"}],
	  "unknown":[{"start_ns":3000000,"end_ns":6000000}]}]}`
	tr, err := trace.ReadJSON(strings.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	tl := BuildTimeline(tr, TimelineView{Span: 10 * time.Millisecond, Follow: true}, 1000)
	if tl.Exact || !strings.Contains(tl.Caption, "7 records lost") {
		t.Errorf("caption %q", tl.Caption)
	}
	row := 1
	seg, ok := tl.SegAt(row, 450)
	if !ok || seg.State != trace.StateUnknown {
		t.Fatalf("at 4.5 ms: %+v", seg)
	}
	if d := tl.Describe(row, seg); !strings.Contains(d, "unknown") || !strings.Contains(d, "3.000 ms") {
		t.Errorf("description %q", d)
	}
	if seg, _ := tl.SegAt(row, 700); seg.State != trace.StateRunning {
		t.Errorf("at 7 ms: %+v, want the run after the loss", seg)
	}
}

func TestAxisTicks(t *testing.T) {
	ticks := axisTicks(0, int64(time.Second), 0, 1200)
	if len(ticks) < 5 || ticks[0].Label != "0.0s" || ticks[1].Label != "0.1s" {
		t.Errorf("ticks of a second on 1200 px: %+v", ticks)
	}
	ms := axisTicks(int64(2*time.Second), int64(2*time.Second+time.Millisecond), 0, 1200)
	if len(ms) < 5 || !strings.HasPrefix(ms[0].Label, "2.000") {
		t.Errorf("ticks of a millisecond: %+v", ms)
	}
}

// TestTimelinePooledRunShare checks that pooled stretches keep how much of their time was
// running: over a whole row, the running time drawn (full runs plus pooled shares) matches the
// thread's run time in the window.
func TestTimelinePooledRunShare(t *testing.T) {
	tr := loadTrace(t, "trace-python.json")
	tl := BuildTimeline(tr, TimelineView{Span: time.Minute, Follow: true}, 300)
	for _, r := range tl.Rows {
		if r.Header {
			continue
		}
		th := tr.Thread(r.TID)
		var drawn float64
		for _, s := range r.Segs {
			a, b := max(s.Start, tl.Start), min(s.End, tl.End)
			drawn += float64(s.RunShare) * float64(b-a)
		}
		if d := drawn - float64(th.RunNS); d > 1e3 || d < -1e3 {
			t.Errorf("%s: %.0f ns drawn running, ran %d", r.Label, drawn, th.RunNS)
		}
	}
}

// TestFollowingViewEndsAtCut: over a recorded trace cut at a moment of a replay, a following
// view ends at that moment, whatever its span.
func TestFollowingViewEndsAtCut(t *testing.T) {
	tr := loadTrace(t, "trace-python.json")
	for _, f := range []float64{0.1, 0.5, 0.9} {
		now := tr.StartNS + int64(f*float64(tr.EndNS-tr.StartNS))
		cut := model.TraceUntil(tr, now)
		v := DefaultTimelineView()
		v.Span = time.Millisecond
		if _, end := v.Window(cut); end != now {
			t.Errorf("at %.1f: following view ends at %d, want now %d", f, end, now)
		}
	}
}
