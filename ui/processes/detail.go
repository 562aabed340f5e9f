package processes

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// Detail shows the selected process. It keeps the last description it had, so when the
// process ends it can still say which one ended, and when.
type Detail struct {
	Title, Status                   *widget.Label
	Cmd, user, started, parent, kid *widget.Label
	Memory                          *widget.Label
	memNote                         *widget.Label
	Refused                         *widget.Label
	// onTrace traces the selected process on the Timeline tab (set by the window).
	OnTrace func()
	// sched pins and renices the selected process (its callbacks set by the window).
	Sched   *SchedRow
	Threads *widget.Table
	Buttons []*widget.Button
	hint    *fyne.Container // shown until a process is selected
	facts   *container.Split
	Content fyne.CanvasObject

	Model *model.DetailModel
	// threadWidths are the thread list's column widths as last set.
	threadWidths [model.ThreadCols]float32
	endedAt      time.Time
}

// NewDetail builds the detail pane; onSignal asks the window to send the chosen signal.
func NewDetail(onSignal func(sig model.SignalChoice)) *Detail {
	d := &Detail{
		Title:  &widget.Label{Text: "No process selected", TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
		Status: &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord},
		Cmd:    &widget.Label{Wrapping: fyne.TextWrapBreak},
		// Wrapped, so that a long line never widens the pane over the table's columns.
		user:    &widget.Label{Wrapping: fyne.TextWrapWord},
		started: &widget.Label{Wrapping: fyne.TextWrapWord},
		parent:  &widget.Label{Wrapping: fyne.TextWrapWord},
		kid:     &widget.Label{Wrapping: fyne.TextWrapWord},
	}
	d.Status.Hide()
	d.memNote = &widget.Label{Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	d.memNote.Hide()
	d.Refused = &widget.Label{Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	d.Refused.Hide()
	d.Memory = &widget.Label{Text: "–", Wrapping: fyne.TextWrapWord}
	d.Threads = &widget.Table{
		ShowHeaderRow: true,
		Length: func() (int, int) {
			if d.Model == nil {
				return 0, model.ThreadCols
			}
			return len(d.Model.Threads), model.ThreadCols
		},
		CreateCell: func() fyne.CanvasObject { return widgets.NewCell() },
		UpdateCell: func(id widget.TableCellID, o fyne.CanvasObject) {
			c := o.(*widgets.Cell)
			align := fyne.TextAlignLeading
			if id.Col == 0 || id.Col >= 3 {
				align = fyne.TextAlignTrailing
			}
			if d.Model == nil || id.Row >= len(d.Model.Threads) {
				c.Set("", align, widgets.LookPlain)
				return
			}
			c.Set(d.Model.Threads[id.Row][id.Col], align, widgets.LookPlain)
		},
		CreateHeader: func() fyne.CanvasObject { return &widget.Label{TextStyle: fyne.TextStyle{Bold: true}} },
		UpdateHeader: func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Col >= 0 && id.Col < model.ThreadCols {
				o.(*widget.Label).SetText(model.ThreadTitles[id.Col])
			}
		},
	}
	d.Threads.ExtendBaseWidget(d.Threads)
	for _, s := range model.SignalChoices {
		b := &widget.Button{Text: s.Label, OnTapped: func() { onSignal(s) }}
		b.Disable()
		d.Buttons = append(d.Buttons, b)
	}
	trace := &widget.Button{Text: "Trace threads", OnTapped: func() {
		if d.OnTrace != nil {
			d.OnTrace()
		}
	}}
	trace.Disable()
	d.Buttons = append(d.Buttons, trace)
	form := &widget.Form{Items: []*widget.FormItem{
		{Text: "Command", Widget: d.Cmd},
		{Text: "User", Widget: d.user},
		{Text: "Started", Widget: d.started},
		{Text: "Parent", Widget: d.parent},
		{Text: "Children", Widget: d.kid},
		// One wrapped line rather than a grid of five: the thread list below needs the height.
		{Text: "Memory", Widget: container.NewVBox(d.Memory, d.memNote)},
	}}
	// The signals come first, under the title: at 1280x720 the facts below scroll, and the
	// buttons must not scroll away with them.
	top := container.NewVBox(d.Status, form)
	d.Sched = newSchedRow()
	head := container.NewVBox(d.Title, container.NewGridWithColumns(2, widgets.Objects(d.Buttons)...), d.Sched.Box, d.Refused)
	// The facts scroll on their own, so that large presentation text never makes the pane
	// taller than the screen; the thread list takes the rest.
	// The name column takes what the others leave, so Core is never cut off in a narrow pane.
	fitted := container.New(&widgets.FitWidth{Fit: d.fitThreadColumns}, d.Threads)
	threads := container.NewBorder(&widget.Label{Text: "Threads", TextStyle: fyne.TextStyle{Bold: true}}, nil, nil, nil, fitted)
	d.facts = container.NewVSplit(container.NewBorder(head, nil, nil, nil, container.NewVScroll(top)), threads)
	d.facts.Offset = 0.6
	d.facts.Hide()
	// Until something is selected, a hint, not empty headings and dashes.
	d.hint = container.NewVBox(layout.NewSpacer(),
		&widget.Label{Text: "No process selected", TextStyle: fyne.TextStyle{Bold: true}, Alignment: fyne.TextAlignCenter},
		&widget.Label{Text: "Select a process to see its command line, threads and memory.",
			Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord},
		layout.NewSpacer())
	d.Content = container.NewStack(d.hint, d.facts)
	return d
}

// Show updates the pane from a new description. A description of the same process that no
// longer finds it marks the process as ended, at the time of the first snapshot without it.
func (d *Detail) Show(m *model.DetailModel) {
	if m == nil {
		return
	}
	if !d.hint.Hidden {
		d.hint.Hide()
		d.facts.Show()
	}
	same := d.Model != nil && d.Model.Key == m.Key
	if !m.Found {
		if !same {
			d.Model = m
			widgets.SetText(d.Title, fmt.Sprintf("Process %d", m.Key.ID))
			d.endedAt = m.Taken
		} else if d.endedAt.IsZero() {
			d.endedAt = m.Taken
		}
		widgets.SetText(d.Status, fmt.Sprintf("process %d ended at %s", m.Key.ID, d.endedAt.Format("15:04:05")))
		d.Status.Show()
		d.setButtons(false)
		return
	}
	if !same {
		d.clearMemory()
	}
	d.endedAt = time.Time{}
	d.Status.Hide()
	d.Model = m
	widgets.SetText(d.Title, m.Title)
	widgets.SetText(d.Cmd, m.Cmd)
	widgets.SetText(d.user, m.User)
	widgets.SetText(d.started, m.Started)
	widgets.SetText(d.parent, m.Parent)
	widgets.SetText(d.kid, m.Children)
	d.setButtons(m.Refusal == "")
	widgets.SetText(d.Refused, m.Refusal)
	d.Refused.Hidden = m.Refusal == ""
	// A refresh re-runs UpdateCell on the visible cells; each redraws only if its text changed.
	d.Threads.Refresh()
}

func (d *Detail) setButtons(on bool) {
	for _, b := range d.Buttons {
		widgets.SetEnabled(b, on)
	}
}

func (d *Detail) clearMemory() {
	widgets.SetText(d.Memory, "–")
}

// ShowMemory fills the memory breakdown, if the reading is of the process shown.
func (d *Detail) ShowMemory(r *model.MemReading) {
	if r == nil || d.Model == nil || r.Key != d.Model.Key {
		return
	}
	if !r.Mem.Available {
		d.clearMemory()
		why := r.Mem.Reason
		if why == "" {
			why = "not permitted"
		}
		widgets.SetText(d.memNote, "Memory breakdown unavailable: "+why)
		d.memNote.Show()
		return
	}
	d.memNote.Hide()
	widgets.SetText(d.Memory, model.MemoryLine(r.Mem))
}

// Present labels the signal buttons for the text size: on a projector by the signal's name
// alone, so two fit side by side in the narrower pane (the confirmation says what each does).
func (d *Detail) Present(on bool) {
	// The signal buttons come first in d.Buttons; the Trace button after them keeps its label.
	for i, s := range model.SignalChoices {
		b := d.Buttons[i]
		text := s.Label
		if on {
			text = strings.TrimPrefix(s.Name, "SIG")
		}
		if b.Text != text {
			b.SetText(text)
		}
	}
}

// Ended reports whether the shown process has ended, and when.
func (d *Detail) Ended() (time.Time, bool) { return d.endedAt, !d.endedAt.IsZero() }

// threadSamples are the widest texts expected in each column of the thread table.
var threadSamples = [model.ThreadCols]string{"999999", "pool-spawner-xx", "sleeping", "CPU %", "Core"}

// threadColumnWidths is each column's width for the theme's text size.
func threadColumnWidths(th fyne.Theme) [model.ThreadCols]float32 {
	size := th.Size(theme.SizeNameText)
	pad := th.Size(theme.SizeNameInnerPadding)
	var w [model.ThreadCols]float32
	for i, s := range threadSamples {
		w[i] = fyne.MeasureText(s, size, fyne.TextStyle{Bold: i >= 3}).Width + 2*pad // headers wider than values are bold
	}
	return w
}

// SetThreadColumnWidths sizes the detail pane's thread table for the theme's text size. The
// name column is left to fitThreadColumns, which gives it what the pane's width leaves.
func SetThreadColumnWidths(t *widget.Table, th fyne.Theme) {
	for i, w := range threadColumnWidths(th) {
		if i != 1 {
			t.SetColumnWidth(i, w)
		}
	}
}

// fitThreadColumns lays the thread table's columns over width, giving the name column what
// the fixed columns leave (but never less than a short name), so that the Core column stays in
// view when presentation mode's large text meets a narrow detail pane.
func (d *Detail) fitThreadColumns(width float32) {
	th := d.Threads.Theme()
	w := threadColumnWidths(th)
	// Besides the columns: a separator between each two, and room for the vertical scroll bar.
	rest := w[0] + w[2] + w[3] + w[4] + model.ThreadCols*th.Size(theme.SizeNameSeparatorThickness) +
		th.Size(theme.SizeNameScrollBar) + 2*th.Size(theme.SizeNamePadding)
	short := fyne.MeasureText("tab-1", th.Size(theme.SizeNameText), fyne.TextStyle{}).Width + 2*th.Size(theme.SizeNameInnerPadding)
	w[1] = max(width-rest, short)
	if w != d.threadWidths {
		d.threadWidths = w
		for i, cw := range w {
			d.Threads.SetColumnWidth(i, cw)
		}
	}
}
