package timeline

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"

	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/timeline/timelinemodel"
)

// Run starts argv in dir and traces it, ending the session before (and the program it started).
func (t *Tab) Run(argv []string, dir string) error {
	s, err := model.StartSession(argv, dir, t.Options)
	if err != nil {
		return err
	}
	t.begin(s)
	return nil
}

// Attach traces the running process pid.
func (t *Tab) Attach(pid int, name string) error {
	s, err := model.AttachSession(pid, name, t.Options)
	if err != nil {
		return err
	}
	t.begin(s)
	return nil
}

// begin makes s the tab's session and polls it.
func (t *Tab) begin(s *model.TraceSession) {
	t.End()
	t.sess = s
	t.shown = nil
	t.monoOff = model.MonoToWall()
	t.builder = timelinemodel.NewTimelineBuilder()
	t.viewV = timelinemodel.DefaultTimelineView()
	t.view.Sel, t.view.Scroll = -1, 0
	t.stop.Enable()
	t.status, t.outLines, t.openedOut = "", nil, false
	t.showOutput(false)
	if s.Output != nil {
		t.outTitle.SetText("Output of " + s.Title)
		t.outBtn.SetText("Output (0 lines)")
		t.outBtn.Show()
	} else {
		t.outBtn.Hide()
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.cancel = cancel
	if !t.inline {
		go t.poll(ctx, s)
	}
}

// End stops tracing; a program the tab started is ended too (an attached one is left alone).
func (t *Tab) End() {
	if t.cancel != nil {
		t.cancel()
		t.cancel = nil
	}
	if t.sess != nil {
		s := t.sess
		go s.End()
		t.stop.Disable()
	}
}

// quit ends the session before the app exits: a started program is killed now, not left to
// the parent-death signal.
func (t *Tab) quit() {
	if t.cancel != nil {
		t.cancel()
		t.cancel = nil
	}
	if t.sess != nil {
		t.sess.End()
	}
}

// poll takes the newest trace and output ten times a second until ctx ends, handing them to the
// UI goroutine. Taking a trace is cheap (its runs are shared, not copied); the timeline is laid
// out on the UI goroutine for the plot's current width.
func (t *Tab) poll(ctx context.Context, s *model.TraceSession) {
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		show := fetch(s)
		fyne.Do(func() {
			if t.sess == s {
				show(t)
			}
		})
	}
}

// fetch takes the newest trace, output and exit status of s (off the UI goroutine), and
// returns what shows them.
func fetch(s *model.TraceSession) func(*Tab) {
	tr := s.Trace()
	var lines []string
	var total int
	if s.Output != nil {
		lines, total = s.Output.Lines()
	}
	status := s.ExitStatus()
	return func(t *Tab) { t.apply(tr, lines, total, status) }
}

// pollNow does one round of polling on the calling goroutine (tests, with inline set).
func (t *Tab) pollNow() {
	if t.sess != nil {
		fetch(t.sess)(t)
	}
}

// apply shows a new trace and output, unless frozen.
func (t *Tab) apply(tr *trace.Trace, lines []string, total int, status string) {
	// The other views (the Cores tab's lanes) get every new trace, frozen here or not: they
	// hold their own pictures.
	t.st.PublishTrace(tr, t.monoOff)
	if !(t.frozen || t.st.Frozen()) || t.shown == nil {
		t.shown = tr
	}
	if t.sess != nil && t.sess.Output != nil {
		title := "Output of " + t.sess.Title
		if total > len(lines) && len(lines) > 0 {
			title += fmt.Sprintf(" (last %d of %d lines)", len(lines), total)
		}
		if status != "" {
			title += ": " + status
		}
		if t.outTitle.Text != title {
			t.outTitle.SetText(title)
		}
		grew := len(lines) != len(t.outLines) || len(lines) > 0 && lines[len(lines)-1] != t.outLines[len(t.outLines)-1]
		t.outLines = lines
		t.status = status
		if btn := "Output (" + model.Plural(total, "line", "lines") + ")"; t.outBtn.Text != btn {
			t.outBtn.SetText(btn)
		}
		// The pane opens by itself at the first line, but not on a projector, where the
		// rows need the height (the button opens it), nor once the user folded it.
		if grew && len(lines) > 0 && !t.openedOut && !t.outBox.Visible() && !t.st.Presentation() {
			t.showOutput(true)
		}
		if grew {
			t.outList.Refresh()
			t.outList.ScrollToBottom()
		}
	}
	// Laid out only while on screen: the tab polls ten times a second, and laying out the
	// rows behind the Cores tab would cost that tab what it must not (its cost bench). The
	// next poll after the tab is shown draws it.
	if t.content.Visible() {
		t.render()
	}
}

// DriveInline makes the tab poll only when PollNow is called, on the caller's goroutine: tests
// of the whole window, which run on Fyne's test driver (where fyne.Do runs at once on the
// calling goroutine), would otherwise have the tab's polling goroutine change widgets at the
// same time as the test does.
func (t *Tab) DriveInline() { t.inline = true }

// PollNow takes the newest trace and output at once (after DriveInline).
func (t *Tab) PollNow() { t.pollNow() }
