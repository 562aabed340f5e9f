package ui

import (
	"fmt"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// filterEntry is the filter box. Escape clears it and F11 still reaches the window while
// typing; Down moves into the table so the keyboard never has to leave for the mouse.
type filterEntry struct {
	widget.Entry
	onKey  func(*fyne.KeyEvent) bool
	onDown func()
}

func newFilterEntry() *filterEntry {
	e := &filterEntry{}
	e.PlaceHolder = "Filter by name, PID or user  (Ctrl+F)"
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey implements fyne.Focusable.
func (e *filterEntry) TypedKey(k *fyne.KeyEvent) {
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

// processesTab is the Processes tab: a tool row over the table and the detail pane.
type processesTab struct {
	filter                *filterEntry
	threads, kernel, tree *widget.Check
	interval              *widget.Select
	freeze                *widget.Button
	scrub                 *widget.Slider
	scrubLabel, count     *widget.Label
	empty                 *widget.Label // over the table when nothing is shown, says why
	scrubRow              *fyne.Container
	split                 *container.Split
	content               fyne.CanvasObject
	syncing               bool // set while the code, not the user, moves the slider
	m                     *mainWindow
}

func newProcessesTab(m *mainWindow) *processesTab {
	// The theme is set before any widget of the window is laid out. Set only later, after
	// SetContent, widgets drawn before the driver runs keep the default theme's text size
	// (smaller than presentation's) until each happens to be refreshed.
	m.app.Settings().SetTheme(themeFor(m.set.presentation))
	p := &processesTab{m: m, filter: newFilterEntry()}
	p.filter.Text = m.opts.filter
	p.filter.OnChanged = func(s string) { m.hub.setFilter(s) }
	p.filter.onKey = m.windowKey
	p.filter.onDown = func() { m.win.Canvas().Focus(m.table) }

	p.threads = &widget.Check{Text: "Threads", Checked: m.opts.threads, OnChanged: func(on bool) { m.setThreads(on) }}
	p.kernel = &widget.Check{Text: "Kernel threads", Checked: m.opts.kernel, OnChanged: func(on bool) { m.setKernel(on) }}
	p.tree = &widget.Check{Text: "Tree", Checked: m.opts.tree, OnChanged: func(on bool) { m.setTree(on) }}
	p.threads.ExtendBaseWidget(p.threads)
	p.kernel.ExtendBaseWidget(p.kernel)
	p.tree.ExtendBaseWidget(p.tree)

	p.interval = &widget.Select{Options: intervalLabels, Selected: intervalLabel(m.set.interval)}
	p.interval.OnChanged = func(s string) { m.setInterval(intervals[slices.Index(intervalLabels, s)]) }
	p.interval.ExtendBaseWidget(p.interval)

	p.freeze = &widget.Button{Text: "Freeze", Icon: theme.MediaPauseIcon(), OnTapped: m.toggleFreeze}
	p.count = &widget.Label{}
	p.empty = &widget.Label{Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	p.empty.Hide()

	p.scrub = &widget.Slider{Min: 0, Max: 1, Step: 1, Orientation: widget.Horizontal}
	p.scrub.OnChanged = p.scrubbed
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
	top := container.NewVBox(container.NewBorder(nil, nil, nil, tools, p.filter), info)
	// The table never shows an empty grid without a word: the label over it says why.
	table := container.NewStack(m.table, container.NewVBox(layout.NewSpacer(), p.empty, layout.NewSpacer()))
	p.split = container.NewHSplit(table, m.detail.content)
	p.split.Offset = 0.64
	p.content = container.NewBorder(top, nil, nil, nil, p.split)
	return p
}

// showCount says how many processes the table shows and why the others are hidden, and,
// when none is left, says so over the empty table.
func (p *processesTab) showCount(r *rowModel) {
	o := p.m.opts
	kernel, kernelMatching := 0, 0
	if !o.kernel && r.snap != nil {
		for i := range r.snap.Processes {
			if k := &r.snap.Processes[i]; k.KernelThread {
				kernel++
				if o.filter != "" && matches(k, o.filter) {
					kernelMatching++
				}
			}
		}
	}
	setText(p.count, countText(r.shown, r.total, kernel, o.filter))
	empty := ""
	switch {
	case r.shown > 0 || r.snap == nil:
	case o.filter != "" && kernelMatching > 0:
		empty = fmt.Sprintf("No process matches '%s'.\n%s match it: tick Kernel threads to see them.",
			o.filter, plural(kernelMatching, "kernel thread", "kernel threads"))
	case o.filter != "":
		empty = fmt.Sprintf("No process matches '%s'.\nSearch by name, PID, thread name or user; Escape clears the filter.", o.filter)
	default:
		empty = "No processes to show."
	}
	setText(p.empty, empty)
	if (empty == "") != p.empty.Hidden {
		p.empty.Hidden = empty == ""
		p.empty.Refresh()
	}
}

// countText is the count label: how many processes are shown of how many, and what hides the
// rest: "4 of 90 processes · 57 kernel threads hidden · 29 not matching 'fire'".
func countText(shown, total, kernelHidden int, filter string) string {
	if shown == total {
		return plural(total, "process", "processes")
	}
	s := fmt.Sprintf("%d of %d processes", shown, total)
	if kernelHidden > 0 {
		s += " · " + plural(kernelHidden, "kernel thread", "kernel threads") + " hidden"
	}
	if n := total - shown - kernelHidden; n > 0 && filter != "" {
		s += fmt.Sprintf(" · %d not matching '%s'", n, filter)
	}
	return s
}

// syncScrub puts the slider on the displayed snapshot within the history, which moves on while
// frozen: samples are added at the end and trimmed at the start.
func (p *processesTab) syncScrub() {
	h := p.m.hub.hist
	n := h.len()
	cur := p.m.hub.current()
	idx := n - 1
	for i := n - 1; i >= 0; i-- {
		if h.at(i) == cur {
			idx = i
			break
		}
	}
	if idx < 0 {
		idx = 0
	}
	p.syncing = true
	p.scrub.Max = float64(max(n-1, 1))
	p.scrub.Value = float64(idx)
	p.scrub.Refresh()
	p.syncing = false
	if cur != nil && n > 0 {
		ago := h.at(n - 1).Taken.Sub(cur.Taken).Round(1e9)
		setText(p.scrubLabel, fmt.Sprintf("%s  (%s ago)", cur.Taken.Format("15:04:05"), ago))
	}
}

func (p *processesTab) scrubbed(v float64) {
	if p.syncing || !p.m.hub.frozen() {
		return
	}
	s := p.m.hub.hist.at(int(v + 0.5))
	if s == nil || s == p.m.hub.current() {
		return
	}
	o := p.m.opts
	p.m.work.post(func(w *worker) { w.rebuild(s, o) })
}

// setFrozen shows the freeze state on the button and the scrub row.
func (p *processesTab) setFrozen(on bool) {
	if on {
		p.freeze.SetText("Live")
		p.freeze.SetIcon(theme.MediaPlayIcon())
		p.freeze.Importance = widget.WarningImportance
		p.scrubRow.Show()
		p.syncScrub()
	} else {
		p.freeze.SetText("Freeze")
		p.freeze.SetIcon(theme.MediaPauseIcon())
		p.freeze.Importance = widget.MediumImportance
		p.scrubRow.Hide()
	}
	p.freeze.Refresh()
}

// toggleFreeze holds or releases the display (Space). Sampling goes on either way.
func (m *mainWindow) toggleFreeze() {
	on := !m.hub.frozen()
	m.hub.setFrozen(on)
	m.work.post(func(w *worker) { w.setFrozen(on) })
	m.procs.setFrozen(on)
	if !on {
		o := m.opts
		m.work.post(func(w *worker) { w.rebuild(nil, o) })
	}
	m.menus.sync(m)
}

// setThreads and the three below are called by their widgets' OnChanged; menus and keys
// change the widget, so there is one path for each setting.
func (m *mainWindow) setThreads(on bool) {
	m.set.threads = on
	m.saveSettings()
	m.changeOptions(func(o *viewOptions) { o.threads = on })
	m.menus.sync(m)
}

func (m *mainWindow) setKernel(on bool) {
	m.set.kernel = on
	m.saveSettings()
	m.changeOptions(func(o *viewOptions) { o.kernel = on })
	m.menus.sync(m)
}

func (m *mainWindow) setTree(on bool) {
	m.set.tree = on
	m.saveSettings()
	m.changeOptions(func(o *viewOptions) { o.tree = on })
	m.menus.sync(m)
}

func (m *mainWindow) setInterval(d time.Duration) {
	m.set.interval = d
	m.saveSettings()
	m.work.post(func(w *worker) { w.setInterval(d) })
	m.menus.sync(m)
}
