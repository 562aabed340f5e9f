package ui

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/record"
	"github.com/taskscope/taskscope/ui/model"
)

// writeRecording records the fixture machine for n seconds, firefox's CPU rising 10 % a second,
// and returns the file.
func writeRecording(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "lab.tsrec")
	first := fixture(t0, [3]float64{0, 5, 1})
	w, err := record.Create(path, first.Host, first.BootTime, record.Options{Interval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := w.Append(fixture(t0.Add(time.Duration(i)*time.Second), [3]float64{float64(10 * i), 5, 1})); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// openReplayWindow opens the window on a recording, as `taskscope --open FILE` does.
func openReplayWindow(t *testing.T, path string) (*mainWindow, *model.Replay) {
	t.Helper()
	rp, err := model.OpenReplay(path)
	if err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	m := newMainWindow(a, rp, options{}, runOptions{})
	m.win.Resize(fyne.NewSize(1400, 900))
	m.win.Show()
	t.Cleanup(m.win.Close)
	m.work.Sample()
	drain(m)
	return m, rp
}

func firefoxCPU(m *mainWindow) string {
	for _, r := range shownRows(m) {
		if r[model.ColName] == "firefox" {
			return r[model.ColCPU]
		}
	}
	return ""
}

// TestReplayInWindow: a recording opened in the window fills the same table, says plainly what
// it is, follows the scrubber, and turns off demos, signals and recording.
func TestReplayInWindow(t *testing.T) {
	m, rp := openReplayWindow(t, writeRecording(t, 10))
	banner := m.rec.play.banner.Text
	for _, want := range []string{"Recording of lab", t0.Format("2 Jan 2006 15:04:05"), "not the live machine"} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner %q does not say %q", banner, want)
		}
	}
	if !m.rec.play.box.Visible() || !m.rec.recordItem.Disabled || m.rec.liveItem.Disabled {
		t.Error("replay: the playback bar is hidden, or Record is on, or Back to live is off")
	}
	if got := firefoxCPU(m); got != "0.0" {
		t.Fatalf("at the start firefox shows %q, recorded 0.0", got)
	}
	// The scrubber to the end: the last sample, firefox at 90 %.
	m.rec.play.scrub.SetValue(scrubSteps)
	m.rec.play.scrub.OnChangeEnded(scrubSteps)
	drain(m)
	if got := firefoxCPU(m); got != "90.0" {
		t.Fatalf("at the end firefox shows %q, recorded 90.0", got)
	}
	if got := m.rec.play.pos.Text; got != "0:09 / 0:09" {
		t.Errorf("position %q", got)
	}
	// Play and pause; the speeds offered.
	test.Tap(m.rec.play.play)
	if !rp.Playback().Playing() || m.rec.play.play.Text != "Pause" {
		t.Error("Play did not start the playback")
	}
	test.Tap(m.rec.play.play)
	if rp.Playback().Playing() {
		t.Error("Pause did not stop the playback")
	}
	m.rec.play.speed.SetSelected("8x")
	if rp.Playback().Speed() != 8 || !slices.Contains(m.rec.play.speed.Options, "0.25x") {
		t.Errorf("speed %v, options %v", rp.Playback().Speed(), m.rec.play.speed.Options)
	}
	// Signals are off, and say why.
	m.st.SelectProcess(inspect.TaskKey{ID: 100, StartTicks: 100})
	drain(m)
	if !strings.Contains(m.detail.Refused.Text, "recording") || !m.detail.Buttons[0].Disabled() {
		t.Errorf("signal refusal %q, button disabled %v", m.detail.Refused.Text, m.detail.Buttons[0].Disabled())
	}
	if m.detail.Sched.Box.Visible() {
		t.Error("pinning and nice are offered on a recording")
	}
	// Demos are off.
	m.selectTab("demos")
	if l, ok := findLabel(m.tabs.Items[tabIndex("demos")].Content, "Demos are off"); !ok {
		t.Errorf("the Demos tab does not say demos are off: %v", l)
	}
	// Recording is refused while replaying.
	m.rec.toggleRecording()
	if m.rec.rec != nil {
		t.Error("recording started on a replay")
	}
	// Back to the live machine: the controls come back, the bar goes.
	m.rec.backToLive()
	drain(m)
	if m.st.Replaying() != nil || m.rec.play.box.Visible() || m.rec.recordItem.Disabled || !m.detail.Sched.Box.Visible() {
		t.Error("back to live: still in replay mode")
	}
	if _, ok := findLabel(m.tabs.Items[tabIndex("demos")].Content, "Demos are off"); ok {
		t.Error("back to live: the Demos tab still says demos are off")
	}
	if s := m.st.Live(); s == nil || s.Host.Hostname == "lab" {
		t.Error("back to live: the window does not show the live machine")
	}
}

// findLabel finds a label whose text contains s under o.
func findLabel(o fyne.CanvasObject, s string) (string, bool) {
	for _, x := range test.LaidOutObjects(o) {
		if l, ok := x.(*widget.Label); ok && strings.Contains(l.Text, s) {
			return l.Text, true
		}
	}
	return "", false
}

// TestRecordInWindow: File → Record writes every live sample from then on until stopped, with
// the red dot's row shown meanwhile; the file replays what was shown.
func TestRecordInWindow(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	m.rec.toggleRecording()
	if m.rec.rec == nil || !m.rec.recRow.Visible() || m.rec.recordItem.Label != "Stop recording" {
		t.Fatal("Record did not start, or shows no red dot")
	}
	for i := 1; i <= 3; i++ {
		step(m, src, fixture(t0.Add(time.Duration(i)*time.Second), [3]float64{30 + float64(i), 5, 1}))
	}
	m.rec.refresh()
	if got := m.rec.recLabel.Text; !strings.HasPrefix(got, "REC 0:0") {
		t.Errorf("recording label %q", got)
	}
	path := m.rec.lastPath
	m.rec.toggleRecording()
	if m.rec.rec != nil || m.rec.recRow.Visible() {
		t.Fatal("Stop did not stop")
	}
	if !strings.Contains(m.status.Text, "Recorded 4 samples") {
		t.Errorf("status %q", m.status.Text)
	}
	r, err := record.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Samples() != 4 || !r.Indexed() {
		t.Fatalf("the file holds %d samples (indexed %v), want the 4 shown", r.Samples(), r.Indexed())
	}
	last, _ := r.At(time.Hour)
	if p, ok := last.Find(100); !ok || p.CPUPercent != 33 {
		t.Fatalf("the last recorded sample is not the last one shown: %+v", p)
	}
}

// TestRecordTracedProgram: a window recording keeps the Timeline tab's exact trace of a program
// it runs, and a replay of the file offers it again.
func TestRecordTracedProgram(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	m.timelineTab().DriveInline() // one goroutine changes the widgets: this one
	if err := m.timelineTab().Run([]string{"sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 0.05; done"}, ""); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.timelineTab().End)
	m.rec.toggleRecording()
	for i := 1; i <= 6; i++ {
		time.Sleep(200 * time.Millisecond)
		m.timelineTab().PollNow()
		step(m, src, fixture(t0.Add(time.Duration(i)*time.Second), [3]float64{30, 5, 1}))
	}
	path := m.rec.lastPath
	m.rec.toggleRecording()
	r, err := record.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	parts, err := r.Traces()
	r.Close()
	if err != nil || len(parts) == 0 {
		t.Fatalf("no trace in the window's recording: %v", err)
	}
	merged := record.MergeTraces(parts)
	runs := 0
	for _, th := range merged.Threads {
		runs += len(th.Runs)
	}
	if runs < 5 {
		t.Fatalf("the recorded trace holds %d runs of a program that woke a dozen times", runs)
	}
	rp, err := model.OpenReplay(path)
	if err != nil {
		t.Fatal(err)
	}
	defer rp.Close()
	if tr := rp.Trace(); tr == nil || len(tr.Threads) != len(merged.Threads) {
		t.Fatal("the replay does not offer the recorded trace")
	}
}
