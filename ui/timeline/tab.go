// Package timeline is the Timeline tab: every context switch of a program Taskscope started or
// a process it attached to, one row per thread grouped under its process (child processes
// under their parent), zoomable from the last minute down to a millisecond; the started
// program's output with its exit status; and pinning and renicing of the selected thread or
// process. It is a tab of its own rather than a part of the Cores tab because it is about one
// program's threads over time, row by row, where the Cores tab is about the machine's cores.
package timeline

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/timeline/timelinemodel"
	"github.com/taskscope/taskscope/ui/widgets"
)

// captionTitle is the most of a program's title the caption line gives.
const captionTitle = 40

// pollEvery is how often the tab takes the newest trace (as often as the window refreshes).
const pollEvery = 100 * time.Millisecond

// Tab is the Timeline tab. Its methods run on the UI goroutine.
type Tab struct {
	st  *model.State
	win fyne.Window

	sess    *model.TraceSession
	cancel  context.CancelFunc
	shown   *trace.Trace // the trace drawn (held while frozen)
	viewV   timelinemodel.TimelineView
	tl      *timelinemodel.Timeline
	builder *timelinemodel.TimelineBuilder
	frozen  bool   // the tab's own freeze; the window's (Space) also holds it
	status  string // how the started program ended, "" while it runs
	monoOff int64  // the session's trace clock to the wall clock, for the published trace
	// replay is the recording whose trace the tab follows (ShowReplay), nil otherwise;
	// replayNote says what the caption says while none of its trace is shown yet.
	replay     *model.Replay
	replayNote string
	// drawn is the trace the plot was last laid out for (FitRecorded catches up when it differs).
	drawn *trace.Trace
	// offWhy says why Run… and Attach… are off ("" when on): they act on the live machine.
	offWhy            string
	runBtn, attachBtn *widget.Button

	view    *view
	rows    *widget.Slider
	caption *widget.Label
	help    *widget.Label // the long help, behind the caption's info button
	info    *widget.Label // hover text, the selection and what pin and nice did
	span    *widget.Label
	follow  *widget.Check
	freeze  *widget.Check
	stop    *widget.Button

	pinSel  *widget.Select
	niceIn  *widget.Entry
	niceBox fyne.CanvasObject
	selText *widget.Label // the info line: one line tells the selection and the stretch hovered

	outTitle *widget.Label
	outList  *widget.List
	outLines []string
	outBox   fyne.CanvasObject
	outBtn   *widget.Button
	// openedOut is set once the user opened or folded the pane: it no longer opens by itself.
	openedOut bool

	content fyne.CanvasObject
	// figures caches the program's parallelism and overlap share for the trace shown.
	figures figures
	// Options of the tracers this tab starts (tests inject a refusal here).
	Options trace.Options
	// inline makes the tab do on the calling goroutine what it otherwise does on goroutines of
	// its own (polling, pin and nice): Fyne's test driver runs fyne.Do at once on the calling
	// goroutine, so a test drives the tab from one goroutine instead (see pollNow).
	inline bool
}

// Help texts of the info line: the short one fits one line on a 1280-wide projector; About
// shows the long one under the caption.
const (
	shortHelp = "Hover or tap a stretch: exact times. Wheel: zoom, drag: pan. Tap a row to pin or renice it."
	longHelp  = "Hover over or tap a stretch for its exact start, end and length. The wheel zooms (down to 1 ms), " +
		"dragging pans, 1 min shows the last minute, Follow keeps the newest moment in view, Freeze holds the " +
		"picture while tracing goes on. Tap a thread's row, or a process's heading for all its threads, then " +
		"choose Pin (one core, or all) or type a nice value and Set: the rows then show migrations stop."
)

// New builds the Timeline tab on the view state; win parents its dialogs.
func New(st *model.State, win fyne.Window) *Tab {
	t := &Tab{st: st, win: win, viewV: timelinemodel.DefaultTimelineView(), builder: timelinemodel.NewTimelineBuilder()}
	t.view = newView()
	t.view.OnZoom = func(steps int, frac float64) { t.setView(t.viewV.Zoom(steps, frac, t.shown)) }
	t.view.OnPan = func(frac float64) { t.setView(t.viewV.Pan(frac, t.shown)) }
	t.view.OnHover = t.describe
	t.view.OnTap = func(row int, s timelinemodel.TimelineSeg, ok bool) {
		t.view.Sel = row
		t.describe(row, s, ok)
		t.showSelection()
		t.view.Refresh()
	}
	t.view.OnScroll = func(n int) { t.scrollRows(t.view.Scroll + n) }
	t.rows = &widget.Slider{Min: 0, Max: 1, Step: 1, Orientation: widget.Vertical}
	t.rows.OnChanged = func(f float64) { t.scrollRows(int(t.rows.Max - f)) }
	// The caption is one line (the title of a program with a multi-line command included);
	// it wraps only when the trace is not exact, where the reason and the fix must be read
	// whole.
	t.caption = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	t.help = &widget.Label{Text: longHelp, Wrapping: fyne.TextWrapWord}
	t.help.Hide()
	about := &widget.Button{Icon: theme.InfoIcon(), Importance: widget.LowImportance, OnTapped: func() {
		if t.help.Visible() {
			t.help.Hide()
		} else {
			t.help.Show()
		}
	}}
	t.info = &widget.Label{Text: shortHelp, Truncation: fyne.TextTruncateEllipsis}
	t.selText = t.info
	t.span = &widget.Label{}
	t.follow = widget.NewCheck("Follow", func(on bool) {
		if on != t.viewV.Follow {
			v := t.viewV
			v.Follow = on
			t.setView(v)
		}
	})
	t.follow.SetChecked(true)
	t.freeze = widget.NewCheck("Freeze", func(on bool) { t.frozen = on })
	t.stop = &widget.Button{Text: "Stop", Icon: theme.MediaStopIcon(), OnTapped: t.End}
	t.stop.Disable()
	// Short labels and icons: the row must fit a 1280-wide projector at presentation's text
	// size (the File menu and the README give the long names).
	t.runBtn = &widget.Button{Text: "Run…", Icon: theme.MediaPlayIcon(), OnTapped: t.AskRun}
	t.attachBtn = &widget.Button{Text: "Attach…", OnTapped: func() { t.AskAttach(0, "") }}
	bar := container.NewHBox(
		t.runBtn,
		t.attachBtn,
		t.stop,
		widget.NewSeparator(),
		&widget.Button{Icon: theme.ZoomInIcon(), OnTapped: func() { t.setView(t.viewV.Zoom(-1, 1, t.shown)) }},
		&widget.Button{Icon: theme.ZoomOutIcon(), OnTapped: func() { t.setView(t.viewV.Zoom(1, 1, t.shown)) }},
		&widget.Button{Text: "1 min", OnTapped: func() {
			t.setView(timelinemodel.TimelineView{Span: time.Minute, Follow: true})
		}},
		&widget.Button{Text: "Turns", OnTapped: t.ZoomToTurns},
		t.follow, t.freeze, t.span,
	)
	t.pinSel = &widget.Select{PlaceHolder: "Pin…", OnChanged: func(s string) { t.pin(s) }}
	t.niceIn = &widget.Entry{PlaceHolder: "nice"}
	niceBtn := &widget.Button{Text: "Set", OnTapped: t.renice}
	niceW := fyne.MeasureText("-20", theme.TextSize(), fyne.TextStyle{}).Width*2 + 4*theme.Padding()
	t.niceBox = container.NewGridWrap(fyne.NewSize(niceW, t.niceIn.MinSize().Height), t.niceIn)
	t.outTitle = &widget.Label{Text: "Output", TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	t.outList = widgets.NewLineList(func() []string { return t.outLines }, fyne.TextTruncateEllipsis)
	t.outBox = container.NewBorder(t.outTitle, nil, nil, nil, t.outList)
	t.outBox.Hide()
	// The output pane is folded into one button while empty or unwanted: the rows get the
	// height. The button says how many lines there are; the caption says how the program ended.
	t.outBtn = &widget.Button{Text: "Output", Icon: theme.MenuExpandIcon(), Importance: widget.LowImportance,
		OnTapped: func() { t.openedOut = true; t.showOutput(!t.outBox.Visible()) }}
	t.outBtn.Hide()
	actions := container.NewBorder(nil, nil, t.outBtn, container.NewHBox(t.pinSel, t.niceBox, niceBtn), t.info)
	plot := container.NewBorder(nil, nil, nil, t.rows, t.view)
	split := container.NewVSplit(plot, t.outBox)
	split.Offset = 0.72
	top := container.NewVBox(bar, container.NewBorder(nil, nil, nil, about, t.caption), t.help)
	t.content = container.NewBorder(top, actions, nil, nil, split)
	t.render()
	st.OnQuit(t.quit)
	st.Subscribe(t.followReplay)
	return t
}

// showOutput opens or folds the output pane.
func (t *Tab) showOutput(open bool) {
	if open {
		t.outBox.Show()
		t.outBtn.SetIcon(theme.MenuDropDownIcon())
	} else {
		t.outBox.Hide()
		t.outBtn.SetIcon(theme.MenuExpandIcon())
	}
}

// RowsShown is how many rows of threads the plot has room for at its current size.
func (t *Tab) RowsShown() int { return t.view.VisibleRows(t.view.Size()) }

// Content is the tab's widget tree.
func (t *Tab) Content() fyne.CanvasObject { return t.content }

// setView changes the window shown.
func (t *Tab) setView(v timelinemodel.TimelineView) {
	t.viewV = v
	if t.follow.Checked != v.Follow {
		t.follow.SetChecked(v.Follow)
	}
	t.render()
}

// render lays out the shown trace for the plot's width and redraws.
func (t *Tab) render() {
	w := t.view.PlotWidth(t.view.Size())
	t.tl = t.builder.Build(t.shown, t.viewV, w)
	t.drawn = t.shown
	caption := t.tl.Caption
	if t.replay != nil && t.shown == nil {
		caption = t.replayNote
	}
	if f := t.figures.line(t.shown); f != "" {
		caption = f + " · " + caption
	}
	if t.sess != nil {
		// The title is cut shorter here than elsewhere, so that whether the trace is exact
		// stays on the line.
		title := model.OneLine(t.sess.Title, captionTitle)
		if t.status != "" {
			title += " (" + t.status + ")"
		}
		caption = title + ": " + caption
	}
	// One line when exact; a sampled or lossy trace's reason and fix are read whole.
	wrap := fyne.TextWrapOff
	if t.shown != nil && !t.shown.Exact {
		wrap = fyne.TextWrapWord
	}
	if t.caption.Text != caption || t.caption.Wrapping != wrap {
		t.caption.Wrapping = wrap
		t.caption.Text = caption
		t.caption.Refresh()
	}
	span := "window " + timelinemodel.FormatNS(int64(t.viewV.Span))
	if t.span.Text != span {
		t.span.SetText(span)
	}
	visible := t.view.VisibleRows(t.view.Size())
	extra := max(len(t.tl.Rows)-visible, 0)
	t.rows.Max = float64(max(extra, 1))
	if extra == 0 {
		t.rows.Hide()
	} else {
		t.rows.Show()
	}
	t.view.Scroll = min(t.view.Scroll, extra)
	t.rows.Value = t.rows.Max - float64(t.view.Scroll)
	t.rows.Refresh()
	t.view.TL = t.tl
	t.view.Refresh()
}

func (t *Tab) scrollRows(first int) {
	extra := 0
	if t.tl != nil {
		extra = max(len(t.tl.Rows)-t.view.VisibleRows(t.view.Size()), 0)
	}
	first = min(max(first, 0), extra)
	if first != t.view.Scroll {
		t.view.Scroll = first
		t.render()
	}
}

// describe shows the exact start, end and length of the stretch under the pointer.
func (t *Tab) describe(row int, s timelinemodel.TimelineSeg, ok bool) {
	if !ok || t.tl == nil {
		return
	}
	if d := t.tl.Describe(row, s); t.info.Text != d {
		t.info.SetText(d)
	}
}
