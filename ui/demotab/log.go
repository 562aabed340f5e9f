package demotab

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/taskscope/taskscope/ui/widgets"
)

// eventLogLines is how many lines a demo's log keeps. A browser's tabs report every read, so
// an unbounded log would grow for as long as the lecture lasts.
const eventLogLines = 300

// eventLogShown is how many lines a log shows at least, without scrolling.
const eventLogShown = 8

// logScale caps the log's text at this many times the default size: in presentation mode it is
// large enough to read from the back of a room (the default size was not), and six lines
// of it take the room eight small ones did beside a card's evidence at 1280x720. On a desk the app's own size is smaller.
const logScale = 1.3

// eventLogShownLarge is how many of the larger lines presentation mode keeps in view.
const eventLogShownLarge = 6

// eventLog is the live, bounded log of one demo: its events as one line each, newest last,
// and under them the newest periodic report (memory, figures each second), kept apart so the
// reports never push writes and crashes out of view. It is drawn as a list of monospace lines
// with no space between them, so eight fit a projector's card, and only the lines in view are
// drawn: a text grid, which it was, drew every character as a text and a rectangle of its own,
// about 900 objects a frame for two idle logs, and made the Demos tab the costliest to repaint.
type eventLog struct {
	lines  []string
	latest string
	shown  []string // what the list draws: lines and latest, or a hint while empty
	list   *widget.List
	bg     *canvas.Rectangle
	box    *container.ThemeOverride
	// clock stamps lines: time.Now, or a fixed clock in tests.
	clock func() time.Time
}

func newEventLog() *eventLog {
	l := &eventLog{clock: time.Now}
	l.list = widgets.NewLineList(func() []string { return l.shown }, fyne.TextTruncateClip)
	l.list.HideSeparators = true
	// A line is not a choice: a tap must not leave it highlighted.
	l.list.OnSelected = func(widget.ListItemID) { l.list.UnselectAll() }
	// A background marks the log's place before anything is logged.
	l.bg = canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	l.bg.CornerRadius = theme.InputRadiusSize()
	l.box = container.NewThemeOverride(container.New(&logLayout{list: l.list}, l.bg, l.list),
		logTheme{smallTheme{scale: logScale}})
	l.show()
	return l
}

// logTheme is smallTheme with no padding between and inside the log's lines, so they sit as
// close as the monospace font allows.
type logTheme struct{ smallTheme }

// Size implements fyne.Theme.
func (t logTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNamePadding, theme.SizeNameInnerPadding, theme.SizeNameLineSpacing:
		return 0
	}
	return t.smallTheme.Size(n)
}

// smallTheme is the app's theme with text no larger than 1.15 times the default, for the parts
// of a card that must be many lines on a 720-line projector: the browser's tab grid, tombstone
// and memory bars, and (at the default size, the desk's) the log, which must show eight lines
// beside or under the evidence it is read less than. On a desk it is the app's theme unchanged. It
// asks the app for the theme on every call, so it follows presentation mode as it is switched.
type smallTheme struct {
	appTheme
	// scale caps the text at this many times the default theme's size; 0 means 1.15.
	scale float32
}

// Size implements fyne.Theme.
func (t smallTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.appTheme.Size(n)
	if n == theme.SizeNameText {
		scale := t.scale
		if scale == 0 {
			scale = 1.15
		}
		return min(s, theme.DefaultTheme().Size(n)*scale)
	}
	return s
}

// add appends one line, dropping the oldest beyond eventLogLines, and follows the newest.
func (l *eventLog) add(line string) {
	l.lines = append(l.lines, l.clock().Format("15:04:05")+"  "+line)
	if over := len(l.lines) - eventLogLines; over > 0 {
		l.lines = slices.Delete(l.lines, 0, over)
	}
	l.show()
}

// setLatest replaces the periodic report shown under the lines.
func (l *eventLog) setLatest(line string) {
	l.latest = l.clock().Format("15:04:05") + "  " + line
	l.show()
}

// clear empties the log, for a new launch.
func (l *eventLog) clear() {
	l.lines, l.latest = nil, ""
	l.show()
}

func (l *eventLog) show() {
	l.shown = append(l.shown[:0], l.lines...)
	if l.latest != "" {
		l.shown = append(l.shown, l.latest)
	}
	if len(l.shown) == 0 {
		l.shown = append(l.shown, "Events of the demo appear here.")
	}
	l.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	l.bg.Refresh()
	l.list.Refresh()
	l.list.ScrollToBottom()
}

// logLayout gives the log the height of eventLogShown lines of the theme's monospace text
// (so presentation mode's larger text keeps eight lines in view), and the rest it is given.
type logLayout struct{ list *widget.List }

// Layout implements fyne.Layout.
func (g *logLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize implements fyne.Layout.
func (g *logLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	th := g.list.Theme()
	size := th.Size(theme.SizeNameText)
	line := fyne.MeasureText("M", size, fyne.TextStyle{Monospace: true}).Height
	return fyne.NewSize(0, float32(logLines(th))*line+theme.Padding())
}

// logLines is how many lines a log keeps in view under theme th: fewer, larger ones in
// presentation mode, in about the height of the desk's eight.
func logLines(th fyne.Theme) int {
	if th.Size(theme.SizeNameText) > theme.DefaultTheme().Size(theme.SizeNameText)*1.1 {
		return eventLogShownLarge
	}
	return eventLogShown
}
