package timeline

import (
	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/timeline/timelinemodel"
)

// LiveTrace returns the newest trace of the tab's session, or nil when nothing is traced: a
// window recording keeps it beside the samples.
func (t *Tab) LiveTrace() *trace.Trace {
	if t.sess == nil {
		return nil
	}
	return t.sess.Trace()
}

// ShowRecorded shows a whole trace read from a recording, not in step with any playback (see
// ShowReplay for that). Nothing is traced live: the tab's session, if any, ends first.
func (t *Tab) ShowRecorded(tr *trace.Trace) {
	t.End()
	t.sess = nil
	t.replay = nil
	t.shown = tr
	t.st.PublishTrace(nil, 0)
	t.builder = timelinemodel.NewTimelineBuilder()
	t.viewV = timelinemodel.DefaultTimelineView()
	t.view.Sel, t.view.Scroll = -1, 0
	t.status = ""
	t.showOutput(false)
	t.outBtn.Hide()
	t.render()
}

// ShowReplay shows the trace the recording rp holds in step with its playback: the tab's "now"
// is the moment of the sample the window shows, so Follow keeps the window ending there, a seek
// moves it, and freezing (the tab's or the window's) holds it as it does live. The trace, cut
// at that moment, is published to the other views with the recording's clock offset, so the
// Cores lanes draw the recorded exact runs in step too. Run… and Attach… act on the live
// machine and are off (with a reason) until LeaveReplay.
func (t *Tab) ShowReplay(rp *model.Replay) {
	t.ShowRecorded(nil)
	t.replay = rp
	t.SetOff(model.ReplayTracingOff)
	// The sample shown now may still be the live machine's: the recording's first sample,
	// which comes next, sets the tab's "now".
	t.replayNote = rp.TraceNote(nil)
	t.render()
}

// LeaveReplay forgets the recording shown (File → Back to the live machine): the tab is empty
// again, the published trace is withdrawn, and Run… and Attach… are on.
func (t *Tab) LeaveReplay() {
	if t.replay == nil && t.shown == nil {
		t.SetOff("")
		return
	}
	t.ShowRecorded(nil)
	t.SetOff("")
	t.info.SetText(shortHelp)
}

// followReplay cuts the recording's trace at the sample s shown and publishes it; the tab draws
// it unless its own Freeze holds the picture. (The window's freeze needs nothing here: s is
// then the sample scrubbed to, as for every other view.)
func (t *Tab) followReplay(s *inspect.Snapshot) {
	if t.replay == nil || s == nil {
		return
	}
	tr := t.replay.TraceAt(s)
	t.st.PublishTrace(tr, t.replay.TraceOffset())
	t.replayNote = t.replay.TraceNote(s)
	if t.frozen && t.shown != nil {
		return
	}
	t.shown = tr
	if t.content.Visible() {
		t.render()
	}
}

// FitRecorded lays a recorded trace out again when the plot's width changed since, or the
// trace shown did (the tab was hidden when the recording opened or the playback moved, and a
// live session's polling, which redraws a live trace, does not run for a recorded one). The
// window calls it with every sample it shows.
func (t *Tab) FitRecorded() {
	if t.sess != nil || t.tl == nil || (t.shown == nil && t.replay == nil) {
		return
	}
	// A replay's trace moved on while the tab was hidden (it is laid out only on screen).
	if w := t.view.PlotWidth(t.view.Size()); w != t.tl.Width || t.drawn != t.shown {
		t.render()
	}
}

// SetOff turns Run… and Attach… off with a one-line reason shown on the info line (and again
// when File → Run program… or Trace process… asks), or back on with "".
func (t *Tab) SetOff(why string) {
	t.offWhy = why
	for _, b := range []interface {
		Enable()
		Disable()
	}{t.runBtn, t.attachBtn} {
		if why != "" {
			b.Disable()
		} else {
			b.Enable()
		}
	}
	if why != "" {
		t.info.SetText(why)
	}
}

// Off returns why Run… and Attach… are off ("" when on).
func (t *Tab) Off() string { return t.offWhy }

// Shown returns the trace the tab draws (nil: none), for tests of what follows the playback.
func (t *Tab) Shown() *trace.Trace { return t.shown }
