package lesson

import (
	"github.com/taskscope/taskscope/claims"
	"github.com/taskscope/taskscope/record"
)

// runSlots names the runs that stand for a Launch button other than their card's first: the
// browser card has one per model, threads first.
var runSlots = map[string]int{"browser-processes": 1}

// CardEvent turns an event of a claim's demo run into the event a recording keeps for the
// demo's card in the Demos tab: under the card of the demo's name and the slot of the Launch
// button the run stands for, with the run's start as the card's launch. A replay of the
// recording then shows each run on its card as the window would have shown it live.
func CardEvent(e claims.RunEvent) record.DemoEvent {
	slot := runSlots[e.Run]
	if e.Event == nil {
		return record.LaunchEvent(e.Demo, slot, e.At, e.Demo, e.Args, e.PID)
	}
	return record.DemoEvent{Card: e.Demo, Slot: slot, At: e.At, Event: e.Event}
}
