package model

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/record"
)

// TestDemoCursor moves a replay's time forward, back and forward again: forward hands out only
// new events, back clears the cards and hands out everything up to the new time.
func TestDemoCursor(t *testing.T) {
	t0 := time.Unix(1_700_000_000, 0)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	var evs []record.DemoEvent
	for _, s := range []int{1, 2, 2, 5, 9} {
		evs = append(evs, record.DemoEvent{Card: "race", At: at(s), Event: map[string]any{"event": "tick", "s": s}})
	}
	c := NewDemoCursor(evs)
	steps := []struct {
		to    int
		clear bool
		n     int
		first int // index in evs of the first event handed out, -1 for none
	}{
		{0, false, 0, -1},
		{2, false, 3, 0},
		{4, false, 0, -1},
		{5, false, 1, 3},
		{20, false, 1, 4},
		{3, true, 3, 0},
		{1, true, 1, 0},
		{9, false, 4, 1},
		{9, false, 0, -1},
	}
	for _, st := range steps {
		clear, apply := c.MoveTo(at(st.to))
		if clear != st.clear || len(apply) != st.n {
			t.Fatalf("to %ds: clear %v with %d events, want %v with %d", st.to, clear, len(apply), st.clear, st.n)
		}
		if st.first >= 0 && apply[0].Event["s"] != evs[st.first].Event["s"] {
			t.Fatalf("to %ds: first event %v, want %v", st.to, apply[0].Event, evs[st.first].Event)
		}
	}
}

// TestRecorderKeepsDemoEvents: events a card reports through the state while the window
// records reach the file, with their card and slot, and a replay of it hands them out.
func TestRecorderKeepsDemoEvents(t *testing.T) {
	samples := liveSamples(t, 2, 50*time.Millisecond)
	path := filepath.Join(t.TempDir(), "demos.tsrec")
	rec, err := StartRecorder(path, samples[0], time.Second)
	if err != nil {
		t.Fatal(err)
	}
	st := NewState()
	st.OnDemoEvent(rec.AppendDemoEvent)
	rec.Append(samples[0])
	st.RecordDemoEvent("browser", 1, demos.Event{"event": "tab", "tab": 2, "state": "crashed"})
	rec.Append(next(samples[1]))
	if err := rec.Stop(); err != nil {
		t.Fatal(err)
	}
	rp, err := OpenReplay(path)
	if err != nil {
		t.Fatal(err)
	}
	defer rp.Close()
	evs := rp.DemoEvents()
	if len(evs) != 1 || evs[0].Card != "browser" || evs[0].Slot != 1 || evs[0].Event["state"] != "crashed" {
		t.Fatalf("the replay holds %+v", evs)
	}
}
