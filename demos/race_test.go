package demos

import (
	"testing"
	"time"
)

func TestRaceSynchronisedModelsAreExact(t *testing.T) {
	for _, mode := range []string{"mutex", "atomic"} {
		t.Run(mode, func(t *testing.T) {
			d := startHarness(t, "race", "--sync", mode, "--threads", "4", "--increments", "20000")
			ev := d.next(t, "result", 20*time.Second)
			expected, _ := ev.Int("expected")
			actual, _ := ev.Int("actual")
			lost, ok := ev.Int("lost")
			if expected != 80000 || actual != expected || !ok || lost != 0 {
				t.Errorf("%s: expected %d actual %d lost %d, want 80000 80000 0", mode, expected, actual, lost)
			}
			if code := d.stop(t); code != 0 {
				t.Errorf("exit code %d", code)
			}
		})
	}
}

func TestRaceUnsynchronisedReportsConsistentFigures(t *testing.T) {
	// Whether updates are lost depends on the scheduler, so only the bookkeeping is checked.
	d := startHarness(t, "race", "--sync", "none", "--threads", "2", "--increments", "200000")
	ev := d.next(t, "result", 20*time.Second)
	expected, _ := ev.Int("expected")
	actual, _ := ev.Int("actual")
	lost, _ := ev.Int("lost")
	if expected != 400000 || actual < 1 || actual > expected || lost != expected-actual {
		t.Errorf("expected %d actual %d lost %d", expected, actual, lost)
	}
	if s, ok := ev.Float("seconds"); !ok || s <= 0 {
		t.Errorf("seconds = %v, want positive", ev["seconds"])
	}
	t.Logf("none: lost %d of %d", lost, expected)
}

func TestRaceRejectsBadFlags(t *testing.T) {
	harnessRejects(t, [][]string{
		{"race", "--sync", "spinlock"},
		{"race", "--threads", "0"},
		{"race", "--threads", "65"},
		{"race", "--increments", "0"},
		{"race", "--increments", "10000001"},
		{"race", "--threads", "x"},
		{"race", "extra"},
	})
}

func TestRaceQuitStopsEarlyAndStaysExact(t *testing.T) {
	// The largest run would take many seconds; quit must end it at once, with figures that
	// still add up: every increment made was counted under the mutex.
	d := startHarness(t, "race", "--sync", "mutex", "--threads", "8", "--increments", "10000000")
	d.send(t, `{"cmd":"quit"}`)
	ev := d.next(t, "result", 20*time.Second)
	expected, _ := ev.Int("expected")
	actual, _ := ev.Int("actual")
	if expected != actual || ev["interrupted"] != true {
		t.Errorf("after quit: expected %d actual %d interrupted %v", expected, actual, ev["interrupted"])
	}
}
