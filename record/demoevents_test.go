package record

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// recordWithDemos records samples with a race card's run in between: a launch, its ready and
// result events, each at the time of a sample.
func recordWithDemos(t testing.TB) ([]byte, []DemoEvent) {
	samples := synth(21, 12, 500*time.Millisecond)
	var buf bytes.Buffer
	w, err := NewWriter(&buf, samples[0].Host, samples[0].BootTime, Options{Interval: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	evs := []DemoEvent{
		{Card: "race", At: samples[2].Taken.Add(time.Millisecond), Event: map[string]any{"event": DemoLaunch, "args": []any{"--mode", "none"}}},
		{Card: "race", At: samples[3].Taken.Add(time.Millisecond), Event: map[string]any{"event": "ready", "pid": 4242.0}},
		{Card: "browser", Slot: 1, At: samples[5].Taken.Add(time.Millisecond), Event: map[string]any{"event": "tab", "tab": 1.0, "state": "alive"}},
		{Card: "race", At: samples[8].Taken.Add(time.Millisecond), Event: map[string]any{"event": "result", "expected": 2e6, "actual": 1.2e6, "lost": 8e5}},
	}
	next := 0
	for _, s := range samples {
		if err := w.Append(s); err != nil {
			t.Fatal(err)
		}
		for next < len(evs) && !evs[next].At.After(s.Taken.Add(time.Millisecond)) {
			if err := w.AppendDemoEvent(evs[next]); err != nil {
				t.Fatal(err)
			}
			next++
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), evs
}

// TestDemoEventsRoundTrip: the events come back in order with their cards, slots and fields,
// the samples read as if the events were not there, and DemosAt cuts at the moment asked.
func TestDemoEventsRoundTrip(t *testing.T) {
	b, want := recordWithDemos(t)
	r := openBytes(t, b)
	got, err := r.DemoEvents()
	if err != nil || len(got) != len(want) {
		t.Fatalf("%d events (%v), want %d", len(got), err, len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		gj, _ := json.Marshal(g.Event)
		wj, _ := json.Marshal(w.Event)
		if g.Card != w.Card || g.Slot != w.Slot || !g.At.Equal(w.At) || !bytes.Equal(gj, wj) {
			t.Fatalf("event %d: %+v, want %+v", i, g, w)
		}
	}
	if n := len(readAll(t, r)); n != 12 {
		t.Fatalf("%d samples beside the events, want 12", n)
	}
	// 1.6 s after the first sample (at 0): the launch (1.0 s) and ready (1.5 s) of race only.
	cards, err := r.DemosAt(1600 * time.Millisecond)
	if err != nil || len(cards) != 1 || cards[0].Card != "race" || len(cards[0].Events) != 2 {
		t.Fatalf("DemosAt(1.6s) = %+v, %v", cards, err)
	}
	cards, _ = r.DemosAt(time.Hour)
	if len(cards) != 2 || len(cards[0].Events) != 3 || cards[1].Card != "browser" {
		t.Fatalf("DemosAt(end) = %+v", cards)
	}
}

// TestDemoEventsOldFile: a recording made before demo events reads with none, and replay --json
// says "demos": [] for it.
func TestDemoEventsOldFile(t *testing.T) {
	samples := synth(22, 6, 500*time.Millisecond)
	r := openBytes(t, recordAll(t, samples, Options{Interval: 500 * time.Millisecond}))
	if evs, err := r.DemoEvents(); err != nil || len(evs) != 0 {
		t.Fatalf("an old file has demo events: %v, %v", evs, err)
	}
}

// TestReplayJSONDemos: `replay FILE --at D --json` is the snapshot JSON with "demos" added.
func TestReplayJSONDemos(t *testing.T) {
	b, _ := recordWithDemos(t)
	path := filepath.Join(t.TempDir(), "demos.tsrec")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := ReplayMain([]string{path, "--at", "5s", "--json"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var doc struct {
		Taken     string       `json:"taken"`
		Processes []any        `json:"processes"`
		Demos     []replayDemo `json:"demos"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	if doc.Taken == "" || len(doc.Processes) == 0 || len(doc.Demos) != 2 || doc.Demos[0].Card != "race" ||
		len(doc.Demos[0].Events) != 3 || doc.Demos[0].Events[2].Event["event"] != "result" || doc.Demos[1].Events[0].Slot != 1 {
		t.Fatalf("replay --json: %+v", doc)
	}
	if at := doc.Demos[0].Events[2].AtMS; at != 4001 {
		t.Fatalf("the result is at %d ms, want 4001", at)
	}
}

// FuzzDemoEvents feeds the demo-events decoder arbitrary payloads: events or an error, no panic.
func FuzzDemoEvents(f *testing.F) {
	e := enc{}
	e.uvarint(1)
	e.str("race")
	e.uvarint(0)
	e.varint(1_700_000_000_000_000_000)
	e.str(`{"event":"result","lost":3}`)
	f.Add(e.b)
	f.Add([]byte{2, 1, 'x', 0, 0, 2, '{', '}'})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		evs, err := decodeDemoEvents(b)
		if err == nil {
			for _, ev := range evs {
				if ev.Event == nil {
					t.Fatal("an event without its object")
				}
			}
		}
	})
}
