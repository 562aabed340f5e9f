package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// filterEntry is the filter box. Escape clears it and F11 still reaches the window while
// typing; Down moves into the table so the keyboard never has to leave for the mouse.
type filterEntry struct {
	widget.Entry
	onKey  func(*fyne.KeyEvent) bool
	modal  func(*fyne.KeyEvent) bool // a dialog's keys, asked first: a dialog takes them all
	onDown func()
}

func newFilterEntry() *filterEntry {
	e := &filterEntry{}
	e.PlaceHolder = "Filter: a name, PID or user, or cpu>5 rss>100M app~gnome  (Ctrl+F)"
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey implements fyne.Focusable.
func (e *filterEntry) TypedKey(k *fyne.KeyEvent) {
	if e.modal != nil && e.modal(k) {
		return
	}
	switch k.Name {
	case fyne.KeyEscape:
		e.SetText("")
	case fyne.KeyF11:
		if e.onKey != nil {
			e.onKey(k)
		}
	case fyne.KeyDown:
		if e.onDown != nil {
			e.onDown()
		}
	default:
		e.Entry.TypedKey(k)
	}
}

// processesTab is the Processes tab: a tool row over the table and the detail pane. Its
// controls show settings the window stores; the window wires what they do.
type processesTab struct {
	filter                *filterEntry
	threads, kernel, tree *widget.Check
	interval              *widget.Select
	freeze                *widget.Button
	scrub                 *widget.Slider
	scrubLabel, count     *widget.Label
	filterErr             *widget.Label // under the filter box: why the query was not applied
	empty                 *widget.Label // over the table when nothing is shown, says why
	scrubRow              *fyne.Container
	split                 *container.Split
	content               fyne.CanvasObject
	syncing               bool      // set while the code, not the user, moves the slider
	onScrub               func(int) // the user moved the slider to the i-th kept sample
}

func newProcessesTab(table *procTable, detail *detailPane, interval time.Duration) *processesTab {
	p := &processesTab{filter: newFilterEntry()}
	p.threads = &widget.Check{Text: "Threads"}
	p.kernel = &widget.Check{Text: "Kernel threads"}
	p.tree = &widget.Check{Text: "Tree"}
	p.threads.ExtendBaseWidget(p.threads)
	p.kernel.ExtendBaseWidget(p.kernel)
	p.tree.ExtendBaseWidget(p.tree)

	p.interval = &widget.Select{Options: intervalLabels, Selected: intervalLabel(interval)}
	p.interval.ExtendBaseWidget(p.interval)

	p.freeze = &widget.Button{Text: "Freeze", Icon: theme.MediaPauseIcon()}
	p.count = &widget.Label{}
	p.filterErr = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	p.filterErr.Hide()
	p.empty = &widget.Label{Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	p.empty.Hide()

	p.scrub = &widget.Slider{Min: 0, Max: 1, Step: 1, Orientation: widget.Horizontal}
	p.scrub.OnChanged = func(v float64) {
		if !p.syncing && p.onScrub != nil {
			p.onScrub(int(v + 0.5))
		}
	}
	p.scrub.ExtendBaseWidget(p.scrub)
	p.scrubLabel = &widget.Label{}
	p.scrubRow = container.NewBorder(nil, nil,
		&widget.Label{Text: "Frozen. Scrub back:", Importance: widget.WarningImportance}, p.scrubLabel, p.scrub)
	p.scrubRow.Hide()

	tools := container.NewHBox(p.threads, p.kernel, p.tree, widget.NewSeparator(),
		&widget.Label{Text: "Refresh"}, p.interval, p.freeze)
	// The count says why rows are hidden, which takes more room than the tool row has at
	// presentation size; it gets a line of its own, shared with the scrub slider when frozen.
	info := container.NewBorder(nil, nil, p.count, nil, p.scrubRow)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, tools, p.filter), p.filterErr, info)
	// The table never shows an empty grid without a word: the label over it says why.
	tbl := container.NewStack(container.New(&widgets.FitWidth{Fit: table.fitColumns}, table), container.NewVBox(layout.NewSpacer(), p.empty, layout.NewSpacer()))
	p.split = container.NewHSplit(tbl, detail.content)
	p.split.Offset = 0.64
	p.content = container.NewBorder(top, nil, nil, nil, p.split)
	return p
}

// present follows presentation mode: large text needs the room more than the detail pane does.
func (p *processesTab) present(on bool) {
	offset := 0.64
	if on {
		offset = 0.78
	}
	p.split.SetOffset(offset)
}

// showCount says how many processes the table shows and why the others are hidden, and,
// when none is left, says so over the empty table.
func (p *processesTab) showCount(r *model.RowModel, filter string) {
	widgets.SetText(p.count, countText(r.Shown, r.Total, r.KernelHidden, filter))
	empty := ""
	switch {
	case r.Shown > 0 || r.Snap == nil:
	case filter != "" && r.KernelMatching > 0:
		empty = fmt.Sprintf("No process matches '%s'.\n%s match it: tick Kernel threads to see them.",
			filter, model.Plural(r.KernelMatching, "kernel thread", "kernel threads"))
	case filter != "":
		empty = fmt.Sprintf("No process matches '%s'.\nSearch by name, PID, thread name or user; Escape clears the filter.", filter)
	default:
		empty = "No processes to show."
	}
	widgets.SetText(p.empty, empty)
	if (empty == "") != p.empty.Hidden {
		p.empty.Hidden = empty == ""
		p.empty.Refresh()
	}
}

// countText is the count label: how many processes are shown of how many, and what hides the
// rest: "4 of 90 processes · 57 kernel threads hidden · 29 not matching 'fire'".
func countText(shown, total, kernelHidden int, filter string) string {
	if shown == total {
		return model.Plural(total, "process", "processes")
	}
	s := fmt.Sprintf("%d of %d processes", shown, total)
	if kernelHidden > 0 {
		s += " · " + model.Plural(kernelHidden, "kernel thread", "kernel threads") + " hidden"
	}
	if n := total - shown - kernelHidden; n > 0 && filter != "" {
		s += fmt.Sprintf(" · %d not matching '%s'", n, filter)
	}
	return s
}

// syncScrub puts the slider on the displayed snapshot within the history, which moves on while
// frozen: samples are added at the end and trimmed at the start.
func (p *processesTab) syncScrub(h *model.History, cur *inspect.Snapshot) {
	n := h.Len()
	idx := h.Index(cur)
	if idx < 0 {
		idx = max(n-1, 0)
	}
	p.syncing = true
	p.scrub.Max = float64(max(n-1, 1))
	p.scrub.Value = float64(idx)
	p.scrub.Refresh()
	p.syncing = false
	if cur != nil && n > 0 {
		ago := h.At(n - 1).Taken.Sub(cur.Taken).Round(1e9)
		widgets.SetText(p.scrubLabel, fmt.Sprintf("%s  (%s ago)", cur.Taken.Format("15:04:05"), ago))
	}
}

// setFrozen shows the freeze state on the button and the scrub row.
func (p *processesTab) setFrozen(on bool) {
	if on {
		p.freeze.SetText("Live")
		p.freeze.SetIcon(theme.MediaPlayIcon())
		p.freeze.Importance = widget.WarningImportance
		p.scrubRow.Show()
	} else {
		p.freeze.SetText("Freeze")
		p.freeze.SetIcon(theme.MediaPauseIcon())
		p.freeze.Importance = widget.MediumImportance
		p.scrubRow.Hide()
	}
	p.freeze.Refresh()
}

// showFilterError shows msg under the filter box, or hides the line when msg is empty.
func (p *processesTab) showFilterError(msg string) {
	widgets.SetText(p.filterErr, msg)
	widgets.SetVisible(p.filterErr, msg != "")
}
