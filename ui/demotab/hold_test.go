package demotab

import (
	"slices"
	"testing"

	"github.com/taskscope/taskscope/ui/model/modeltest"
)

// TestFrozenCardHoldsStill: while the view is frozen (Space) the browser card's grid and log
// do not move as its demo's events arrive; going live shows them all, in order.
func TestFrozenCardHoldsStill(t *testing.T) {
	p := newTestPanel(t)
	c := browserOf(p)
	b := c.threads
	r := fakeRun(b.slot, 1, 100)
	for _, e := range modeltest.BrowserStart("threads", 100) {
		b.slot.deliver(r, e)
	}
	p.st.SetFrozen(true)
	cells, log := slices.Clone(b.cells), slices.Clone(b.slot.log.lines)
	b.slot.deliver(r, modeltest.Ev("read", "tab", 1, "pid", 100, "tid", 101, "value", 42, "address", "0x7e5f00"))
	b.slot.deliver(r, modeltest.Ev("crashed", "tab", 0, "pid", 100, "reason", "SIGSEGV"))
	if !slices.Equal(b.cells, cells) || !slices.Equal(b.slot.log.lines, log) {
		t.Errorf("frozen card moved: cells %q log %q", b.cells, b.slot.log.lines)
	}
	p.st.SetFrozen(false)
	if slices.Equal(b.cells, cells) || len(b.slot.log.lines) != len(log)+2 {
		t.Errorf("after going live: cells %q, %d log lines (were %d)", b.cells, len(b.slot.log.lines), len(log))
	}
}
