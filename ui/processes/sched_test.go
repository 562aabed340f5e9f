package processes

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestSchedRow checks the detail pane's pin and nice controls hand the window what was chosen.
func TestSchedRow(t *testing.T) {
	test.NewTempApp(t)
	r := newSchedRow()
	var cpus []int
	var label string
	nice := -99
	r.OnPin = func(c []int, l string) { cpus, label = c, l }
	r.OnNice = func(n int) { nice = n }
	r.Pin.SetSelected("core 0")
	if !slices.Equal(cpus, []int{0}) || label != "core 0" {
		t.Errorf("pin to core 0 gave %v %q", cpus, label)
	}
	r.Pin.SetSelected("all cores")
	if len(cpus) < 1 || cpus[0] != 0 {
		t.Errorf("pin to all gave %v", cpus)
	}
	r.Nice.SetText("5")
	test.Tap(r.Set)
	if nice != 5 {
		t.Errorf("nice 5 gave %d", nice)
	}
	r.Nice.SetText("high")
	test.Tap(r.Set)
	if nice != 100 {
		t.Errorf("a bad nice gave %d, want the out-of-range marker", nice)
	}
}
