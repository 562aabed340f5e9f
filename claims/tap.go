package claims

import (
	"time"

	"github.com/taskscope/taskscope/demos"
)

// RunEvent is one event of a claim's demo run as it arrives, for Options.OnEvent: what a
// recording needs to replay the run the way the demo's card would have shown it.
type RunEvent struct {
	// Run is the run's key, as in Result.Runs ("procrace-lock", "browser-threads", ...).
	Run string
	// Demo and Args are the `taskscope demo` command of the run; PID is the demo's process.
	Demo string
	Args []string
	PID  int
	// At is when the event arrived (for the start, when the demo was started).
	At time.Time
	// Event is the demo's event, unchanged; nil for the run's start, which comes first.
	Event demos.Event
}

// tap hands a run's start and its events to Options.OnEvent; the zero tap hands nothing.
type tap struct {
	fn      func(RunEvent)
	key     string
	running *demos.Running
}

// started reports the run's start.
func (t tap) started() {
	if t.fn != nil {
		t.fn(RunEvent{Run: t.key, Demo: t.running.Name, Args: t.running.Args, PID: t.running.PID, At: t.running.Started})
	}
}

// event reports one event of the run.
func (t tap) event(ev demos.Event) {
	if t.fn != nil {
		t.fn(RunEvent{Run: t.key, Demo: t.running.Name, Args: t.running.Args, PID: t.running.PID, At: time.Now(), Event: ev})
	}
}

// rest reports the events left on the run's channel once it has ended and closed it: what the
// drive stopped reading before the end (the launcher's "exited" above all), so that a replayed
// card ends its run. It reads nothing while the run could still be going.
func (t tap) rest() {
	if t.fn == nil {
		return
	}
	select {
	case <-t.running.Done():
	default:
		return
	}
	for ev := range t.running.Events() {
		t.event(ev)
	}
}
