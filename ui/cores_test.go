package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

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
}
