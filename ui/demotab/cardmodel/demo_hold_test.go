package cardmodel

import (
	"slices"
	"testing"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model/modeltest"
)

// TestEventHoldFreezesBrowserCard: a browser card's state fed through the hold does not move
// while frozen: a write read by every tab and a crash arrive, and the tabs still show what
// they showed at the freeze; on release the events are shown in order and the state is what
// it would have been live. Nothing is lost.
func TestEventHoldFreezesBrowserCard(t *testing.T) {
	var hold EventHold[demos.Event]
	live := NewBrowserState("threads")
	shown := NewBrowserState("threads")
	feed := func(evs ...demos.Event) {
		for _, e := range evs {
			live.Apply(e)
			if hold.Take(e) {
				shown.Apply(e)
			}
		}
	}
	feed(modeltest.BrowserStart("threads", 100)...)
	feed(modeltest.Ev("read", "tab", 1, "pid", 100, "tid", 101, "value", 7, "address", "0x7e5f00"))
	if hold.Set(true) != nil || !hold.Holding() {
		t.Fatal("freezing released events or did not hold")
	}
	before := cells(shown)
	feed(modeltest.Ev("read", "tab", 1, "pid", 100, "tid", 101, "value", 42, "address", "0x7e5f00"),
		modeltest.Ev("tab", "tab", 2, "pid", 100, "tid", 102, "state", "crashed", "reason", "SIGSEGV"))
	if got := cells(shown); !slices.Equal(got, before) {
		t.Errorf("frozen card moved: %q, was %q", got, before)
	}
	if slices.Equal(cells(live), before) {
		t.Fatal("the events fed changed nothing: the test shows nothing")
	}
	if hold.Held() != 2 {
		t.Errorf("%d events held, want 2", hold.Held())
	}
	for _, e := range hold.Set(false) {
		shown.Apply(e)
	}
	if got, want := cells(shown), cells(live); !slices.Equal(got, want) {
		t.Errorf("after release the card shows %q, live it would show %q", got, want)
	}
	if hold.Held() != 0 || hold.Holding() {
		t.Error("events still held after release")
	}
	// Live again, events pass straight through.
	if !hold.Take(modeltest.Ev("read", "tab", 1, "value", 1)) {
		t.Error("an event was held while live")
	}
}

func cells(b *BrowserState) []string {
	var out []string
	for _, n := range b.Numbers() {
		out = append(out, b.TabCellText(b.Tabs[n], false))
	}
	return out
}
