package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
)

// detailModel is the detail pane's text for one process, built on the worker goroutine.
type detailModel struct {
	key   inspect.TaskKey
	found bool
	taken time.Time // when the snapshot it was built from was taken
	title string
	// refusal says why signals are not offered for this process ("" when they are).
	refusal                              string
	cmd, user, started, parent, children string
	threads                              [][threadCols]string
}

const threadCols = 5 // TID, name, state, CPU %, core

var threadTitles = [threadCols]string{"TID", "Name", "State", "CPU %", "Core"}

// buildDetail describes process k as s saw it; found is false when s does not hold it.
func buildDetail(s *inspect.Snapshot, k inspect.TaskKey) *detailModel {
	d := &detailModel{key: k, taken: s.Taken}
	p, ok := s.Find(k.ID)
	if !ok || p.StartTicks != k.StartTicks {
		return d
	}
	d.found = true
	d.refusal = refusal(p.PID)
	d.title = fmt.Sprintf("%s (%d)", p.Name, p.PID)
	d.cmd = p.Cmdline
	if d.cmd == "" {
		d.cmd = "[" + p.Name + "]" // kernel threads and zombies have none; ps shows this form
	}
	d.user = fmt.Sprintf("%s (uid %d)", p.User, p.UID)
	st := startTime(s.BootTime, p.StartTicks)
	d.started = st.Format("2006-01-02 15:04:05") + ", " + formatAge(s.Taken.Sub(st)) + " ago"
	if pp, ok := s.Find(p.PPID); ok {
		d.parent = fmt.Sprintf("%s (%d)", pp.Name, pp.PID)
	} else {
		d.parent = strconv.Itoa(p.PPID)
	}
	var kids []string
	for i := range s.Processes {
		if c := &s.Processes[i]; c.PPID == p.PID && c.PID != p.PID {
			kids = append(kids, fmt.Sprintf("%s (%d)", c.Name, c.PID))
		}
	}
	switch {
	case len(kids) == 0:
		d.children = "none"
	case len(kids) > 12:
		d.children = strings.Join(kids[:12], ", ") + fmt.Sprintf(" and %d more", len(kids)-12)
	default:
		d.children = strings.Join(kids, ", ")
	}
	d.threads = make([][threadCols]string, len(p.Threads))
	for i := range p.Threads {
		t := &p.Threads[i]
		d.threads[i] = [threadCols]string{strconv.Itoa(t.TID), t.Name, stateWord(t.State), formatPercent(t.CPUPercent), strconv.Itoa(t.Core)}
	}
	return d
}

// detailPane shows the selected process. It keeps the last description it had, so when the
// process ends it can still say which one ended, and when.
type detailPane struct {
	title, status                   *widget.Label
	cmd, user, started, parent, kid *widget.Label
	memory                          *widget.Label
	memNote                         *widget.Label
	refused                         *widget.Label
	threads                         *widget.Table
	buttons                         []*widget.Button
	hint                            *fyne.Container // shown until a process is selected
	facts                           *container.Split
	content                         fyne.CanvasObject

	model   *detailModel
	endedAt time.Time
	memKey  inspect.TaskKey
}

func newDetailPane(onSignal func(sig signalChoice)) *detailPane {
	d := &detailPane{
		title:  &widget.Label{Text: "No process selected", TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
		status: &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord},
		cmd:    &widget.Label{Wrapping: fyne.TextWrapBreak},
		// Wrapped, so that a long line never widens the pane over the table's columns.
		user:    &widget.Label{Wrapping: fyne.TextWrapWord},
		started: &widget.Label{Wrapping: fyne.TextWrapWord},
		parent:  &widget.Label{Wrapping: fyne.TextWrapWord},
		kid:     &widget.Label{Wrapping: fyne.TextWrapWord},
	}
	d.status.Hide()
	d.memNote = &widget.Label{Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	d.memNote.Hide()
	d.refused = &widget.Label{Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
	d.refused.Hide()
	d.memory = &widget.Label{Text: "–", Wrapping: fyne.TextWrapWord}
	d.threads = &widget.Table{
		ShowHeaderRow: true,
		Length: func() (int, int) {
			if d.model == nil {
				return 0, threadCols
			}
			return len(d.model.threads), threadCols
		},
		CreateCell: func() fyne.CanvasObject { return newCell() },
		UpdateCell: func(id widget.TableCellID, o fyne.CanvasObject) {
			c := o.(*cell)
			align := fyne.TextAlignLeading
			if id.Col == 0 || id.Col >= 3 {
				align = fyne.TextAlignTrailing
			}
			if d.model == nil || id.Row >= len(d.model.threads) {
				c.set("", align, lookPlain)
				return
			}
			c.set(d.model.threads[id.Row][id.Col], align, lookPlain)
		},
		CreateHeader: func() fyne.CanvasObject { return &widget.Label{TextStyle: fyne.TextStyle{Bold: true}} },
		UpdateHeader: func(id widget.TableCellID, o fyne.CanvasObject) {
			if id.Col >= 0 && id.Col < threadCols {
				o.(*widget.Label).SetText(threadTitles[id.Col])
			}
		},
	}
	d.threads.ExtendBaseWidget(d.threads)
	for _, s := range signalChoices {
		s := s
		b := &widget.Button{Text: s.label, OnTapped: func() { onSignal(s) }}
		b.Disable()
		d.buttons = append(d.buttons, b)
	}
	form := &widget.Form{Items: []*widget.FormItem{
		{Text: "Command", Widget: d.cmd},
		{Text: "User", Widget: d.user},
		{Text: "Started", Widget: d.started},
		{Text: "Parent", Widget: d.parent},
		{Text: "Children", Widget: d.kid},
		// One wrapped line rather than a grid of five: the thread list below needs the height.
		{Text: "Memory", Widget: container.NewVBox(d.memory, d.memNote)},
	}}
	top := container.NewVBox(d.title, d.status, form,
		container.NewGridWithColumns(2, toObjects(d.buttons)...), d.refused)
	// The facts scroll on their own, so that large presentation text never makes the pane
	// taller than the screen; the thread list takes the rest.
	// The name column takes what the others leave, so Core is never cut off in a narrow pane.
	fitted := container.New(&threadColumns{t: d.threads}, d.threads)
	threads := container.NewBorder(&widget.Label{Text: "Threads", TextStyle: fyne.TextStyle{Bold: true}}, nil, nil, nil, fitted)
	d.facts = container.NewVSplit(container.NewVScroll(top), threads)
	d.facts.Offset = 0.6
	d.facts.Hide()
	// Until something is selected, a hint, not empty headings and dashes.
	d.hint = container.NewVBox(layout.NewSpacer(),
		&widget.Label{Text: "No process selected", TextStyle: fyne.TextStyle{Bold: true}, Alignment: fyne.TextAlignCenter},
		&widget.Label{Text: "Select a process to see its command line, threads and memory.",
			Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord},
		layout.NewSpacer())
	d.content = container.NewStack(d.hint, d.facts)
	return d
}

func toObjects(bs []*widget.Button) []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, len(bs))
	for i, b := range bs {
		out[i] = b
	}
	return out
}

func setText(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

// show updates the pane from a new description. A description of the same process that no
// longer finds it marks the process as ended, at the time of the first snapshot without it.
func (d *detailPane) show(m *detailModel) {
	if m == nil {
		return
	}
	if !d.hint.Hidden {
		d.hint.Hide()
		d.facts.Show()
	}
	same := d.model != nil && d.model.key == m.key
	if !m.found {
		if !same {
			d.model = m
			setText(d.title, fmt.Sprintf("Process %d", m.key.ID))
			d.endedAt = m.taken
		} else if d.endedAt.IsZero() {
			d.endedAt = m.taken
		}
		setText(d.status, fmt.Sprintf("process %d ended at %s", m.key.ID, d.endedAt.Format("15:04:05")))
		d.status.Show()
		d.setButtons(false)
		return
	}
	if !same {
		d.clearMemory()
	}
	d.endedAt = time.Time{}
	d.status.Hide()
	d.model = m
	setText(d.title, m.title)
	setText(d.cmd, m.cmd)
	setText(d.user, m.user)
	setText(d.started, m.started)
	setText(d.parent, m.parent)
	setText(d.kid, m.children)
	d.setButtons(m.refusal == "")
	setText(d.refused, m.refusal)
	d.refused.Hidden = m.refusal == ""
	// A refresh re-runs UpdateCell on the visible cells; each redraws only if its text changed.
	d.threads.Refresh()
}

func (d *detailPane) setButtons(on bool) {
	for _, b := range d.buttons {
		if on && b.Disabled() {
			b.Enable()
		} else if !on && !b.Disabled() {
			b.Disable()
		}
	}
}

func (d *detailPane) clearMemory() {
	setText(d.memory, "–")
}

// showMemory fills the memory breakdown, if the reading is of the process shown.
func (d *detailPane) showMemory(r *memReading) {
	if r == nil || d.model == nil || r.key != d.model.key {
		return
	}
	if !r.mem.Available {
		d.clearMemory()
		why := r.mem.Reason
		if why == "" {
			why = "not permitted"
		}
		setText(d.memNote, "Memory breakdown unavailable: "+why)
		d.memNote.Show()
		return
	}
	d.memNote.Hide()
	setText(d.memory, memoryLine(r.mem))
}

// memoryLine writes a memory breakdown on one line: resident, proportional (shared pages split
// among their users), private, shared and swapped.
func memoryLine(m inspect.MemoryBreakdown) string {
	return fmt.Sprintf("RSS %s · PSS %s · private %s · shared %s · swap %s",
		formatBytes(m.RSS), formatBytes(m.PSS), formatBytes(m.Private), formatBytes(m.Shared), formatBytes(m.Swap))
}

// ended reports whether the shown process has ended, and when.
func (d *detailPane) ended() (time.Time, bool) { return d.endedAt, !d.endedAt.IsZero() }

// threadSamples are the widest texts expected in each column of the thread table.
var threadSamples = [threadCols]string{"999999", "pool-spawner-xx", "sleeping", "CPU %", "Core"}

// threadColumnWidths is each column's width for the theme's text size.
func threadColumnWidths(th fyne.Theme) [threadCols]float32 {
	size := th.Size(theme.SizeNameText)
	pad := th.Size(theme.SizeNameInnerPadding)
	var w [threadCols]float32
	for i, s := range threadSamples {
		w[i] = fyne.MeasureText(s, size, fyne.TextStyle{Bold: i >= 3}).Width + 2*pad // headers wider than values are bold
	}
	return w
}

// setThreadColumnWidths sizes the detail pane's thread table for the theme's text size. The
// name column is left to threadColumns, which gives it what the pane's width leaves.
func setThreadColumnWidths(t *widget.Table, th fyne.Theme) {
	for i, w := range threadColumnWidths(th) {
		if i != 1 {
			t.SetColumnWidth(i, w)
		}
	}
}

// threadColumns lays the thread table out over its whole width, giving the name column what
// the fixed columns leave (but never less than a short name), so that the Core column stays
// in view when presentation mode's large text meets a narrow detail pane.
type threadColumns struct {
	t    *widget.Table
	last [threadCols]float32
}

// Layout implements fyne.Layout.
func (l *threadColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	th := l.t.Theme()
	w := threadColumnWidths(th)
	// Besides the columns: a separator between each two, and room for the vertical scroll bar.
	rest := w[0] + w[2] + w[3] + w[4] + threadCols*th.Size(theme.SizeNameSeparatorThickness) +
		th.Size(theme.SizeNameScrollBar) + 2*th.Size(theme.SizeNamePadding)
	short := fyne.MeasureText("tab-1", th.Size(theme.SizeNameText), fyne.TextStyle{}).Width + 2*th.Size(theme.SizeNameInnerPadding)
	w[1] = max(size.Width-rest, short)
	if w != l.last {
		l.last = w
		for i, cw := range w {
			l.t.SetColumnWidth(i, cw)
		}
	}
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// MinSize implements fyne.Layout.
func (l *threadColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m
}
