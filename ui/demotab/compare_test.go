package demotab

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/ui/demotab/cardmodel"
)

// TestLiveCrunchCompareAll runs the crunch card's "compare all three" with real demo processes:
// each model runs in turn and leaves its figure, then the card is idle again; a stop during a
// comparison ends the comparison, not just the model then running.
func TestLiveCrunchCompareAll(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real demo processes")
	}
	p := newTestPanel(t)
	c := cardOf[*crunchCard](p.panel)
	c.compareSeconds = 2
	c.workers.SetValue(1)

	test.Tap(c.compare.button)
	if !c.slot.running() || c.model.Selected != "threads" || !c.compare.button.Disabled() {
		t.Fatalf("after Compare: running %v, model %q, compare disabled %v; want threads running",
			c.slot.running(), c.model.Selected, c.compare.button.Disabled())
	}
	p.pumpUntil(t, 30*time.Second, "all three models measured and the card idle", func() bool {
		return len(c.figs["cpu"]) == 3 && !c.slot.running() && len(c.compare.queue) == 0
	})
	for _, model := range cardmodel.CrunchModels {
		if f := c.figs["cpu"][model]; f.Units <= 0 || f.Workers != 1 {
			t.Errorf("%s: %+v, want units measured with 1 worker", model, f)
		}
	}
	if c.compare.button.Disabled() || !c.slot.lastOK {
		t.Errorf("after the comparison: compare disabled %v, last run ok %v", c.compare.button.Disabled(), c.slot.lastOK)
	}

	test.Tap(c.compare.button)
	p.pumpUntil(t, 10*time.Second, "the first model running", c.slot.running)
	test.Tap(c.slot.stopBtn)
	p.pumpUntil(t, 10*time.Second, "the stop", func() bool { return !c.slot.running() })
	// Anything a finished run would have queued has had its chance to start.
	for pause := time.After(500 * time.Millisecond); ; {
		select {
		case f := <-p.queue:
			f()
			continue
		case <-pause:
		}
		break
	}
	if c.slot.running() || len(c.compare.queue) != 0 {
		t.Errorf("after Stop: running %v, queue %v; want the comparison over", c.slot.running(), c.compare.queue)
	}
}

// TestLiveRaceRunAllThree runs the race card's three ways of adding in turn, with real demo
// processes: each leaves its result, and only the unsynchronised one may lose updates.
func TestLiveRaceRunAllThree(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real demo processes")
	}
	p := newTestPanel(t)
	c := cardOf[*raceCard](p.panel)
	c.threads.SetValue(2)
	c.incs.SetSelected("100,000")
	test.Tap(c.compare.button)
	p.pumpUntil(t, 30*time.Second, "all three results and the card idle", func() bool {
		return len(c.figs) == 3 && !c.slot.running() && len(c.compare.queue) == 0
	})
	for _, sync := range cardmodel.RaceModels {
		f := c.figs[sync]
		if f.Expected != 200_000 || f.Threads != 2 || (sync != "none" && f.Lost != 0) {
			t.Errorf("%s: %+v, want 2 threads adding 200,000 in all, none lost with synchronisation", sync, f)
		}
	}
}

// TestLiveLaunchAndStopKeys: the Tab's actions behind Ctrl+L, Ctrl+K and Ctrl+Shift+K launch
// the models of the card on screen, stop them, and stop every demo.
func TestLiveLaunchAndStopKeys(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real demo processes")
	}
	p := newTestPanel(t)
	tab := &Tab{p.panel}
	tab.ShowCard("editor")
	tab.LaunchShown()
	ed := cardOf[*editorCard](p.panel)
	if !ed.threads.running() || !ed.single.running() {
		t.Fatal("Ctrl+L did not launch both editors")
	}
	tab.StopShown()
	p.pumpUntil(t, 10*time.Second, "both editors stopped", func() bool { return !ed.threads.running() && !ed.single.running() })
	tab.ShowCard("browser")
	tab.LaunchShown()
	tab.ShowCard("editor")
	tab.LaunchShown()
	tab.StopAll()
	b := cardOf[*browserCard](p.panel)
	p.pumpUntil(t, 10*time.Second, "every demo stopped", func() bool {
		return !ed.threads.running() && !ed.single.running() && !b.threads.slot.running() && !b.processes.slot.running()
	})
}
