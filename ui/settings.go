package ui

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/processes"
	"github.com/taskscope/taskscope/ui/widgets"
)

// Preference keys. They are part of what users keep between versions: do not rename them.
const (
	prefInterval     = "refresh.interval_ms"
	prefSortColumn   = "table.sort_column"
	prefSortDesc     = "table.sort_descending"
	prefThreads      = "table.show_threads"
	prefKernel       = "table.show_kernel_threads"
	prefTree         = "table.tree"
	prefGroupApps    = "table.group_apps"
	prefPresentation = "view.presentation"
	prefDemoCard     = "demos.card"
)

// loadPrefs reads the choices that persist between runs. Each is kept in exactly one place
// while the window runs (the table settings in its Options, the interval and presentation
// mode in fields of their own); widgets and menu items only show them.
func loadPrefs(p fyne.Preferences) (t model.TableSettings, interval time.Duration, presentation bool) {
	t = model.TableSettings{
		SortCol: model.Column(p.IntWithFallback(prefSortColumn, int(model.ColCPU))),
		Desc:    p.BoolWithFallback(prefSortDesc, true),
		Threads: p.Bool(prefThreads),
		Kernel:  p.Bool(prefKernel),
		Tree:    p.Bool(prefTree),
	}
	t.GroupApps = p.Bool(prefGroupApps)
	if t.SortCol < 0 || t.SortCol >= model.NumCols {
		t.SortCol = model.ColCPU
	}
	interval = time.Duration(p.IntWithFallback(prefInterval, 1000)) * time.Millisecond
	if !slices.Contains(processes.Intervals, interval) {
		interval = time.Second
	}
	return t, interval, p.Bool(prefPresentation)
}

// savePrefs writes them back.
func savePrefs(p fyne.Preferences, t model.TableSettings, interval time.Duration, presentation bool) {
	p.SetInt(prefInterval, int(interval/time.Millisecond))
	p.SetInt(prefSortColumn, int(t.SortCol))
	p.SetBool(prefSortDesc, t.Desc)
	p.SetBool(prefThreads, t.Threads)
	p.SetBool(prefKernel, t.Kernel)
	p.SetBool(prefTree, t.Tree)
	p.SetBool(prefGroupApps, t.GroupApps)
	p.SetBool(prefPresentation, presentation)
}

// The settings the window keeps (table, interval, presentation) change through these methods
// only, the same paths for check boxes, menu items, keys and column headers.

// changeOptions edits the view options and has the worker rebuild the rows for them, from the
// displayed snapshot when frozen, else from the newest.
func (m *mainWindow) changeOptions(edit func(o *model.Options)) {
	edit(&m.opts)
	m.opts.Version++
	o := m.opts
	var target *inspect.Snapshot
	if m.st.Frozen() {
		target = m.st.Current()
	}
	m.work.Post(func(w *model.Worker) { w.Rebuild(target, o) })
}

// setTable changes one of the table's settings: the one path for check boxes, menu items and
// column headers alike. It saves the settings and brings every control showing them in line.
func (m *mainWindow) setTable(edit func(t *model.TableSettings)) {
	t := m.opts.TableSettings
	edit(&t)
	if t == m.opts.TableSettings {
		return
	}
	m.changeOptions(func(o *model.Options) { o.TableSettings = t })
	m.saveSettings()
	m.syncControls()
}

func (m *mainWindow) sortBy(c model.Column) {
	m.setTable(func(t *model.TableSettings) {
		desc := c.Numeric()
		if c == t.SortCol {
			desc = !t.Desc
		}
		t.SortCol, t.Desc = c, desc
	})
}

// toggleExpanded shows or hides one process's threads (Enter), copying the set so the worker's
// copy is never written.
func (m *mainWindow) toggleExpanded(k inspect.TaskKey) {
	m.changeOptions(func(o *model.Options) { o.Expanded = toggled(o.Expanded, k) })
}

// toggleRuntime unfolds or folds one process's Go runtime threads (Enter on their row, or a
// tap on the folded row).
func (m *mainWindow) toggleRuntime(k inspect.TaskKey) {
	m.changeOptions(func(o *model.Options) { o.RuntimeOpen = toggled(o.RuntimeOpen, k) })
}

// toggled is a copy of set with k added or taken out, so the worker's copy is never written.
func toggled(set map[inspect.TaskKey]bool, k inspect.TaskKey) map[inspect.TaskKey]bool {
	e := make(map[inspect.TaskKey]bool, len(set)+1)
	for key, v := range set {
		e[key] = v
	}
	if e[k] {
		delete(e, k)
	} else {
		e[k] = true
	}
	return e
}

func (m *mainWindow) setInterval(d time.Duration) {
	if d == m.interval {
		return
	}
	m.interval = d
	m.saveSettings()
	m.work.Post(func(w *model.Worker) { w.SetInterval(d) })
	m.syncControls()
}

// toggleFreeze holds or releases the display (Space). Sampling goes on either way.
func (m *mainWindow) toggleFreeze() {
	on := !m.st.Frozen()
	m.st.SetFrozen(on)
	m.work.Post(func(w *model.Worker) { w.SetFrozen(on) })
	m.procs.SetFrozen(on)
	m.showFrozen()
	if on {
		m.procs.SyncScrub(m.st.History(), m.st.Current())
	} else {
		o := m.opts
		m.work.Post(func(w *model.Worker) { w.Rebuild(nil, o) })
	}
	m.syncControls()
}

// showFrozen shows, over every tab, that the display is held and at what time, or hides the
// banner when it is live.
func (m *mainWindow) showFrozen() {
	on := m.st.Frozen()
	if s := m.st.Current(); on && s != nil {
		widgets.SetText(m.frozen, "Frozen at "+s.Taken.Format("15:04:05")+": views and demo cards held; sampling and demos go on. Space: live.")
	}
	widgets.SetVisibleIn(m.frame, m.frozen, on)
}

// syncControls makes every control that shows a setting show its one stored value: the check
// boxes, the interval selector, the sort arrows and the menu's check marks.
func (m *mainWindow) syncControls() {
	t := m.opts.TableSettings
	for _, c := range []struct {
		box *widget.Check
		on  bool
	}{{m.procs.Threads, t.Threads}, {m.procs.Kernel, t.Kernel}, {m.procs.Tree, t.Tree}} {
		if c.box.Checked != c.on {
			c.box.Checked = c.on
			c.box.Refresh()
		}
	}
	if l := processes.IntervalLabel(m.interval); m.procs.Interval.Selected != l {
		m.procs.Interval.Selected = l
		m.procs.Interval.Refresh()
	}
	m.table.SetSort(t.SortCol, t.Desc)
	m.menus.sync(menuState{frozen: m.st.Frozen(), presentation: m.presentation, fullscreen: m.fullscreen,
		table: t, interval: m.interval})
}

func (m *mainWindow) saveSettings() {
	savePrefs(m.app.Preferences(), m.opts.TableSettings, m.interval, m.presentation)
}

func (m *mainWindow) togglePresentation() {
	m.applyPresentation(!m.presentation)
	m.saveSettings()
}
