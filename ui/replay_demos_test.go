package ui

import (
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/record"
)

// writeDemoRecording records ten samples a second apart with a race card's run: launched at
// 2.5 s, its unlocked result at 6.5 s, ended at 7.5 s.
func writeDemoRecording(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "lab-demos.tsrec")
	first := fixture(t0, [3]float64{0, 5, 1})
	w, err := record.Create(path, first.Host, first.BootTime, record.Options{Interval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	evs := map[int]map[string]any{
		2: {"event": record.DemoLaunch, "demo": "race", "args": []any{"--sync", "none"}},
		6: {"event": "result", "sync": "none", "expected": 4e7, "actual": 2.5e7, "lost": 1.5e7, "seconds": 0.4, "threads": 4},
		7: {"event": "exited", "name": "race", "reason": demos.ReasonExitedOK},
	}
	for i := range 10 {
		at := t0.Add(time.Duration(i) * time.Second)
		if err := w.Append(fixture(at, [3]float64{float64(10 * i), 5, 1})); err != nil {
			t.Fatal(err)
		}
		if e, ok := evs[i]; ok {
			if err := w.AppendDemoEvent(record.DemoEvent{Card: "race", At: at.Add(500 * time.Millisecond), Event: e}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReplayShowsDemos opens a recording made while the race demo ran: the Demos tab shows the
// race card as it was at the moment shown (no verdict before the result, the lost updates
// after it, nothing again when scrubbed back), with Launch off. Tabs are built when first
// shown, so it does so both ways: the Demos tab first shown after the recording was opened,
// and the live Demos tab built before it.
func TestReplayShowsDemos(t *testing.T) {
	for _, tc := range []struct {
		name string
		open func(t *testing.T, path string) *mainWindow
	}{
		{"tab built after open", func(t *testing.T, path string) *mainWindow {
			m, _ := openReplayWindow(t, path)
			if m.rec.demoReplay != nil {
				t.Error("the recording's cards were built before the Demos tab was shown")
			}
			m.selectTab("demos")
			return m
		}},
		{"live tab built before", func(t *testing.T, path string) *mainWindow {
			m, src := newTestWindow(t, options{tab: "demos"})
			step(m, src, fixture(t0, [3]float64{1, 2, 3}))
			if m.demos == nil {
				t.Fatal("the live Demos tab was not built")
			}
			m.rec.open(path)
			drain(m)
			m.work.Sample()
			drain(m)
			return m
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { checkReplayedRace(t, tc.open(t, writeDemoRecording(t))) })
	}
}

// seekTo moves the replay shown in m to frac of its length, as the scrubber does.
func seekTo(m *mainWindow, frac float64) {
	m.rec.play.scrub.SetValue(frac * scrubSteps)
	m.rec.play.scrub.OnChangeEnded(frac * scrubSteps)
	drain(m)
}

func checkReplayedRace(t *testing.T, m *mainWindow) {
	content := m.tabs.Items[m.tabIndex("demos")].Content
	if m.rec.demoReplay == nil || content != m.rec.demoReplay.Content() {
		t.Fatal("the Demos tab does not show the recording's cards")
	}
	m.rec.demoReplay.ShowCard("race")
	has := func(text string) bool {
		_, ok := findLabel(m.rec.demoReplay.Content(), text)
		return ok
	}
	seekTo(m, 1)
	if !has("37.5 %") || !has("Finished.") {
		t.Fatal("at the end the race card does not show the recorded verdict (37.5 % lost) and Finished.")
	}
	seekTo(m, 4.0/9)
	if has("37.5 %") || !has("Running in the recording") {
		t.Fatal("at 4 s, before the result, the race card shows the verdict, or not that it runs")
	}
	seekTo(m, 1.0/9)
	if has("Running in the recording") || !has("Not run up to this moment") {
		t.Fatal("at 1 s, before the launch, the race card does not say it has not run")
	}
	for _, b := range buttons(m.rec.demoReplay.Content()) {
		if (b.Text == "Run" || b.Text == "Stop" || b.Text == "Run all three") && !b.Disabled() {
			t.Errorf("%s is enabled on a recording", b.Text)
		}
	}
	m.win.Resize(fyne.NewSize(1280, 720))
	test.Tap(m.rec.play.live)
	drain(m)
	if m.tabs.Items[m.tabIndex("demos")].Content == m.rec.demoReplay.Content() {
		t.Error("back to live: the Demos tab still shows the recording's cards")
	}
}

// buttons lists the buttons laid out under o.
func buttons(o fyne.CanvasObject) []*widget.Button {
	var out []*widget.Button
	for _, x := range test.LaidOutObjects(o) {
		if b, ok := x.(*widget.Button); ok {
			out = append(out, b)
		}
	}
	return out
}
