package record

import (
	"context"
	"time"
)

// Recording is a recording made in the background by a program without a window (the
// lesson handout run, a test): it samples the proc tree as `taskscope record` does, and takes
// demo events from any goroutine as they happen, so the file replays with the Demos tab's
// cards as the window's own recordings do.
type Recording struct {
	events chan DemoEvent
	cancel context.CancelFunc
	done   chan struct{}
	rec    *Recorded
	err    error
}

// demoEventBuffer is how many demo events may wait for the recording goroutine; a demo writes
// a few a second, so a sender waits only if the disk stalls.
const demoEventBuffer = 1024

// Start begins recording s in the background; it ends when ctx does or Stop is called, and
// with s.Duration if set. s.DemoEvents is replaced by the recording's own channel (DemoEvent).
// An error that stops it early (the file cannot be created, a write fails) is Stop's.
func Start(ctx context.Context, s Session) *Recording {
	ctx, cancel := context.WithCancel(ctx)
	r := &Recording{events: make(chan DemoEvent, demoEventBuffer), cancel: cancel, done: make(chan struct{})}
	s.DemoEvents = r.events
	go func() {
		defer close(r.done)
		r.rec, r.err = Record(ctx, s)
	}()
	return r
}

// DemoEvent records one event of a demo card. Safe from any goroutine; it returns at once
// after the recording ended (the event is then dropped, and Stop says why it ended).
func (r *Recording) DemoEvent(e DemoEvent) {
	select {
	case r.events <- e:
	case <-r.done:
	}
}

// Stop ends the recording, writes the events handed over before it, closes the file and
// returns its summary. It may be called more than once.
func (r *Recording) Stop() (*Recorded, error) {
	r.cancel()
	<-r.done
	return r.rec, r.err
}

// LaunchEvent is the event a card's run begins with (Kind DemoLaunch): a replay clears the
// card there, as a launch in the window does. Send it before the run's own events. card is
// the card's name as in `--tab demos/NAME`, slot which of its Launch buttons ran it (0 for a
// card with one), demo and args the `taskscope demo` command, pid the demo's process.
func LaunchEvent(card string, slot int, at time.Time, demo string, args []string, pid int) DemoEvent {
	return DemoEvent{Card: card, Slot: slot, At: at,
		Event: map[string]any{"event": DemoLaunch, "demo": demo, "args": args, "pid": pid}}
}
