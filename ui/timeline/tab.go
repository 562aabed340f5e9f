// Package timeline is the Timeline tab: every context switch of a program Taskscope started or
// a process it attached to, one row per thread grouped under its process (child processes
// under their parent), zoomable from the last minute down to a millisecond; the started
// program's output with its exit status; and pinning and renicing of the selected thread or
// process. It is a tab of its own rather than a part of the Cores tab because it is about one
// program's threads over time, row by row, where the Cores tab is about the machine's cores.
package timeline

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
)

// pollEvery is how often the tab takes the newest trace (as often as the window refreshes).
const pollEvery = 100 * time.Millisecond

// Tab is the Timeline tab. Its methods run on the UI goroutine.
type Tab struct {
	st  *model.State
	win fyne.Window

	sess    *model.TraceSession
	cancel  context.CancelFunc
	shown   *inspect.Trace // the trace drawn (held while frozen)
	viewV   model.TimelineView
	tl      *model.Timeline
	builder *model.TimelineBuilder
	frozen  bool // the tab's own freeze; the window's (Space) also holds it

	view    *view
	rows    *widget.Slider
	caption *widget.Label
	info    *widget.Label
	span    *widget.Label
	follow  *widget.Check
	freeze  *widget.Check
	stop    *widget.Button

	pinSel  *widget.Select
	niceIn  *widget.Entry
	selText *widget.Label

	outTitle *widget.Label
	outList  *widget.List
	outLines []string
	outBox   fyne.CanvasObject

	content fyne.CanvasObject
	// Options of the tracers this tab starts (tests inject a refusal here).
	Options inspect.TraceOptions
}

// New builds the Timeline tab on the view state; win parents its dialogs.
func New(st *model.State, win fyne.Window) *Tab {
	t := &Tab{st: st, win: win, viewV: model.DefaultTimelineView(), builder: model.NewTimelineBuilder()}
	t.view = newView()
	t.view.OnZoom = func(steps int, frac float64) { t.setView(t.viewV.Zoom(steps, frac, t.shown)) }
	t.view.OnPan = func(frac float64) { t.setView(t.viewV.Pan(frac, t.shown)) }
	t.view.OnHover = t.describe
	t.view.OnTap = func(row int, s model.TimelineSeg, ok bool) {
		t.view.Sel = row
		t.describe(row, s, ok)
		t.showSelection()
		t.view.Refresh()
	}
	t.view.OnScroll = func(n int) { t.scrollRows(t.view.Scroll + n) }
	t.rows = &widget.Slider{Min: 0, Max: 1, Step: 1, Orientation: widget.Vertical}
	t.rows.OnChanged = func(f float64) { t.scrollRows(int(t.rows.Max - f)) }
	t.caption = &widget.Label{Wrapping: fyne.TextWrapWord}
	t.info = &widget.Label{Text: "Hover over or tap a stretch for its exact start, end and length. Wheel: zoom; drag: pan.",
		Truncation: fyne.TextTruncateEllipsis}
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
	t.stop = &widget.Button{Text: "Stop", OnTapped: t.End}
	t.stop.Disable()
	bar := container.NewHBox(
		&widget.Button{Text: "Run program…", OnTapped: t.AskRun},
		&widget.Button{Text: "Trace process…", OnTapped: func() { t.AskAttach(0, "") }},
		t.stop,
		widget.NewSeparator(),
		&widget.Button{Text: "Zoom in", OnTapped: func() { t.setView(t.viewV.Zoom(-1, 1, t.shown)) }},
		&widget.Button{Text: "Zoom out", OnTapped: func() { t.setView(t.viewV.Zoom(1, 1, t.shown)) }},
		&widget.Button{Text: "Last minute", OnTapped: func() {
			t.setView(model.TimelineView{Span: time.Minute, Follow: true})
		}},
		t.follow, t.freeze, t.span,
	)
	t.pinSel = &widget.Select{PlaceHolder: "Pin to…", OnChanged: func(s string) { t.pin(s) }}
	t.niceIn = &widget.Entry{PlaceHolder: "nice"}
	t.selText = &widget.Label{Text: "Tap a row to pin or renice its thread (or a heading for the whole process).",
		Truncation: fyne.TextTruncateEllipsis}
	niceBtn := &widget.Button{Text: "Set nice", OnTapped: t.renice}
	actions := container.NewBorder(nil, nil, nil,
		container.NewHBox(t.pinSel, container.NewGridWrap(fyne.NewSize(70, t.niceIn.MinSize().Height), t.niceIn), niceBtn),
		t.selText)
	t.outTitle = &widget.Label{Text: "Output", TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	t.outList = widget.NewList(
		func() int { return len(t.outLines) },
		func() fyne.CanvasObject {
			return &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}, Truncation: fyne.TextTruncateEllipsis}
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(t.outLines) {
				l := o.(*widget.Label)
				if l.Text != t.outLines[id] {
					l.SetText(t.outLines[id])
				}
			}
		})
	t.outBox = container.NewBorder(t.outTitle, nil, nil, nil, t.outList)
	t.outBox.Hide()
	plot := container.NewBorder(nil, nil, nil, t.rows, t.view)
	split := container.NewVSplit(plot, t.outBox)
	split.Offset = 0.72
	t.content = container.NewBorder(container.NewVBox(bar, t.caption), container.NewVBox(t.info, actions), nil, nil, split)
	t.render()
	st.OnQuit(t.End)
	return t
}

// Content is the tab's widget tree.
func (t *Tab) Content() fyne.CanvasObject { return t.content }

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
	t.builder = model.NewTimelineBuilder()
	t.viewV = model.DefaultTimelineView()
	t.view.Sel, t.view.Scroll = -1, 0
	t.stop.Enable()
	if s.Output != nil {
		t.outTitle.SetText("Output of " + s.Title)
		t.outBox.Show()
	} else {
		t.outBox.Hide()
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.cancel = cancel
	go t.poll(ctx, s)
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
		tr := s.Trace()
		var lines []string
		var total int
		if s.Output != nil {
			lines, total = s.Output.Lines()
		}
		status := s.ExitStatus()
		fyne.Do(func() {
			if t.sess == s {
				t.apply(tr, lines, total, status)
			}
		})
	}
}

// apply shows a new trace and output, unless frozen.
func (t *Tab) apply(tr *inspect.Trace, lines []string, total int, status string) {
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
		if grew {
			t.outList.Refresh()
			t.outList.ScrollToBottom()
		}
	}
	t.render()
}

// setView changes the window shown.
func (t *Tab) setView(v model.TimelineView) {
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
	caption := t.tl.Caption
	if t.sess != nil {
		caption = t.sess.Title + ": " + caption
	}
	if t.caption.Text != caption {
		t.caption.SetText(caption)
	}
	span := "window " + model.FormatNS(int64(t.viewV.Span))
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
func (t *Tab) describe(row int, s model.TimelineSeg, ok bool) {
	if !ok || t.tl == nil {
		return
	}
	if d := t.tl.Describe(row, s); t.info.Text != d {
		t.info.SetText(d)
	}
}

// selected returns the selected row, if any.
func (t *Tab) selected() (model.TimelineRow, bool) {
	if t.tl == nil || t.view.Sel < 0 || t.view.Sel >= len(t.tl.Rows) {
		return model.TimelineRow{}, false
	}
	return t.tl.Rows[t.view.Sel], true
}

// showSelection says what pin and nice will act on, and offers the cores.
func (t *Tab) showSelection() {
	r, ok := t.selected()
	if !ok {
		return
	}
	if r.Header {
		t.selText.SetText(fmt.Sprintf("Selected: process %s, all its threads", r.Label))
	} else {
		t.selText.SetText(fmt.Sprintf("Selected: thread %s of PID %d", r.Label, r.PID))
	}
	opts := []string{"all cores"}
	if t.shown != nil {
		for c := range t.shown.Cores {
			opts = append(opts, "core "+strconv.Itoa(c))
		}
	}
	t.pinSel.Options = opts
	t.pinSel.ClearSelected()
}

// act runs change on the selected thread (or, for a heading, process) off the UI goroutine,
// since it reads /proc to check the task's start time, and reports the outcome.
func (t *Tab) act(done string, change func(r model.TimelineRow, k inspect.TaskKey) error) {
	r, ok := t.selected()
	if !ok {
		t.report("", errors.New("tap a row first"))
		return
	}
	go func() {
		tid := r.TID
		if r.Header {
			tid = r.PID
		}
		start, err := inspect.TaskStartTicks(r.PID, tid)
		if err == nil {
			err = change(r, inspect.TaskKey{ID: tid, StartTicks: start})
		}
		fyne.Do(func() { t.report(done, err) })
	}()
}

// pin pins the selection to the chosen core (or all).
func (t *Tab) pin(choice string) {
	if choice == "" || t.shown == nil {
		return
	}
	cpus := []int{}
	if c, ok := strings.CutPrefix(choice, "core "); ok {
		n, _ := strconv.Atoi(c)
		cpus = append(cpus, n)
	} else {
		for c := range t.shown.Cores {
			cpus = append(cpus, c)
		}
	}
	r, _ := t.selected()
	t.act(fmt.Sprintf("Pinned %s to %s: watch its migrations stop.", r.Label, choice), func(r model.TimelineRow, k inspect.TaskKey) error {
		if r.Header {
			return inspect.SetProcessAffinity(k, cpus)
		}
		return inspect.SetThreadAffinity(r.PID, k, cpus)
	})
}

// renice sets the nice value typed in.
func (t *Tab) renice() {
	n, err := strconv.Atoi(strings.TrimSpace(t.niceIn.Text))
	if err != nil || n < -20 || n > 19 {
		t.report("", errors.New("nice is a whole number from -20 (most favoured) to 19"))
		return
	}
	r, _ := t.selected()
	t.act(fmt.Sprintf("Set the nice value of %s to %d.", r.Label, n), func(r model.TimelineRow, k inspect.TaskKey) error {
		if r.Header {
			return inspect.SetProcessNice(k, n)
		}
		return inspect.SetThreadNice(r.PID, k, n)
	})
}

// report shows an action's outcome on the selection line.
func (t *Tab) report(ok string, err error) {
	switch {
	case errors.Is(err, inspect.ErrGone):
		t.selText.SetText("That task has ended (or its ID now names another); nothing was changed.")
	case err != nil:
		t.selText.SetText("Not done: " + err.Error())
	default:
		t.selText.SetText(ok)
	}
}

// AskRun asks for a command line and a working directory, then runs it.
func (t *Tab) AskRun() {
	cmd := &widget.Entry{PlaceHolder: "python3 -c 'print(42)'"}
	dir := &widget.Entry{PlaceHolder: "working directory (empty: Taskscope's)"}
	dialog.ShowForm("Run program", "Run", "Cancel", []*widget.FormItem{
		{Text: "Command", Widget: cmd, HintText: "Its threads and children are traced from its first instruction."},
		{Text: "Directory", Widget: dir},
	}, func(ok bool) {
		if !ok {
			return
		}
		argv, err := model.SplitCommand(cmd.Text)
		if err == nil {
			err = t.Run(argv, strings.TrimSpace(dir.Text))
		}
		if err != nil {
			dialog.ShowError(err, t.win)
		}
	}, t.win)
}

// AskAttach asks for a PID (pid, when not 0, is offered), then attaches to it.
func (t *Tab) AskAttach(pid int, name string) {
	in := &widget.Entry{PlaceHolder: "PID"}
	if pid > 0 {
		in.SetText(strconv.Itoa(pid))
	}
	dialog.ShowForm("Trace process", "Trace", "Cancel", []*widget.FormItem{
		{Text: "PID", Widget: in, HintText: "A process of yours (any, as root). It is left running when the trace stops."},
	}, func(ok bool) {
		if !ok {
			return
		}
		n, err := strconv.Atoi(strings.TrimSpace(in.Text))
		if err != nil || n <= 0 {
			dialog.ShowError(fmt.Errorf("%q is not a PID", in.Text), t.win)
			return
		}
		if n != pid {
			name = ""
		}
		if err := t.Attach(n, name); err != nil {
			dialog.ShowError(err, t.win)
		}
	}, t.win)
}
