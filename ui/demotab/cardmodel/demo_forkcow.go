package cardmodel

import (
	"fmt"
	"strings"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
)

// ForkcowState is what the fork copy-on-write card shows, built only by Apply.
type ForkcowState struct {
	Data, Children float64
	// Figures of the result (child figures are means over the children), 0 until it comes.
	ChildPrivateFork, ChildSharedFork   float64
	ChildPrivateWrite, ChildSharedWrite float64
	ParentPrivate                       float64
	Done                                bool
	// Measured counts the child events seen, for progress while the run goes.
	Measured int
	Missing  bool
	Err      string
}

// Reset forgets an earlier run.
func (s *ForkcowState) Reset() { *s = ForkcowState{} }

// Apply takes one event of the forkcow demo.
func (s *ForkcowState) Apply(e demos.Event) {
	switch e.Kind() {
	case "ready":
		s.Data, _ = e.Float("data_bytes")
		s.Children, _ = e.Float("children")
		s.Missing, s.Err = false, ""
	case "child":
		s.Measured++
	case "error":
		msg := e.String("message")
		s.Missing = strings.HasPrefix(msg, demos.ErrNoPython.Error())
		s.Err = msg
	case "result":
		s.Data, _ = e.Float("data_bytes")
		s.Children, _ = e.Float("children")
		s.ChildPrivateFork, _ = e.Float("child_private_after_fork_bytes")
		s.ChildSharedFork, _ = e.Float("child_shared_after_fork_bytes")
		s.ChildPrivateWrite, _ = e.Float("child_private_after_write_bytes")
		s.ChildSharedWrite, _ = e.Float("child_shared_after_write_bytes")
		s.ParentPrivate, _ = e.Float("parent_private_bytes")
		s.Done = true
	}
}

// ForkcowHeading heads the fork card's bars, on the card and in a lesson's evidence. Its scale
// is the largest figure, not the parent's data: what a child shares can exceed the data.
const ForkcowHeading = "One child's memory (mean of the children; all four bars on one scale)"

// ForkcowBars draws a child's own (private) and shared memory right after the fork and after it
// wrote its copy, on one scale whose full length is the largest of them and the parent's data.
func ForkcowBars(s ForkcowState) (bars []model.Bar, full float64) {
	// Only a child's own memory is given as a share of the data: what it shares with the parent
	// also holds the interpreter's pages, so it can exceed the data, and a share over 100 %
	// would need explaining in front of a class.
	text := func(v float64, ofData bool) string {
		if !s.Done {
			return "not measured"
		}
		t := model.FormatBytes(uint64(v))
		if ofData && s.Data > 0 {
			t += fmt.Sprintf(" (%.0f %% of the data)", 100*v/s.Data)
		}
		return t
	}
	bars = []model.Bar{
		{Label: "after fork: child's own", Value: s.ChildPrivateFork, Text: text(s.ChildPrivateFork, true), Tone: model.ToneSecond},
		{Label: "after fork: shared with parent", Value: s.ChildSharedFork, Text: text(s.ChildSharedFork, false), Tone: model.ToneFirst},
		{Label: "after write: child's own", Value: s.ChildPrivateWrite, Text: text(s.ChildPrivateWrite, true), Tone: model.ToneSecond},
		{Label: "after write: shared with parent", Value: s.ChildSharedWrite, Text: text(s.ChildSharedWrite, false), Tone: model.ToneFirst},
	}
	full = s.Data
	for _, b := range bars {
		full = max(full, b.Value)
	}
	return bars, full
}

// ForkcowVerdict answers the notes' claim that the entire memory is copied into each
// subprocess, from the figures: copied when written, not at the fork.
func ForkcowVerdict(s ForkcowState) string {
	switch {
	case s.Missing:
		return "No python3 on this machine: " + demos.PythonInstallHint + ", then press Measure."
	case s.Err != "":
		return "The measurement failed: " + s.Err
	case !s.Done && s.Data > 0:
		return fmt.Sprintf("Measuring: the parent holds %s; %d of %.0f children measured...", model.FormatBytes(uint64(s.Data)), s.Measured, 2*s.Children)
	case !s.Done || s.Data <= 0:
		return "Press Measure: a Python parent fills its data, forks, and each child is measured in /proc right after the fork and after it writes its copy."
	}
	fork, write := s.ChildPrivateFork/s.Data, s.ChildPrivateWrite/s.Data
	if fork < 0.25 && write >= 0.9 {
		return fmt.Sprintf("Wrong: right after the fork a child owned only %s (%.0f %% of the %s data); the rest was shared with the parent. Writing made the copy: %s (%.0f %%). Pages are copied when written, not at the fork.",
			model.FormatBytes(uint64(s.ChildPrivateFork)), 100*fork, model.FormatBytes(uint64(s.Data)), model.FormatBytes(uint64(s.ChildPrivateWrite)), 100*write)
	}
	return fmt.Sprintf("Unexpected figures: after the fork a child owned %.0f %% of the data, after writing %.0f %%.", 100*fork, 100*write)
}
