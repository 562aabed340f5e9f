package processes

import (
	"fmt"
	"slices"
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

// Intervals are the refresh Intervals offered, with their labels.
var Intervals = []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 5 * time.Second}

// IntervalLabels are the labels of Intervals, as the selector and the View menu show them.
var IntervalLabels = []string{"0.5 s", "1 s", "2 s", "5 s"}

// IntervalLabel is the label of d in the interval selector.
func IntervalLabel(d time.Duration) string {
	if i := slices.Index(Intervals, d); i >= 0 {
		return IntervalLabels[i]
	}
	return IntervalLabels[1]
}

// FilterEntry is the filter box. Escape clears it and F11 still reaches the window while
// typing; Down moves into the table so the keyboard never has to leave for the mouse.
type FilterEntry struct {
	widget.Entry
	OnKey  func(*fyne.KeyEvent) bool
	Modal  func(*fyne.KeyEvent) bool // a dialog's keys, asked first: a dialog takes them all
	OnDown func()
}

func newFilterEntry() *FilterEntry {
	e := &FilterEntry{}
	e.PlaceHolder = "Filter: a name, PID or user, or cpu>5 rss>100M app~gnome  (Ctrl+F)"
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey implements fyne.Focusable.
func (e *FilterEntry) TypedKey(k *fyne.KeyEvent) {
	if e.Modal != nil && e.Modal(k) {
		return
	}
	switch k.Name {
	case fyne.KeyEscape:
		e.SetText("")
	case fyne.KeyF11:
		if e.OnKey != nil {
			e.OnKey(k)
		}
	case fyne.KeyDown:
		if e.OnDown != nil {
			e.OnDown()
		}
	default:
		e.Entry.TypedKey(k)
	}
}

// Tab is the Processes tab: a tool row over the table and the detail pane. Its
// controls show settings the window stores; the window wires what they do.
type Tab struct {
	Filter                *FilterEntry
	Threads, Kernel, Tree *widget.Check
	Interval              *widget.Select
	Freeze                *widget.Button
	Scrub                 *widget.Slider
	scrubLabel, Count     *widget.Label
	filterErr             *widget.Label // under the filter box: why the query was not applied
	// disk is the machine's disk traffic at the right of the count line, shown in presentation
	// mode only: there the header leaves out its host line, which has it otherwise.
	disk     *widget.Label
	Empty    *widget.Label // over the table when nothing is shown, says why
	ScrubRow *fyne.Container
	split    *container.Split
	frame    *fyne.Container // Content: the tool lines over the split, laid out again when one appears
	Content  fyne.CanvasObject
	syncing  bool      // set while the code, not the user, moves the slider
	OnScrub  func(int) // the user moved the slider to the i-th kept sample
	// scrubShown is the snapshot the scrub row was last drawn for (see SyncScrub).
	scrubShown *inspect.Snapshot
}

// New lays out the Processes tab around its table and detail pane, with the interval selector
// showing interval.
func New(table *Table, detail *Detail, interval time.Duration) *Tab {
	p := &Tab{Filter: newFilterEntry()}
	p.Threads = &widget.Check{Text: "Threads"}
	p.Kernel = &widget.Check{Text: "Kernel threads"}
	p.Tree = &widget.Check{Text: "Tree"}
	p.Threads.ExtendBaseWidget(p.Threads)
	p.Kernel.ExtendBaseWidget(p.Kernel)
	p.Tree.ExtendBaseWidget(p.Tree)

	p.Interval = &widget.Select{Options: IntervalLabels, Selected: IntervalLabel(interval)}
	p.Interval.ExtendBaseWidget(p.Interval)

	p.Freeze = &widget.Button{Text: "Freeze", Icon: theme.MediaPauseIcon()}
	p.Count = &widget.Label{}
	p.filterErr = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	p.filterErr.Hide()
	p.disk = &widget.Label{Alignment: fyne.TextAlignTrailing}
	p.disk.Hide()
	p.Empty = &widget.Label{Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	p.Empty.Hide()

	p.Scrub = &widget.Slider{Min: 0, Max: 1, Step: 1, Orientation: widget.Horizontal}
	p.Scrub.OnChanged = func(v float64) {
		if !p.syncing && p.OnScrub != nil {
			p.OnScrub(int(v + 0.5))
		}
	}
	p.Scrub.ExtendBaseWidget(p.Scrub)
	p.scrubLabel = &widget.Label{}
	p.ScrubRow = container.NewBorder(nil, nil,
		&widget.Label{Text: "Frozen. Scrub back:", Importance: widget.WarningImportance}, p.scrubLabel, p.Scrub)
	p.ScrubRow.Hide()

	tools := container.NewHBox(p.Threads, p.Kernel, p.Tree, widget.NewSeparator(),
		&widget.Label{Text: "Refresh"}, p.Interval, p.Freeze)
	// The count says why rows are hidden, which takes more room than the tool row has at
	// presentation size; it gets a line of its own. The scrub slider, when frozen, gets the
	// next: beside the count and the disk rates, presentation's large text left the slider no
	// width and made the tab wider than a 1280-pixel screen.
	info := container.NewBorder(nil, nil, p.Count, p.disk)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, tools, p.Filter), p.filterErr, info, p.ScrubRow)
	// The table never shows an empty grid without a word: the label over it says why.
	tbl := container.NewStack(container.New(&widgets.FitWidth{Fit: table.fitColumns}, table), container.NewVBox(layout.NewSpacer(), p.Empty, layout.NewSpacer()))
	p.split = container.NewHSplit(tbl, detail.Content)
	p.split.Offset = tableShare
	p.frame = container.NewBorder(top, nil, nil, nil, p.split)
	p.Content = p.frame
	return p
}

// tableShare is the table's share of the tab's width in normal mode: at 1280 pixels it leaves
// the detail pane room for two buttons a row and the table room for App and the disk rates
// with a Name column wider than a 15-byte command name.
const tableShare = 0.67

// Present follows presentation mode: large text needs the room more than the detail pane does.
func (p *Tab) Present(on bool) {
	offset := tableShare
	if on {
		offset = 0.78
	}
	widgets.SetVisible(p.disk, on && p.disk.Text != "")
	p.split.SetOffset(offset)
}

// ShowCount says how many processes the table shows and why the others are hidden, and,
// when none is left, says so over the empty table.
func (p *Tab) ShowCount(r *model.RowModel, filter string) {
	widgets.SetText(p.Count, countText(r.Shown, r.Total, r.KernelHidden, filter))
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
	widgets.SetText(p.Empty, empty)
	if (empty == "") != p.Empty.Hidden {
		p.Empty.Hidden = empty == ""
		p.Empty.Refresh()
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

// SyncScrub puts the slider on the displayed snapshot within the history, which moves on while
// frozen: samples are added at the end and trimmed at the start. The slider's range follows
// the history at every sample, so a drag lands on the sample under the pointer, but the row is
// redrawn only when what it says changes: another snapshot shown, or its age past a FrozenAge
// step. Fyne repaints the whole window for any refresh, so a held view that redrew its slider
// every second would cost as much as the live one.
func (p *Tab) SyncScrub(h *model.History, cur *inspect.Snapshot) {
	n := h.Len()
	idx := h.Index(cur)
	if idx < 0 {
		idx = max(n-1, 0)
	}
	p.Scrub.Max = float64(max(n-1, 1))
	p.Scrub.Value = float64(idx)
	label := p.scrubLabel.Text
	if cur != nil && n > 0 {
		label = cur.Taken.Format("15:04:05") + " (" + model.FrozenAge(h.At(n-1).Taken.Sub(cur.Taken)) + ")"
	}
	if cur == p.scrubShown && label == p.scrubLabel.Text {
		return
	}
	p.scrubShown = cur
	p.syncing = true
	p.Scrub.Refresh()
	p.syncing = false
	widgets.SetText(p.scrubLabel, label)
}

// SetFrozen shows the freeze state on the button and the scrub row.
func (p *Tab) SetFrozen(on bool) {
	p.scrubShown = nil // the next SyncScrub draws the row afresh
	if on {
		p.Freeze.SetText("Live")
		p.Freeze.SetIcon(theme.MediaPlayIcon())
		p.Freeze.Importance = widget.WarningImportance
	} else {
		p.Freeze.SetText("Freeze")
		p.Freeze.SetIcon(theme.MediaPauseIcon())
		p.Freeze.Importance = widget.MediumImportance
	}
	p.Freeze.Refresh()
	widgets.SetVisibleIn(p.frame, p.ScrubRow, on)
}

// ShowFilterError shows msg under the filter box, or hides the line when msg is empty.
func (p *Tab) ShowFilterError(msg string) {
	widgets.SetText(p.filterErr, msg)
	widgets.SetVisibleIn(p.frame, p.filterErr, msg != "")
}

// FilterError is the text under the filter box, "" when the query applies.
func (p *Tab) FilterError() string {
	if !p.filterErr.Visible() {
		return ""
	}
	return p.filterErr.Text
}

// ShowDisk shows the machine's disk line (model.DiskTotal) on the count line; it stays hidden
// outside presentation mode, and when the line is empty (diskstats unreadable).
func (p *Tab) ShowDisk(line string, presentation bool) {
	widgets.SetText(p.disk, line)
	widgets.SetVisible(p.disk, presentation && line != "")
}

// Disk is the disk line as the count line shows it, "" when hidden.
func (p *Tab) Disk() string {
	if !p.disk.Visible() {
		return ""
	}
	return p.disk.Text
}
