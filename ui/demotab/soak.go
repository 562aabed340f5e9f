//go:build soak

package demotab

import (
	"fmt"
	"os"
	"runtime"
	"time"

	"fyne.io/fyne/v2"

	"github.com/taskscope/taskscope/demos"
)

// soakLoopEnv names the variable that makes the Demos tab run the browser demo in a loop by
// itself: launch, crash a tab, reload it (processes model), stop, and again with the other
// model. `make soak` sets it, so a long run exercises the app's own launcher, event readers,
// tombstones and PID marks, not just a process table watching demos come and go.
const soakLoopEnv = "TASKSCOPE_SOAK_DEMO_LOOP"

// soakStepPause is the time between two steps: long enough for the tabs to start and report.
const soakStepPause = 1500 * time.Millisecond

// BuiltForSoak reports that this binary has the soak loop (built with -tags soak): the window
// then builds the Demos tab at start, so the loop runs while another tab is on screen.
const BuiltForSoak = true

// startSoakLoop starts the loop when soakLoopEnv is "1". Only a binary built with -tags soak
// has it (`make soak` builds one): the release binary carries no test switch. Every step runs on the Fyne goroutine
// through the same slot methods the buttons call, and is logged on standard error as a line
// "taskscope-soak demo <step>" for the soak test to count.
func startSoakLoop(p *panel) {
	if os.Getenv(soakLoopEnv) != "1" {
		return
	}
	quit := make(chan struct{})
	p.st.OnQuit(func() { close(quit) })
	browser := cardOf[*browserCard](p)
	go func() {
		panes := []*browserPane{browser.processes, browser.threads}
		for round := 0; ; round++ {
			b := panes[round%len(panes)]
			steps := []struct {
				name string
				do   func()
			}{
				{"launch " + b.model, b.slot.launch},
				{"crash tab 2", func() { b.slot.send(demos.Command{Cmd: "crash", Tab: 2}) }},
				{"reload tab 2", func() {
					if b.model == "processes" {
						b.slot.send(demos.Command{Cmd: "reload", Tab: 2})
					}
				}},
				{"stop " + b.model, b.slot.stop},
			}
			for _, st := range steps {
				select {
				case <-quit:
					return
				case <-time.After(soakStepPause):
				}
				fyne.Do(func() {
					if st.name == "launch "+b.model && !browser.threads.slot.running() && !browser.processes.slot.running() {
						// No demo runs at this point of every round, so counts taken here can
						// be compared: a goroutine left over from the last round shows up.
						fmt.Fprintf(os.Stderr, "taskscope-stats quiescent goroutines=%d\n", runtime.NumGoroutine())
					}
					if st.name == "launch "+b.model || b.slot.running() {
						st.do()
						fmt.Fprintf(os.Stderr, "taskscope-soak demo %s\n", st.name)
					}
				})
			}
		}
	}()
}
