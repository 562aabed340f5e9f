package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
)

// eventLogLines is how many lines a demo's log keeps. A browser's tabs report every read, so
// an unbounded log would grow for as long as the lecture lasts.
const eventLogLines = 300

// eventLog is the live, bounded log of one demo: its events as one line each, newest last.
type eventLog struct {
	lines []string
	list  *widget.List
	box   fyne.CanvasObject
	// now stamps lines; tests fix it.
	now func() time.Time
}

func newEventLog() *eventLog {
	l := &eventLog{now: time.Now}
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
	l.lines = append(l.lines, l.now().Format("15:04:05")+"  "+line)
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

// describeEvent writes an event as one short line: its kind, then its fields in a fixed order
// so that lines of the same kind line up and tests can compare them.
func describeEvent(e demos.Event) string {
	keys := make([]string, 0, len(e))
	for k := range e {
		if k != "event" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString(e.Kind())
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%s", k, fieldText(e[k]))
	}
	return b.String()
}

// fieldText writes one field compactly: whole numbers without a decimal point, lists inline.
func fieldText(v any) string {
	switch x := v.(type) {
	case float64:
		if x == float64(int64(x)) {
			return fmt.Sprintf("%d", int64(x))
		}
		return fmt.Sprintf("%g", x)
	case string:
		if strings.ContainsAny(x, " \n") {
			return fmt.Sprintf("%q", firstLine(x))
		}
		return x
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = fieldText(p)
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	return fmt.Sprint(v)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + " ..."
	}
	return s
}
