package demotab

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/demotab/cardmodel"
)

// slot is one Launch button's worth of demo: it starts a demo with the card's flags, reads its
// events, keeps its log and its PIDs marked in the process table, and stops it. A card has one
// slot per model it runs side by side (the browser: threads and processes).
type slot struct {
	p    *panel
	name string // the demo, as `taskscope demo NAME`
	// args builds the demo's flags from the card's controls at launch.
	args func() []string
	// reset clears the card's view of this slot before a launch; handle shows one event.
	// Both run on the UI goroutine.
	reset  func()
	handle func(demos.Event)
	// changed, when set, is told when the slot starts or ends, for cards that enable controls.
	changed func()

	run  *demos.Running
	pids cardmodel.DemoPIDs
	// lastOK says the last run ended by itself without error; stopAsked that the user
	// pressed Stop during the current or last run.
	lastOK    bool
	stopAsked bool

	// hold keeps the run's events while the view is frozen, so the card holds still with
	// the sampled views; they are shown when it goes live again.
	hold cardmodel.EventHold[runEvent]

	launchBtn, stopBtn *widget.Button
	status             *widget.Label
	log                *eventLog
}

func newSlot(p *panel, name, launchText string) *slot {
	s := &slot{p: p, name: name, pids: cardmodel.DemoPIDs{}, log: newEventLog(),
		reset: func() {}, handle: func(demos.Event) {}}
	s.launchBtn = &widget.Button{Text: launchText, Icon: theme.MediaPlayIcon(), Importance: widget.HighImportance, OnTapped: s.launch}
	s.stopBtn = &widget.Button{Text: "Stop", Icon: theme.MediaStopIcon(), OnTapped: s.stop}
	s.stopBtn.Disable()
	s.status = &widget.Label{Text: "Not running.", Wrapping: fyne.TextWrapWord}
	if p != nil && p.st != nil {
		s.hold.Set(p.st.Frozen())
		p.st.OnFreeze(s.freeze)
	}
	return s
}

// runEvent is an event and the run it came from, as held while frozen.
type runEvent struct {
	r *demos.Running
	e demos.Event
}

// freeze holds the card's events (on) or shows those held meanwhile, in order (off).
func (s *slot) freeze(on bool) {
	for _, h := range s.hold.Set(on) {
		s.deliver(h.r, h.e)
	}
}

// buttons is the slot's Launch and Stop buttons, then any more the card adds, with its status line.
func (s *slot) buttons(more ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(nil, nil, container.NewHBox(append([]fyne.CanvasObject{s.launchBtn, s.stopBtn}, more...)...), nil, s.status)
}

// running reports whether the slot's demo has been started and has not yet ended.
func (s *slot) running() bool { return s.run != nil }

// owner is the name this slot marks its PIDs under in the view state.
func (s *slot) owner() string { return "demo-" + strconv.Itoa(s.run.ID) }

// launch starts the demo. The launcher checks flags and the memory budget before it starts
// anything, so a refusal comes back at once and is shown as it is worded.
func (s *slot) launch() {
	if s.running() {
		return
	}
	args := s.args()
	r, err := s.p.launcher.Start(s.name, args...)
	if err != nil {
		s.showError(cardmodel.LaunchError(err))
		return
	}
	s.started(r)
	s.log.add(fmt.Sprintf("started: taskscope demo %s %s (pid %d)", s.name, strings.Join(args, " "), r.PID))
	s.setStatus(fmt.Sprintf("Running, pid %d.", r.PID), widget.MediumImportance)
	go s.p.follow(r, s)
}

// started takes r as the slot's run: a fresh log and card, the demo's PID marked, Launch off.
func (s *slot) started(r *demos.Running) {
	s.run, s.stopAsked = r, false
	s.pids = cardmodel.DemoPIDs{r.PID: true}
	s.log.clear()
	s.reset()
	s.launchBtn.Disable()
	s.stopBtn.Enable()
	s.p.st.Mark(s.owner(), s.pids.List())
	s.notify()
}

// stop asks the demo to end. Stop waits for the demo, so it runs on its own goroutine; the
// "exited" event that follows updates the card.
func (s *slot) stop() {
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
func (s *slot) send(c demos.Command) {
	if !s.running() {
		s.showError("Launch the demo first.")
		return
	}
	if err := s.run.Send(c); err != nil {
		s.showError(fmt.Sprintf("%s refused: %v", c.Cmd, err))
	}
}

// deliver shows an event of run r, unless the slot has since moved on to another run; while
// the view is frozen it is kept until the view goes live.
func (s *slot) deliver(r *demos.Running, e demos.Event) {
	if s.run != r || !s.hold.Take(runEvent{r, e}) {
		return
	}
	s.apply(e)
}

// apply shows one event: in the log, in the marks, in the card, and, for the launcher's
// "exited", as the end of the run.
func (s *slot) apply(e demos.Event) {
	if line, periodic := cardmodel.EventLine(e); periodic {
		s.log.setLatest(line)
	} else {
		s.log.add(line)
	}
	switch e.Kind() {
	case "exited":
		s.handle(e)
		s.ended(e)
		return
	case "error":
		s.setStatus(e.String("message"), widget.DangerImportance)
	}
	if s.running() && s.pids.Track(e, s.run.PID) {
		s.p.st.Mark(s.owner(), s.pids.List())
	}
	s.handle(e)
}

// ended records how the run finished and frees the slot for another launch.
func (s *slot) ended(e demos.Event) {
	s.lastOK = e.ExitedOK()
	if s.running() {
		s.p.st.Mark(s.owner(), nil)
	}
	s.run = nil
	s.pids = cardmodel.DemoPIDs{}
	if s.lastOK {
		s.setStatus("Finished.", widget.MediumImportance)
	} else {
		s.setStatus("Ended: "+e.String("reason")+".", widget.DangerImportance)
	}
	s.launchBtn.Enable()
	s.stopBtn.Disable()
	s.notify()
}

func (s *slot) showError(msg string) {
	s.log.add("error: " + msg)
	s.setStatus(msg, widget.DangerImportance)
}

func (s *slot) setStatus(text string, imp widget.Importance) {
	if s.status.Text == text && s.status.Importance == imp {
		return
	}
	s.status.Text, s.status.Importance = text, imp
	s.status.Refresh()
}

func (s *slot) notify() {
	if s.changed != nil {
		s.changed()
	}
}
