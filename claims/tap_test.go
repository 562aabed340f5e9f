package claims

import (
	"testing"

	"github.com/taskscope/taskscope/demos"
)

// TestEventLogTaps: every event a run gives reaches the tap, under the run's key and demo,
// also past the log's bound, while what the log keeps (the figures' source) is unchanged; a
// log without a tap hands nothing on.
func TestEventLogTaps(t *testing.T) {
	var got []RunEvent
	running := &demos.Running{Name: "procrace", Args: []string{"--sync", "lock"}, PID: 42}
	l := eventLog{tap: tap{fn: func(e RunEvent) { got = append(got, e) }, key: "procrace-lock", running: running}}
	l.tap.started()
	for i := range maxRunEvents + 3 {
		l.add(demos.Event{"event": "progress", "n": i})
	}
	if len(l.events) != maxRunEvents {
		t.Errorf("the log keeps %d events, want its bound %d", len(l.events), maxRunEvents)
	}
	if len(got) != maxRunEvents+4 {
		t.Fatalf("the tap saw %d, want the start and %d events", len(got), maxRunEvents+3)
	}
	if s := got[0]; s.Event != nil || s.Run != "procrace-lock" || s.Demo != "procrace" || s.PID != 42 || len(s.Args) != 2 {
		t.Errorf("start: %+v", s)
	}
	if last := got[len(got)-1]; last.Run != "procrace-lock" || last.Event["n"] != maxRunEvents+2 || last.At.IsZero() {
		t.Errorf("last event: %+v", last)
	}
	// A run without OnEvent: the zero tap, whose run is not even set.
	var plain eventLog
	plain.tap.started()
	plain.add(demos.Event{"event": "result"})
	plain.tap.rest()
	if len(plain.events) != 1 {
		t.Errorf("a log without a tap keeps %d events", len(plain.events))
	}
}
