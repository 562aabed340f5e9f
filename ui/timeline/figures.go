package timeline

import (
	"time"

	"github.com/taskscope/taskscope/lesson"
	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui/timeline/timelinemodel"
)

// figures holds the traced program's figures (parallelism, overlap share) for the last trace
// they were computed from: the tab renders ten times a second, the figures change only with a
// new trace.
type figures struct {
	of   *trace.Trace
	text string
}

// line returns the caption's figures for tr.
func (f *figures) line(tr *trace.Trace) string {
	if tr != f.of {
		f.of, f.text = tr, ""
		if lt := lesson.FromTracer(tr); lt != nil {
			f.text = lesson.FiguresLine(lt.Active())
		}
	}
	return f.text
}

// ZoomToTurns zooms to where the traced threads take turns (the stretch the lesson view shows
// for a program), and stops following so the picture holds still.
func (t *Tab) ZoomToTurns() {
	tr := lesson.FromTracer(t.shown)
	if tr == nil || tr.Wall() <= 0 {
		return
	}
	from, to := lesson.TurnZoom(tr.Active())
	t.setView(timelinemodel.TimelineView{Span: time.Duration(to - from), End: to})
}
