package demotab

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/record"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/model/modeltest"
)

// writeCardsRecording records ten samples a second apart while three cards ran: the browser
// (launched at 1.5 s, four tabs), race (2.5 s, its result at 6.5 s, ended at 7.5 s) and
// crunch (3.5 s), whose card listens to every sample.
func writeCardsRecording(t *testing.T) *model.Replay {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cards.tsrec")
	t0 := modeltest.T0
	first := modeltest.Fixture(t0, [3]float64{0, 5, 1})
	w, err := record.Create(path, first.Host, first.BootTime, record.Options{Interval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	type ev struct {
		card string
		e    map[string]any
	}
	evs := map[int][]ev{
		1: {{"browser", map[string]any{"event": record.DemoLaunch, "demo": "browser", "args": []any{"--model", "threads"}}}},
		2: {{"race", map[string]any{"event": record.DemoLaunch, "demo": "race", "args": []any{"--sync", "none"}}}},
		3: {{"crunch", map[string]any{"event": record.DemoLaunch, "demo": "crunch", "args": []any{"--model", "threads"}}}},
		6: {{"race", map[string]any{"event": "result", "sync": "none", "expected": 4e7, "actual": 2.5e7, "lost": 1.5e7, "seconds": 0.4, "threads": 4}}},
		7: {{"race", map[string]any{"event": "exited", "name": "race", "reason": demos.ReasonExitedOK}}},
	}
	for _, e := range modeltest.BrowserStart("threads", 100) {
		evs[1] = append(evs[1], ev{"browser", e})
	}
	for i := range 10 {
		at := t0.Add(time.Duration(i) * time.Second)
		if err := w.Append(modeltest.Fixture(at, [3]float64{float64(10 * i), 5, 1})); err != nil {
			t.Fatal(err)
		}
		for k, e := range evs[i] {
			d := record.DemoEvent{Card: e.card, At: at.Add(500*time.Millisecond + time.Duration(k)*time.Millisecond), Event: e.e}
			if err := w.AppendDemoEvent(d); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rp, err := model.OpenReplay(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rp.Close() })
	return rp
}

// newTestReplay shows rp's cards on a fresh view state, in a window of the test driver.
func newTestReplay(t *testing.T, rp *model.Replay) (*ReplayTab, *model.State) {
	t.Helper()
	a := test.NewTempApp(t)
	st := model.NewState()
	rt := NewReplay(st)
	w := a.NewWindow("replay")
	w.SetContent(rt.Content())
	w.Resize(fyne.NewSize(1400, 900))
	t.Cleanup(w.Close)
	rt.Show(rp)
	return rt, st
}

// showAt publishes the sample of second i of the recording as the one shown.
func showAt(st *model.State, i int) {
	st.PublishShown(modeltest.Fixture(modeltest.T0.Add(time.Duration(i)*time.Second), [3]float64{float64(10 * i), 5, 1}))
}

// TestReplaySeekBackLeaksNothing: going back in time throws the cards away and builds fresh
// ones; the old ones must stop listening to the view state, or every seek back would leave a
// set of cards drawing samples off screen.
func TestReplaySeekBackLeaksNothing(t *testing.T) {
	rt, st := newTestReplay(t, writeCardsRecording(t))
	showAt(st, 9)
	if rt.p.cards[cardIndex(t, "crunch")] == nil || rt.p.cards[cardIndex(t, "race")] == nil {
		t.Fatal("the cards with recorded events were not built")
	}
	want := st.Subscribers()
	for round := range 5 {
		showAt(st, 0) // back: fresh cards
		showAt(st, 9) // forward again: the same cards built and fed
		if got := st.Subscribers(); got != want {
			t.Fatalf("after %d seeks back the state holds %d subscriptions, was %d", round+1, got, want)
		}
	}
	rt.Show(nil)
	if got := st.Subscribers(); got >= want {
		t.Errorf("no recording shown: %d subscriptions, as many as with three cards (%d)", got, want)
	}
}

func cardIndex(t *testing.T, name string) int {
	t.Helper()
	for i, e := range registry {
		if e.name == name {
			return i
		}
	}
	t.Fatalf("no card %q", name)
	return -1
}

// TestReplayCardsAreReadOnly: on a replay's cards nothing looks clickable but About (which
// only shows text): no setting, command or typing field, also after the recorded events turned
// the browser's commands on, after presentation mode relaid the cards out, and after a seek.
func TestReplayCardsAreReadOnly(t *testing.T) {
	rt, st := newTestReplay(t, writeCardsRecording(t))
	check := func(when string) {
		t.Helper()
		rt.p.buildAll()
		seen := 0
		for i, c := range rt.p.cards {
			for _, o := range test.LaidOutObjects(c.widget()) {
				d, ok := o.(fyne.Disableable)
				if !ok {
					continue
				}
				seen++
				if b, ok := o.(*widget.Button); ok && b.Text == "About" {
					if d.Disabled() {
						t.Errorf("%s: %s card: About is off", when, registry[i].name)
					}
					continue
				}
				if !d.Disabled() {
					t.Errorf("%s: %s card: a %T (%s) is enabled", when, registry[i].name, o, controlText(o))
				}
			}
		}
		if seen < 3*len(registry) { // Launch, Stop, About at least: the walk saw the cards
			t.Fatalf("%s: only %d controls laid out", when, seen)
		}
	}
	showAt(st, 9)
	check("at the end")
	st.SetPresentation(true)
	check("in presentation mode")
	showAt(st, 2)
	check("after a seek back")
}

func controlText(o fyne.CanvasObject) string {
	switch w := o.(type) {
	case *widget.Button:
		return w.Text
	case *widget.Select:
		return w.Selected
	case *widget.Entry:
		return w.PlaceHolder
	}
	return ""
}

// TestReplayLogKeepsRecordedTimes: a replayed card's log stamps each line with the time the
// event happened in the recording, not the time the replay reached it.
func TestReplayLogKeepsRecordedTimes(t *testing.T) {
	rt, st := newTestReplay(t, writeCardsRecording(t))
	showAt(st, 9)
	lines := rt.slot("race", 0).log.lines
	want := modeltest.T0.Add(2500 * time.Millisecond).Format("15:04:05")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], want+"  started: taskscope demo race") {
		t.Fatalf("race log %q; want it to begin with the launch at %s", lines, want)
	}
}

// TestReplayCardsInviteNothing: a replay's cards ask nobody to run, press or launch anything,
// since nothing runs from a recording: neither the cards that never ran nor race, which did
// (its live verdict ends by suggesting the other synchronisations).
func TestReplayCardsInviteNothing(t *testing.T) {
	rt, st := newTestReplay(t, writeCardsRecording(t))
	showAt(st, 9)
	rt.p.buildAll()
	for i, c := range rt.p.cards {
		for _, o := range laidOutLabels(c.widget()) {
			l, ok := o.(*widget.Label)
			if !ok || !l.TextStyle.Bold {
				continue // verdicts are the bold labels; About and log lines are not asked
			}
			for _, word := range []string{"Run ", "run ", "Press ", "press ", "Launch "} {
				if strings.Contains(l.Text, word) {
					t.Errorf("%s card's verdict asks for what a recording cannot do: %q", registry[i].name, l.Text)
				}
			}
		}
	}
}

// laidOutLabels is every object laid out under o, looking inside theme overrides too (the
// cards set their verdicts in a smaller type that way).
func laidOutLabels(o fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, x := range test.LaidOutObjects(o) {
		out = append(out, x)
		if th, ok := x.(*container.ThemeOverride); ok {
			out = append(out, laidOutLabels(th.Content)...)
		}
	}
	return out
}
