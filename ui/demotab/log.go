package demotab

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// eventLogLines is how many lines a demo's log keeps. A browser's tabs report every read, so
// an unbounded log would grow for as long as the lecture lasts.
const eventLogLines = 300

// eventLog is the live, bounded log of one demo: its events as one line each, newest last.
type eventLog struct {
	lines []string
	list  *widget.List
	box   fyne.CanvasObject
	// clock stamps lines: time.Now, or a fixed clock in tests.
	clock func() time.Time
}

func newEventLog() *eventLog {
	l := &eventLog{clock: time.Now}
	l.list = &widget.List{
		Length: func() int { return len(l.lines) },
		CreateItem: func() fyne.CanvasObject {
			return &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}, Truncation: fyne.TextTruncateEllipsis}
		},
		UpdateItem: func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(l.lines) {
				o.(*widget.Label).SetText(l.lines[id])
			}
		},
	}
	l.list.ExtendBaseWidget(l.list)
	// The list's own minimum is one row; a fixed floor keeps a few lines of history in view.
	floor := canvas.NewRectangle(nil)
	floor.SetMinSize(fyne.NewSize(0, 130))
	l.box = container.NewStack(floor, l.list)
	return l
}

// add appends one line, dropping the oldest beyond eventLogLines, and follows the newest.
func (l *eventLog) add(line string) {
	l.lines = append(l.lines, l.clock().Format("15:04:05")+"  "+line)
	if over := len(l.lines) - eventLogLines; over > 0 {
		l.lines = slices.Delete(l.lines, 0, over)
	}
	l.list.Refresh()
	l.list.ScrollToBottom()
}

// clear empties the log, for a new launch.
func (l *eventLog) clear() {
	l.lines = nil
	l.list.Refresh()
}
