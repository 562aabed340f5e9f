package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/inspect"
)

// TestSchedRow checks the detail pane's pin and nice controls hand the window what was chosen,
// and that the outcomes read well.
func TestSchedRow(t *testing.T) {
	test.NewTempApp(t)
	r := newSchedRow()
	var cpus []int
	var label string
	nice := -99
	r.onPin = func(c []int, l string) { cpus, label = c, l }
	r.onNice = func(n int) { nice = n }
	r.pin.SetSelected("core 0")
	if !slices.Equal(cpus, []int{0}) || label != "core 0" {
		t.Errorf("pin to core 0 gave %v %q", cpus, label)
	}
	r.pin.SetSelected("all cores")
	if len(cpus) < 1 || cpus[0] != 0 {
		t.Errorf("pin to all gave %v", cpus)
	}
	r.nice.SetText("5")
	test.Tap(r.set)
	if nice != 5 {
		t.Errorf("nice 5 gave %d", nice)
	}
	r.nice.SetText("high")
	test.Tap(r.set)
	if nice != 100 {
		t.Errorf("a bad nice gave %d, want the out-of-range marker", nice)
	}
	if m := schedMessage(fmt.Errorf("x: %w", inspect.ErrGone), "done"); !strings.Contains(m, "ended") {
		t.Errorf("gone: %q", m)
	}
	if m := schedMessage(errors.New("cannot pin pid 1: it belongs to another user"), "done"); !strings.HasPrefix(m, "Not done: cannot pin") {
		t.Errorf("refused: %q", m)
	}
}
