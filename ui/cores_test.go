package ui

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/taskscope/taskscope/inspect"
)

// crunchSample is a recorded watch sample: a process "crunch" (PID 500) with two busy workers,
// worker-2 on core c2, and a thread that slept.
func crunchSample(at time.Time, c2 int) *inspect.WatchSample {
	th := func(tid int, name, state string, cpu float64, core int) inspect.Thread {
		return inspect.Thread{TID: tid, StartTicks: 5000, Name: name, State: state, CPUPercent: cpu, Core: core}
	}
	return &inspect.WatchSample{Taken: at, Interval: watchEvery, Processes: []inspect.Process{{
		PID: 500, StartTicks: 5000, Name: "crunch", State: "R", NumThreads: 3,
		Threads: []inspect.Thread{th(500, "crunch", "S", 0, 1), th(501, "worker-1", "R", 95, 0), th(502, "worker-2", "R", 80, c2)},
	}}}
}

// newTestCores opens the Cores tab alone on the test driver, with a recorded history: twenty
// seconds of the main refresh (the fixture machine), and for its last eight the 10 Hz watch of
// crunch, whose worker-2 moves from core 1 to core 0 and back.
// watchedFor is how long the recorded history of newTestCores watched crunch.
const watchedFor = 8 * time.Second

func newTestCores(t *testing.T) (*coresPanel, fyne.Window, time.Time) {
	t.Helper()
	a := test.NewTempApp(t)
	w := a.NewWindow("cores")
	h := newHub(w)
	p := newCoresPanel(h, "/nonexistent", func(f func()) { f() })
	w.SetContent(p.content)
	w.Resize(fyne.NewSize(1400, 700))
	w.Show()
	t.Cleanup(w.Close)

	var last *inspect.Snapshot
	for i := 0; i <= 20; i++ {
		s := fixture(t0.Add(time.Duration(i)*time.Second), [3]float64{30, 5, 1})
		h.publishLive(s)
		h.publishShown(s)
		last = s
	}
	for i := 1; i <= 80; i++ {
		core := 1
		if i > 30 && i <= 50 {
			core = 0
		}
		p.addWatch(crunchSample(last.Taken.Add(-watchedFor+time.Duration(i)*watchEvery), core))
	}
	return p, w, last.Taken
}

func TestCoresViewDrawn(t *testing.T) {
	p, _, end := newTestCores(t)
	v := p.view
	if len(v.rows) != 2 || !v.to.Equal(end) || !v.from.Equal(end.Add(-laneSpan)) {
		t.Fatalf("%d lanes from %v to %v, want 2 lanes ending %v", len(v.rows), v.from, v.to, end)
	}
	if got := v.labels; len(got) != 2 || !strings.Contains(got[0], "CPU 0") || !strings.Contains(got[0], "40 %") ||
		!strings.Contains(got[1], "10 %") {
		t.Errorf("labels = %q, want each core's busy %% from the snapshot", got)
	}
	// Core 0: the fixture's firefox main thread from the refresh, then crunch's worker-1
	// from the watch; the refresh's claim on those eight seconds is covered by the watch.
	names := map[string]bool{}
	for _, s := range v.rows[0].segs {
		names[s.name] = true
		if s.proc.ID == 100 && s.to.After(end.Add(-watchedFor)) {
			t.Errorf("refresh segment %v–%v drawn under the watch's", s.from, s.to)
		}
	}
	if !names["firefox"] || !names["worker-1"] || names["worker-2"] {
		t.Errorf("core 0 shows %v, want firefox and worker-1 (worker-2 loses to it)", names)
	}

	// What is on screen: the rectangles and the names written in wide segments.
	r := test.WidgetRenderer(v).(*laneRenderer)
	var shownNames []string
	for _, n := range r.names {
		if n.Visible() {
			shownNames = append(shownNames, n.Text)
		}
	}
	if !strings.Contains(strings.Join(shownNames, ","), "firefox") || !strings.Contains(strings.Join(shownNames, ","), "worker-1") {
		t.Errorf("names drawn = %q", shownNames)
	}
	visible := 0
	for _, s := range r.segs {
		if s.Visible() {
			visible++
		}
	}
	if want := len(v.rows[0].segs) + len(v.rows[1].segs); visible != want {
		t.Errorf("%d segment rectangles shown, want %d", visible, want)
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
	if p.colors.color(inspect.TaskKey{ID: 500, StartTicks: 5000}) == p.colors.color(inspect.TaskKey{ID: 100, StartTicks: 100}) {
		t.Error("two processes on screen share a colour")
	}

	// Watched threads: worker-2 moved 1 -> 0 -> 1, two migrations, each ticked on its lane.
	if got := strings.Join(p.threadText, "\n"); !strings.Contains(got, "worker-2") {
		t.Errorf("watched threads = %q", got)
	}
	for _, line := range p.threadText {
		if strings.HasPrefix(line, "worker-2") && !strings.HasSuffix(line, "   2") {
			t.Errorf("worker-2 line = %q, want 2 migrations", line)
		}
	}
	if len(v.rows[0].ticks) != 1 || len(v.rows[1].ticks) != 1 {
		t.Errorf("ticks: %d on lane 0, %d on lane 1; want one each", len(v.rows[0].ticks), len(v.rows[1].ticks))
	}
}

func TestCoresTapShowsThread(t *testing.T) {
	p, _, end := newTestCores(t)
	v := p.view
	x0, laneH, _ := v.geometry(v.Size())
	xAt := func(at time.Time) float32 {
		return x0 + (v.Size().Width-x0)*float32(at.Sub(v.from).Seconds()/laneSpan.Seconds())
	}
	// Half a second before the end, on core 0: worker-1 (the watch).
	test.TapAt(v, fyne.NewPos(xAt(end.Add(-500*time.Millisecond)), laneH/2))
	got := p.info.Text
	for _, want := range []string{"CPU 0", "worker-1", "TID 501", "crunch", "PID 500", "running", "95 %"} {
		if !strings.Contains(got, want) {
			t.Errorf("info after tapping worker-1 = %q, missing %q", got, want)
		}
	}
	// Thirty seconds back there is no data at all: idle.
	test.TapAt(v, fyne.NewPos(xAt(end.Add(-30*time.Second)), laneH+laneGap+laneH/2))
	if got := p.info.Text; !strings.Contains(got, "CPU 1") || !strings.Contains(got, "idle") {
		t.Errorf("info after tapping an idle stretch = %q", got)
	}
}

func TestCoresFreezeScrubsLanes(t *testing.T) {
	p, _, end := newTestCores(t)
	h := p.hub
	h.setFrozen(true)
	back := h.hist.at(3)
	h.publishShown(back)
	if !p.view.to.Equal(back.Taken) {
		t.Fatalf("frozen and scrubbed to %v, lanes end at %v", back.Taken, p.view.to)
	}
	for _, r := range p.view.rows {
		for _, s := range r.segs {
			if s.to.After(back.Taken) {
				t.Errorf("segment %s until %v drawn past the scrubbed time", s.name, s.to)
			}
		}
	}
	// New watch data while frozen is kept but not shown until the display is live again.
	p.addWatch(crunchSample(end.Add(watchEvery), 1))
	if !p.view.to.Equal(back.Taken) {
		t.Errorf("new data moved frozen lanes to %v", p.view.to)
	}
	h.setFrozen(false)
	h.publishShown(h.live())
	if !p.view.to.Equal(end.Add(watchEvery)) {
		t.Errorf("live again: lanes end at %v, want the newest data", p.view.to)
	}
}

func TestCoresPresentationLanesTaller(t *testing.T) {
	p, _, _ := newTestCores(t)
	// In a window too small for both lanes, each gets its least height.
	small := fyne.NewSize(1000, 10)
	_, normal, _ := p.view.geometry(small)
	p.hub.setPresentation(true)
	_, large, _ := p.view.geometry(small)
	if !p.view.large || large < 2*normal {
		t.Errorf("lane height %v in presentation mode, %v normally", large, normal)
	}
}

// TestWatchSet checks which processes are watched: marked, selected, then filter matches,
// never kernel threads through the filter, in PID order.
func TestWatchSet(t *testing.T) {
	s := fixture(t0, [3]float64{30, 5, 1})
	sel := inspect.TaskKey{ID: 300, StartTicks: 300}
	got := watchSet(s, map[int]bool{200: true}, sel, true, "")
	if len(got) != 2 || got[0].ID != 200 || got[1].ID != 300 {
		t.Errorf("marked + selected = %v", got)
	}
	if got := watchSet(s, nil, inspect.TaskKey{ID: 300, StartTicks: 1}, true, ""); len(got) != 0 {
		t.Errorf("a selection whose PID was reused is watched: %v", got)
	}
	if got := watchSet(s, nil, sel, false, "SYSTEM"); len(got) != 1 || got[0].ID != 1 {
		t.Errorf("filter \"SYSTEM\" = %v, want systemd", got)
	}
	if got := watchSet(s, nil, sel, false, "kthread"); len(got) != 0 {
		t.Errorf("filter \"kthread\" = %v, want no kernel thread", got)
	}
	// Taskscope's own process, whose command line holds the filter, is watched only if selected.
	self := inspect.Process{PID: os.Getpid(), StartTicks: 7, Name: "taskscope", Cmdline: "taskscope --filter crunch"}
	s.Processes = append(slices.Clone(s.Processes), self)
	if got := watchSet(s, nil, sel, false, "crunch"); len(got) != 0 {
		t.Errorf("filter \"crunch\" = %v, want Taskscope itself left out", got)
	}
	if got := watchSet(s, nil, self.Key(), true, "crunch"); len(got) != 1 || got[0] != self.Key() {
		t.Errorf("Taskscope selected = %v, want it watched", got)
	}
}

// TestCoreLanesRuntimeThreadsDoNotClaim: a Go program's runtime thread that woke for a moment
// on a core claims no slot there and draws no tick when it drifts; the busy worker does.
func TestCoreLanesRuntimeThreadsDoNotClaim(t *testing.T) {
	m := newLaneModel()
	at := t0
	sample := func(rtCore, wCore int) {
		at = at.Add(watchEvery)
		m.addFine(&inspect.WatchSample{Taken: at, Interval: watchEvery, Processes: []inspect.Process{{
			PID: 500, StartTicks: 5000, Name: "crunch", Threads: []inspect.Thread{
				{TID: 501, StartTicks: 5000, Name: "crunch", State: "S", CPUPercent: 0.2, Core: rtCore},
				{TID: 502, StartTicks: 5000, Name: "worker-0", State: "R", CPUPercent: 97, Core: wCore},
			}}}})
	}
	sample(0, 1)
	sample(1, 1) // the runtime thread drifts to core 1
	sample(0, 1)
	if len(m.fine[0]) != 0 {
		t.Errorf("core 0 slots = %+v, want none: the runtime thread ran 0.2 %%", m.fine[0])
	}
	if len(m.ticks[0])+len(m.ticks[1]) != 0 {
		t.Errorf("ticks = %v / %v, want none for an idle thread's drift", m.ticks[0], m.ticks[1])
	}
	if tr := m.tracks[inspect.TaskKey{ID: 501, StartTicks: 5000}]; tr == nil || tr.migrations != 2 {
		t.Errorf("runtime thread's track = %+v, want its 2 moves counted", tr)
	}
	sample(0, 0) // the worker moves: counted and ticked
	if len(m.ticks[0]) != 1 || m.ticks[0][0].name != "worker-0" {
		t.Errorf("ticks on core 0 = %+v, want worker-0's arrival", m.ticks[0])
	}
	if got := m.watchedThreads(); len(got) != 2 || got[0].name != "worker-0" {
		t.Errorf("watched threads = %+v, want the busy worker first", got)
	}
}

// TestCoreLanesRunsNameTheDominantThread: samples of one process whose threads take turns make one
// run, named after the thread that held most of it, with the count of the others; a short break
// does not end the run, a longer turn of another process does.
func TestCoreLanesRunsNameTheDominantThread(t *testing.T) {
	proc := inspect.TaskKey{ID: 500, StartTicks: 5000}
	other := inspect.TaskKey{ID: 600, StartTicks: 6000}
	seg := func(i int, p inspect.TaskKey, tid int, name string) laneSeg {
		from := t0.Add(time.Duration(i) * watchEvery)
		return laneSeg{from: from, to: from.Add(watchEvery), proc: p, thread: inspect.TaskKey{ID: tid, StartTicks: 1},
			name: name, fine: true}
	}
	var segs []laneSeg
	for i := range 10 {
		switch {
		case i%3 == 1:
			segs = append(segs, seg(i, proc, 501, "crunch"))
		case i == 5:
			segs = append(segs, seg(i, proc, 503, "worker-1"))
		default:
			segs = append(segs, seg(i, proc, 502, "worker-0"))
		}
	}
	// Another process's sample and an idle one are bridged: the run goes on under one name.
	segs = append(segs, seg(10, other, 601, "Xorg"), seg(12, proc, 502, "worker-0")) // idle at 11
	// Half a second of another process is a turn of its own, and ends the run.
	for i := 13; i < 18; i++ {
		segs = append(segs, seg(i, other, 601, "Xorg"))
	}
	segs = append(segs, seg(18, proc, 503, "worker-1"))
	runs := runsOf(segs, nil)
	if len(runs) != 3 {
		t.Fatalf("runs = %+v, want crunch, Xorg, crunch", runs)
	}
	if r := runs[0]; r.label() != "worker-0 +2" || !r.from.Equal(t0) || !r.to.Equal(t0.Add(13*watchEvery)) || r.proc != proc {
		t.Errorf("first run = %+v (%q), want worker-0 +2 over the first 1.3 s, across the short break", r, r.label())
	}
	if r := runs[1]; r.label() != "Xorg" || !r.from.Equal(t0.Add(13*watchEvery)) || !r.to.Equal(t0.Add(18*watchEvery)) {
		t.Errorf("second run = %+v (%q), want Xorg's half second", r, r.label())
	}
	if runs[2].label() != "worker-1" || runs[2].proc != proc {
		t.Errorf("last run = %q", runs[2].label())
	}
}

// TestCoresTapSelectsProcess: tapping a segment selects its process in every view.
func TestCoresTapSelectsProcess(t *testing.T) {
	p, _, end := newTestCores(t)
	v := p.view
	x0, laneH, _ := v.geometry(v.Size())
	x := x0 + (v.Size().Width-x0)*float32(end.Add(-500*time.Millisecond).Sub(v.from).Seconds()/laneSpan.Seconds())
	test.TapAt(v, fyne.NewPos(x, laneH/2))
	if k, ok := p.hub.selection(); !ok || k != (inspect.TaskKey{ID: 500, StartTicks: 5000}) {
		t.Errorf("selection after tapping crunch's worker = %v %v", k, ok)
	}
	if !strings.Contains(p.info.Text, "worker-1") {
		t.Errorf("info = %q", p.info.Text)
	}
}

// TestCoresPresentationSidePanelFits: in presentation mode the side panel widens so a line of
// the watched threads fits at presentation text size.
func TestCoresPresentationSidePanelFits(t *testing.T) {
	p, w, _ := newTestCores(t)
	w.Resize(fyne.NewSize(1280, 800))
	fyne.CurrentApp().Settings().SetTheme(newPresentationTheme())
	p.hub.setPresentation(true)
	th := newPresentationTheme()
	line := fmt.Sprintf(threadFormat, "123456789012345", "4194304", "127", "99999")
	need := fyne.MeasureText(line, th.Size(theme.SizeNameText), fyne.TextStyle{Monospace: true}).Width + 4*th.Size(theme.SizeNameInnerPadding)
	side := p.split.Trailing.Size().Width
	if side < need {
		t.Errorf("side panel %.0f wide in presentation mode, a thread line needs %.0f", side, need)
	}
}

// TestCoreLanesWatchStopsOnQuit: the watch goroutine ends when the app quits, and is not started
// again after.
func TestCoreLanesWatchStopsOnQuit(t *testing.T) {
	got := make(chan struct{}, 100)
	lw := newLaneWatch("/proc", func(*inspect.WatchSample) { got <- struct{}{} })
	lw.every = 10 * time.Millisecond
	lw.watch([]inspect.TaskKey{inspect.TaskKey{ID: os.Getpid(), StartTicks: startTicksOf(t, os.Getpid())}})
	select {
	case <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("the watch delivered nothing")
	}
	lw.close()
	deadline := time.Now().Add(2 * time.Second)
	for lw.busy() {
		if time.Now().After(deadline) {
			t.Fatal("the watch goroutine still runs after close")
		}
		time.Sleep(5 * time.Millisecond)
	}
	for len(got) > 0 {
		<-got
	}
	lw.watch([]inspect.TaskKey{inspect.TaskKey{ID: os.Getpid(), StartTicks: startTicksOf(t, os.Getpid())}})
	time.Sleep(50 * time.Millisecond)
	if lw.busy() || len(got) > 0 {
		t.Error("the watch started again after close")
	}
}

// TestCoresPresentationNamesShrinkToFit: in presentation mode a run too narrow for its name at
// presentation size gets it a little smaller; normally it gets none.
func TestCoresPresentationNamesShrinkToFit(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(newPresentationTheme())
	v := newLaneView(newLanePalette())
	v.large = true
	size := fyne.NewSize(1000, 300)
	v.Resize(size)
	th := v.Theme()
	ts, pad := th.Size(theme.SizeNameText), th.Size(theme.SizeNamePadding)
	x0, _, _ := v.geometry(size)
	full := fyne.MeasureText("worker-0", ts, fyne.TextStyle{}).Width + 2*pad
	small := fyne.MeasureText("worker-0", ts*0.75, fyne.TextStyle{}).Width + 2*pad
	// A run as wide as the mean of what the name needs at each size.
	span := time.Duration(float64(laneSpan) * float64((full+small)/2/(size.Width-x0)))
	end := t0.Add(laneSpan)
	proc := inspect.TaskKey{ID: 500, StartTicks: 5000}
	seg := laneSeg{from: end.Add(-span), to: end, proc: proc, thread: inspect.TaskKey{ID: 502, StartTicks: 5000},
		name: "worker-0", fine: true}
	v.rows = []laneRow{{core: 0, segs: []laneSeg{seg}, runs: runsOf([]laneSeg{seg}, nil)}}
	v.labels, v.from, v.to = []string{"CPU 0   99 %"}, t0, end
	r := test.WidgetRenderer(v).(*laneRenderer)
	shown := func() *canvas.Text {
		v.Refresh()
		for _, n := range r.names {
			if n.Visible() {
				return n
			}
		}
		return nil
	}
	if n := shown(); n == nil || n.Text != "worker-0" || n.TextSize >= ts || n.TextSize < ts*0.7 {
		t.Errorf("presentation name = %+v, want worker-0 at 3/4 of %v", n, ts)
	}
	v.large = false
	if n := shown(); n != nil {
		t.Errorf("name %q at %v drawn outside presentation mode, where it does not fit", n.Text, n.TextSize)
	}
}

// TestWatchedThreadsNamedFirst: among threads that never ran enough to be busy, a demo's own
// named threads come before the runtime's helpers, which carry the process's name.
func TestWatchedThreadsNamedFirst(t *testing.T) {
	m := newLaneModel()
	at := time.Unix(1000, 0)
	m.addFine(&inspect.WatchSample{Taken: at, Interval: watchEvery, Processes: []inspect.Process{{
		PID: 700, StartTicks: 1, Name: "browser", Threads: []inspect.Thread{
			{TID: 700, StartTicks: 1, Name: "browser", State: "S"},
			{TID: 701, StartTicks: 1, Name: "browser", State: "S"},
			{TID: 705, StartTicks: 1, Name: "tab-1", State: "S", CPUPercent: 0.1},
		}}}})
	got := m.watchedThreads()
	if len(got) != 3 || got[0].name != "tab-1" || got[1].key.ID != 700 || got[2].key.ID != 701 {
		t.Errorf("watched threads = %+v, want tab-1 first, then the rest by TID", got)
	}
}
