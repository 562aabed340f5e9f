package ui

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
)

// demoSlot is one Launch button's worth of demo: it starts a demo with the card's flags, reads
// its events, keeps its log and its PIDs marked in the process table, and stops it. A card has
// one slot per model it runs side by side (the browser: threads and processes).
type demoSlot struct {
	p    *demoPanel
	name string // the demo, as `taskscope demo NAME`
	// args builds the demo's flags from the card's controls at launch.
	args func() []string
	// reset clears the card's view of this slot before a launch; handle shows one event.
	// Both run on the Fyne goroutine.
	reset  func()
	handle func(demos.Event)
	// changed, when set, is told when the slot starts or ends, for cards that enable controls.
	changed func()

	run  *demos.Running
	pids map[int]bool
	// lastReason is how the last run ended ("exited 0" when the demo ended without error);
	// stopAsked says the user pressed Stop during the current or last run.
	lastReason string
	stopAsked  bool

	launchBtn, stopBtn *widget.Button
	status             *widget.Label
	log                *eventLog
}

func newDemoSlot(p *demoPanel, name, launchText string) *demoSlot {
	s := &demoSlot{p: p, name: name, pids: map[int]bool{}, log: newEventLog(),
		reset: func() {}, handle: func(demos.Event) {}}
	s.launchBtn = &widget.Button{Text: launchText, Icon: theme.MediaPlayIcon(), Importance: widget.HighImportance, OnTapped: s.launch}
	s.stopBtn = &widget.Button{Text: "Stop", Icon: theme.MediaStopIcon(), OnTapped: s.stop}
	s.stopBtn.Disable()
	s.status = &widget.Label{Text: "Not running.", Wrapping: fyne.TextWrapWord}
	return s
}

// buttons is the slot's Launch and Stop buttons, then any more the card adds, with its status line.
func (s *demoSlot) buttons(more ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(nil, nil, container.NewHBox(append([]fyne.CanvasObject{s.launchBtn, s.stopBtn}, more...)...), nil, s.status)
}

// running reports whether the slot's demo has been started and has not yet ended.
func (s *demoSlot) running() bool { return s.run != nil }

// owner is the name this slot marks its PIDs under in the hub.
func (s *demoSlot) owner() string { return "demo-" + strconv.Itoa(s.run.ID) }

// launch starts the demo. The launcher checks flags and the memory budget before it starts
// anything, so a refusal comes back at once and is shown as it is worded.
func (s *demoSlot) launch() {
	if s.running() {
		return
	}
	args := s.args()
	r, err := s.p.launcher.Start(s.name, args...)
	if err != nil {
		s.showError(launchError(err))
		return
	}
	s.run, s.stopAsked = r, false
	s.pids = map[int]bool{r.PID: true}
	s.log.clear()
	s.reset()
	s.log.add(fmt.Sprintf("started: taskscope demo %s %s (pid %d)", s.name, joinArgs(args), r.PID))
	s.setStatus(fmt.Sprintf("Running, pid %d.", r.PID), widget.MediumImportance)
	s.launchBtn.Disable()
	s.stopBtn.Enable()
	s.p.hub.mark(s.owner(), s.pidList())
	s.notify()
	go s.p.follow(r, s)
}

// stop asks the demo to end. Stop waits for the demo, so it runs on its own goroutine; the
// "exited" event that follows updates the card.
func (s *demoSlot) stop() {
	if !s.running() {
		return
	}
	s.stopAsked = true
	s.stopBtn.Disable()
	s.setStatus("Stopping...", widget.MediumImportance)
	r := s.run
	go func() {
		if err := r.Stop(); err != nil {
			s.p.post(func() { s.log.add("stop: " + err.Error()) })
		}
	}()
}

// send passes a command to the running demo; a refusal (not running, over budget, too many
// tabs) is logged and shown, not lost.
func (s *demoSlot) send(c demos.Command) {
	if !s.running() {
		s.showError("Launch the demo first.")
		return
	}
	if err := s.run.Send(c); err != nil {
		s.showError(fmt.Sprintf("%s refused: %v", c.Cmd, err))
	}
}

// deliver shows an event of run r, unless the slot has since moved on to another run.
func (s *demoSlot) deliver(r *demos.Running, e demos.Event) {
	if s.run != r {
		return
	}
	s.apply(e)
}

// apply shows one event: in the log, in the marks, in the card, and, for the launcher's
// "exited", as the end of the run.
func (s *demoSlot) apply(e demos.Event) {
	s.log.add(describeEvent(e))
	switch e.Kind() {
	case "exited":
		s.handle(e)
		s.ended(e)
		return
	case "error":
		s.setStatus(e.String("message"), widget.DangerImportance)
	}
	if s.trackPID(e) && s.running() {
		s.p.hub.mark(s.owner(), s.pidList())
	}
	s.handle(e)
}

// trackPID adds a child's PID from an event to the marked set, or drops a tab process that
// has closed or crashed, and reports whether the set changed.
func (s *demoSlot) trackPID(e demos.Event) bool {
	pid, ok := e.Int("pid")
	if !ok || pid <= 0 || (s.run != nil && pid == s.run.PID) || e.Kind() == "exited" {
		return false
	}
	gone := e.Kind() == "crashed" || e.String("state") == "closed" || e.String("state") == "crashed"
	if gone == !s.pids[pid] {
		return false
	}
	if gone {
		delete(s.pids, pid)
	} else {
		s.pids[pid] = true
	}
	return true
}

func (s *demoSlot) pidList() []int { return slices.Sorted(maps.Keys(s.pids)) }

// ended records how the run finished and frees the slot for another launch.
func (s *demoSlot) ended(e demos.Event) {
	reason := e.String("reason")
	s.lastReason = reason
	if s.running() {
		s.p.hub.mark(s.owner(), nil)
	}
	s.run = nil
	s.pids = map[int]bool{}
	if reason == "exited 0" {
		s.setStatus("Finished.", widget.MediumImportance)
	} else {
		s.setStatus("Ended: "+reason+".", widget.DangerImportance)
	}
	s.launchBtn.Enable()
	s.stopBtn.Disable()
	s.notify()
}

func (s *demoSlot) showError(msg string) {
	s.log.add("error: " + msg)
	s.setStatus(msg, widget.DangerImportance)
}

func (s *demoSlot) setStatus(text string, imp widget.Importance) {
	if s.status.Text == text && s.status.Importance == imp {
		return
	}
	s.status.Text, s.status.Importance = text, imp
	s.status.Refresh()
}

func (s *demoSlot) notify() {
	if s.changed != nil {
		s.changed()
	}
}

// launchError words a launcher refusal for the user: the demo's own usage message as it is,
// the budget with what to do about it.
func launchError(err error) string {
	var usage *demos.UsageError
	switch {
	case errors.As(err, &usage):
		return usage.Message
	case errors.Is(err, demos.ErrBudget):
		return "Not started: " + err.Error() + ". Stop a demo or choose fewer tabs or smaller pages."
	}
	return "Could not start: " + err.Error()
}

func joinArgs(args []string) string { return strings.Join(args, " ") }
