package cores

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/model/modeltest"
	"github.com/taskscope/taskscope/ui/widgets"
)

// watchedFor is how long the recorded history of newTestCores watched crunch.
const watchedFor = 8 * time.Second

// newTestCores opens the Cores tab alone on the test driver, with a recorded history: twenty
// seconds of the main refresh (the fixture machine), and for its last eight the 10 Hz watch of
// crunch, whose worker-2 moves from core 1 to core 0 and back.
func newTestCores(t *testing.T) (*panel, fyne.Window, time.Time) {
	t.Helper()
	a := test.NewTempApp(t)
	w := a.NewWindow("cores")
	st := model.NewState()
	p := newPanel(st)
	w.SetContent(p.content)
	w.Resize(fyne.NewSize(1400, 700))
	w.Show()
	t.Cleanup(w.Close)

	var last *inspect.Snapshot
	for i := 0; i <= 20; i++ {
		s := modeltest.Fixture(modeltest.T0.Add(time.Duration(i)*time.Second), [3]float64{30, 5, 1})
		st.PublishLive(s)
		st.PublishShown(s)
		last = s
	}
	for i := 1; i <= 80; i++ {
		core := 1
		if i > 30 && i <= 50 {
			core = 0
		}
		st.PublishWatch(modeltest.CrunchSample(last.Taken.Add(-watchedFor+time.Duration(i)*model.WatchEvery), model.WatchEvery, core))
	}
	st.PublishShown(last) // the watch redraws at most once a second; the display catches up
	return p, w, last.Taken
}

func TestCoresViewDrawn(t *testing.T) {
	p, _, end := newTestCores(t)
	v := p.view
	if len(v.Rows) != 2 || !v.To.Equal(end) || !v.From.Equal(end.Add(-model.LaneSpan)) {
		t.Fatalf("%d lanes from %v to %v, want 2 lanes ending %v", len(v.Rows), v.From, v.To, end)
	}
	if got := v.Labels; len(got) != 2 || !strings.Contains(got[0], "CPU 0") || !strings.Contains(got[0], "40 %") ||
		!strings.Contains(got[1], "10 %") {
		t.Errorf("labels = %q, want each core's busy %% from the snapshot", got)
	}
	names := map[string]bool{}
	for _, s := range v.Rows[0].Segs {
		names[s.Name] = true
	}
	if !names["firefox"] || !names["worker-1"] || names["worker-2"] {
		t.Errorf("core 0 shows %v, want firefox and worker-1 (worker-2 loses to it)", names)
	}

	// Legend: both processes with time on screen, each with its own colour.
	var legend []string
	for _, row := range p.legend.rows {
		if row.box.Visible() {
			legend = append(legend, row.label.Text)
		}
	}
	if j := strings.Join(legend, ","); !strings.Contains(j, "crunch  500") || !strings.Contains(j, "firefox  100") {
		t.Errorf("legend = %q", legend)
	}
	if p.colors.Color(inspect.TaskKey{ID: 500, StartTicks: 5000}) == p.colors.Color(inspect.TaskKey{ID: 100, StartTicks: 100}) {
		t.Error("two processes on screen share a colour")
	}

	// Watched threads: worker-2 moved 1 -> 0 -> 1, two migrations.
	if got := strings.Join(p.threadText, "\n"); !strings.Contains(got, "worker-2") {
		t.Errorf("watched threads = %q", got)
	}
	for _, line := range p.threadText {
		if strings.HasPrefix(line, "worker-2") && !strings.HasSuffix(line, "   2") {
			t.Errorf("worker-2 line = %q, want 2 migrations", line)
		}
	}
}

// xAt is where the lanes draw time at.
func xAt(v *widgets.Lanes, at time.Time) float32 {
	x0, _, _ := v.Geometry(v.Size())
	return x0 + (v.Size().Width-x0)*float32(at.Sub(v.From).Seconds()/model.LaneSpan.Seconds())
}

// TestCoresTap: a tap names the thread of one sample and selects its process in every view;
// a tap where nothing ran says idle.
func TestCoresTap(t *testing.T) {
	p, _, end := newTestCores(t)
	v := p.view
	_, laneH, _ := v.Geometry(v.Size())
	test.TapAt(v, fyne.NewPos(xAt(v, end.Add(-500*time.Millisecond)), laneH/2))
	for _, want := range []string{"CPU 0", "worker-1", "TID 501", "crunch", "PID 500", "running", "95 %", "10 Hz watch"} {
		if !strings.Contains(p.info.Text, want) {
			t.Errorf("info after tapping worker-1 = %q, missing %q", p.info.Text, want)
		}
	}
	if k, ok := p.st.Selection(); !ok || k != (inspect.TaskKey{ID: 500, StartTicks: 5000}) {
		t.Errorf("selection after tapping crunch's worker = %v %v", k, ok)
	}
	test.TapAt(v, fyne.NewPos(xAt(v, end.Add(-30*time.Second)), laneH+widgets.LaneGap+laneH/2))
	if got := p.info.Text; !strings.Contains(got, "CPU 1") || !strings.Contains(got, "idle") {
		t.Errorf("info after tapping an idle stretch = %q", got)
	}
}

func TestCoresFreezeScrubsLanes(t *testing.T) {
	p, _, end := newTestCores(t)
	st := p.st
	st.SetFrozen(true)
	back := st.History().At(3)
	st.PublishShown(back)
	if !p.view.To.Equal(back.Taken) {
		t.Fatalf("frozen and scrubbed to %v, lanes end at %v", back.Taken, p.view.To)
	}
	for _, r := range p.view.Rows {
		for _, s := range r.Segs {
			if s.To.After(back.Taken) {
				t.Errorf("segment %s until %v drawn past the scrubbed time", s.Name, s.To)
			}
		}
	}
	// New watch data while frozen is kept but not shown until the display is live again.
	st.PublishWatch(modeltest.CrunchSample(end.Add(model.WatchEvery), model.WatchEvery, 1))
	if !p.view.To.Equal(back.Taken) {
		t.Errorf("new data moved frozen lanes to %v", p.view.To)
	}
	st.SetFrozen(false)
	st.PublishShown(st.Live())
	if !p.view.To.Equal(end.Add(model.WatchEvery)) {
		t.Errorf("live again: lanes end at %v, want the newest data", p.view.To)
	}
}

func TestCoresPresentationLanesTaller(t *testing.T) {
	p, _, _ := newTestCores(t)
	// In a window too small for both lanes, each gets its least height.
	small := fyne.NewSize(1000, 10)
	_, normal, _ := p.view.Geometry(small)
	p.st.SetPresentation(true)
	_, large, _ := p.view.Geometry(small)
	if !p.view.Large || large < 2*normal {
		t.Errorf("lane height %v in presentation mode, %v normally", large, normal)
	}
}

// TestCoresPresentationSidePanelFits: in presentation mode the side panel widens so a line of
// the watched threads fits at presentation text size.
func TestCoresPresentationSidePanelFits(t *testing.T) {
	p, w, _ := newTestCores(t)
	w.Resize(fyne.NewSize(1280, 800))
	fyne.CurrentApp().Settings().SetTheme(widgets.NewPresentationTheme())
	p.st.SetPresentation(true)
	th := widgets.NewPresentationTheme()
	line := fmt.Sprintf(threadFormat, "123456789012345", "4194304", "127", "99999")
	need := fyne.MeasureText(line, th.Size(theme.SizeNameText), fyne.TextStyle{Monospace: true}).Width + 4*th.Size(theme.SizeNameInnerPadding)
	side := p.split.Trailing.Size().Width
	if side < need {
		t.Errorf("side panel %.0f wide in presentation mode, a thread line needs %.0f", side, need)
	}
}

// TestCoresWatchRedrawsAtMostOnceASecond: ten readings of the watch in a second are all kept
// but redraw the lanes once, so watching does not repaint the window ten times a second.
func TestCoresWatchRedrawsAtMostOnceASecond(t *testing.T) {
	p, _, end := newTestCores(t)
	ends := map[time.Time]bool{}
	for i := 1; i <= 10; i++ {
		p.st.PublishWatch(modeltest.CrunchSample(end.Add(time.Duration(i)*model.WatchEvery), model.WatchEvery, 1))
		ends[p.view.To] = true
	}
	if len(ends) > 2 {
		t.Errorf("a second of readings redrew the lanes %d times", len(ends))
	}
	if !p.model.Newest().Equal(end.Add(time.Second)) {
		t.Errorf("readings not kept: newest %v", p.model.Newest())
	}
}

// TestCoresFoldsRuntimeThreadsAndMarksSelf: a demo's idle Go runtime threads make one line,
// its working thread one of its own; Taskscope's own threads say so.
func TestCoresFoldsRuntimeThreadsAndMarksSelf(t *testing.T) {
	p, _, end := newTestCores(t)
	th := func(tid int, name string, cpu float64) inspect.Thread {
		return inspect.Thread{TID: tid, StartTicks: 7, Name: name, State: "S", CPUPercent: cpu, Core: 0}
	}
	self := os.Getpid()
	p.st.SetSourceInfo(model.SourceInfo{Kind: model.SourceLive, Self: self}) // as the window does for the live machine
	p.st.PublishWatch(&inspect.WatchSample{Taken: end.Add(2 * time.Second), Interval: model.WatchEvery, Processes: []inspect.Process{
		{PID: 700, StartTicks: 7, Name: "editor", Threads: []inspect.Thread{th(700, "editor", 0), th(701, demos.RuntimeThreadName, 0),
			th(702, demos.RuntimeThreadName, 0.1), th(703, "editor-loop", 90), th(704, demos.RuntimeThreadName, 0)}},
		{PID: self, StartTicks: 8, Name: "taskscope", Threads: []inspect.Thread{th(self, "taskscope", 30)}},
	}})
	text := strings.Join(p.threadText, "\n")
	if strings.Count(text, demos.RuntimeThreadName) != 0 || !strings.Contains(text, "(runtime) x3") || !strings.Contains(text, "editor-loop") {
		t.Errorf("watched threads:\n%s\nwant editor-loop and one folded line of three runtime threads", text)
	}
	if !strings.Contains(text, "taskscope") || !strings.Contains(text, model.SelfMark) {
		t.Errorf("Taskscope's own thread is not marked:\n%s", text)
	}
}

// TestCoresDrawsPublishedTrace publishes an exact trace of a program over the last five seconds
// of the history (as the Timeline tab does): the lanes draw its runs as exact stretches, a tap on
// one says so, and the caption says what is exact and what sampled; a sampled trace does not.
func TestCoresDrawsPublishedTrace(t *testing.T) {
	p, _, end := newTestCores(t)
	tr := modeltest.BusyTrace(2, 5, 2, 2e6, 2e6)
	p.st.PublishTrace(tr, end.Add(-5*time.Second).UnixNano()-tr.StartNS)
	p.st.PublishShown(p.st.Live())
	exact := 0
	var seg *model.LaneSeg
	for _, r := range p.view.Rows {
		if len(r.Exact) != 1 {
			t.Errorf("core %d: exact stretches %v, want the trace's 5 s", r.Core, r.Exact)
		}
		for i := range r.Segs {
			if s := &r.Segs[i]; s.Exact {
				exact++
				seg = s
				if s.Proc.ID != 100 || s.From.Before(end.Add(-5*time.Second)) {
					t.Errorf("exact segment of %v from %v", s.Proc, s.From)
				}
			}
		}
	}
	if exact == 0 {
		t.Fatal("no exact segment drawn")
	}
	modeltest.WantContains(t, "caption", p.caption.Text, "Exact, every switch (underlined): busy (100). The rest: sampled")
	p.showSegment(0, seg)
	modeltest.WantContains(t, "tap", p.info.Text, "exact: every switch traced")

	sampled := *tr
	sampled.Source = trace.SourceSampled
	p.st.PublishTrace(&sampled, 0)
	p.st.PublishShown(p.st.Live())
	for _, r := range p.view.Rows {
		for _, s := range r.Segs {
			if s.Exact {
				t.Fatalf("an exact segment from a sampled trace: %+v", s)
			}
		}
	}
	if strings.Contains(p.caption.Text, "Exact") {
		t.Errorf("caption %q after a sampled trace", p.caption.Text)
	}
}
