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
	// inline makes the tab do on the calling goroutine what it otherwise does on goroutines of
	// its own (polling, pin and nice): Fyne's test driver runs fyne.Do at once on the calling
	// goroutine, so a test drives the tab from one goroutine instead (see pollNow).
	inline bool
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
	st.OnQuit(t.quit)
	return t
}

// Content is the tab's widget tree.
func (t *Tab) Content() fyne.CanvasObject { return t.content }

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
