package timeline

import (
	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
)

// LiveTrace returns the newest trace of the tab's session, or nil when nothing is traced: a
// window recording keeps it beside the samples.
func (t *Tab) LiveTrace() *inspect.Trace {
	if t.sess == nil {
		return nil
	}
	return t.sess.Trace()
}

// ShowRecorded shows a trace read from a recording. Nothing is traced live: the tab's session,
// if any, ends first.
func (t *Tab) ShowRecorded(tr *inspect.Trace) {
	t.End()
	t.sess = nil
	t.shown = tr
	// A recorded trace is not drawn on the live lanes of the Cores tab.
	t.st.PublishTrace(nil, 0)
	t.builder = model.NewTimelineBuilder()
	t.viewV = model.DefaultTimelineView()
	t.view.Sel, t.view.Scroll = -1, 0
	t.status = ""
	t.showOutput(false)
	t.outBtn.Hide()
	t.render()
}

// FitRecorded lays a recorded trace out again when the plot's width changed since (the tab was
// hidden when the recording opened, and a live session's polling, which redraws a live trace,
// does not run for a recorded one). The window calls it with every sample it shows.
func (t *Tab) FitRecorded() {
	if t.sess != nil || t.shown == nil || t.tl == nil {
		return
	}
	if w := t.view.PlotWidth(t.view.Size()); w != t.tl.Width {
		t.render()
	}
}
