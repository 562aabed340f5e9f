package lesson

import (
	"slices"
	"testing"
	"time"

	"github.com/taskscope/taskscope/claims"
	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/record"
)

// TestCardEvent: each claim run lands on the card and slot the Demos tab gives that demo, its
// start as the card's launch and its events unchanged.
func TestCardEvent(t *testing.T) {
	at := time.Date(2026, 12, 7, 5, 0, 0, 0, time.UTC)
	result := demos.Event{"event": "result", "sync": "lock"}
	for _, c := range []struct {
		in        claims.RunEvent
		card      string
		slot      int
		kind      string
		wantEvent demos.Event
	}{
		{claims.RunEvent{Run: "procrace-lock", Demo: "procrace", Args: []string{"--sync", "lock"}, PID: 7, At: at},
			"procrace", 0, record.DemoLaunch, nil},
		{claims.RunEvent{Run: "procrace-lock", Demo: "procrace", At: at, Event: result}, "procrace", 0, "result", result},
		{claims.RunEvent{Run: "browser-threads", Demo: "browser", PID: 8, At: at}, "browser", 0, record.DemoLaunch, nil},
		{claims.RunEvent{Run: "browser-processes", Demo: "browser", PID: 9, At: at}, "browser", 1, record.DemoLaunch, nil},
		{claims.RunEvent{Run: "browser-processes", Demo: "browser", At: at, Event: demos.Event{"event": "exited"}},
			"browser", 1, "exited", demos.Event{"event": "exited"}},
		{claims.RunEvent{Run: "python", Demo: "python", At: at}, "python", 0, record.DemoLaunch, nil},
	} {
		got := CardEvent(c.in)
		if got.Card != c.card || got.Slot != c.slot || got.Kind() != c.kind || !got.At.Equal(at) {
			t.Errorf("%s %v: card %s slot %d kind %q at %v; want %s %d %q", c.in.Run, c.in.Event,
				got.Card, got.Slot, got.Kind(), got.At, c.card, c.slot, c.kind)
		}
		if c.wantEvent != nil && got.Event["sync"] != c.wantEvent["sync"] {
			t.Errorf("%s: event %v, want it unchanged %v", c.in.Run, got.Event, c.wantEvent)
		}
		if c.kind == record.DemoLaunch {
			args, _ := got.Event["args"].([]string)
			if got.Event["demo"] != c.in.Demo || got.Event["pid"] != c.in.PID || !slices.Equal(args, c.in.Args) {
				t.Errorf("%s: launch %v, want demo %s pid %d args %v", c.in.Run, got.Event, c.in.Demo, c.in.PID, c.in.Args)
			}
		}
	}
}
