package ui

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
)

// appID is the application ID; FyneApp.toml holds the same. Preferences are stored under it.
const appID = "io.github.taskscope.Taskscope"

// mainWindow is the main window: header, the three tabs and a status line, and the wiring
// between them, the hub and the worker.
type mainWindow struct {
	app      fyne.App
	win      fyne.Window
	hub      *hub
	work     *worker
	procRoot string
	set      settings
	// opts is the UI's copy of the view options; each change bumps its version and is sent
	// to the worker, which builds rows for it.
	opts viewOptions

	header *header
	procs  *processesTab
	table  *procTable
	detail *detailPane
	status *widget.Label
	tabs   *container.AppTabs
	menus  *menus

	fullscreen bool
}

// newMainWindow builds the window around a source of snapshots. It does not start sampling:
// Main runs the worker; tests feed it by hand.
func newMainWindow(a fyne.App, src source, procRoot string, o options) *mainWindow {
	m := &mainWindow{app: a, procRoot: procRoot}
	m.set = loadSettings(a.Preferences())
	if o.presentation {
		m.set.presentation = true
	}
	m.opts = viewOptions{
		version: 1, sortCol: m.set.sortCol, desc: m.set.desc, filter: o.filter,
		threads: m.set.threads, kernel: m.set.kernel, tree: m.set.tree,
	}
	m.work = newWorker(src, m.set.interval, m.opts, func(f frame) {
		fyne.Do(func() { m.apply(f) })
	})
	if _, live := src.(*inspect.Sampler); live {
		// Read /proc while the window is built and opened (half a second under load): the
		// first rows are then ready as soon as the window can show them.
		m.work.prefetch()
	}
	m.win = a.NewWindow("Taskscope")
	m.hub = newHub(m.win)
	m.hub.filterText = o.filter

	m.header = newHeader()
	m.table = newProcTable()
	m.table.sortCol, m.table.desc = m.opts.sortCol, m.opts.desc
	m.detail = newDetailPane(m.askSignal)
	m.status = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	m.procs = newProcessesTab(m)
	m.tabs = container.NewAppTabs(
		container.NewTabItem("Processes", newTabPage(m.procs.content)),
		container.NewTabItem("Cores", newTabPage(newCoresTab(m.hub))),
		container.NewTabItem("Demos", newTabPage(newDemosTab(m.hub))),
	)
	if i := slices.Index(tabNames, o.tab); i >= 0 {
		m.tabs.SelectIndex(i)
	}
	m.win.SetContent(container.NewBorder(m.header.box, m.status, nil, nil, m.tabs))
	m.menus = m.buildMenus()
	m.bindKeys()
	m.wire()
	m.win.Resize(fyne.NewSize(1280, 800))
	m.applyPresentation(m.set.presentation)
	return m
}

// wire connects the hub's notifications to the window's own views.
func (m *mainWindow) wire() {
	m.hub.subscribe(func(s *inspect.Snapshot) { m.header.show(s, m.hub.hist) })
	m.table.onSelect = func(r row) { m.hub.selectProcess(r.proc) }
	m.table.onSort = m.sortBy
	m.table.onEnter = func(r row) { m.toggleExpanded(r.proc) }
	m.table.onKey = m.windowKey
	m.hub.onSelection(func(k inspect.TaskKey, ok bool) {
		if !m.table.hasSel || m.table.sel != k {
			m.table.selectKey(k, 0)
		}
		m.setStatus("")
		m.work.post(func(w *worker) { w.selectProcess(k, ok) })
	})
	m.hub.onFilter(func(s string) {
		if m.procs.filter.Text != s {
			m.procs.filter.SetText(s)
		}
		m.changeOptions(func(o *viewOptions) { o.filter = s })
	})
	m.hub.onMarks(func(pids map[int]bool) {
		m.changeOptions(func(o *viewOptions) { o.marked = pids })
	})
	m.hub.readMemory = func(pids []int, got func(map[int]inspect.MemoryBreakdown)) {
		m.work.post(func(w *worker) {
			mem := w.memoryOfPIDs(pids)
			w.deliver(frame{reply: func() { got(mem) }})
		})
	}
	m.app.Lifecycle().SetOnStopped(m.hub.quitting)
}

// apply takes a frame from the worker, on the Fyne goroutine.
func (m *mainWindow) apply(f frame) {
	if f.reply != nil {
		f.reply()
		return
	}
	if f.err != nil {
		m.setStatus("Could not read /proc: " + f.err.Error())
		return
	}
	if f.snap != nil && f.live {
		m.hub.publishLive(f.snap)
	}
	// Live frames are not shown while frozen, and rows built for options since changed are
	// dropped: the rebuild for the new options is already on its way.
	if f.model != nil && f.model.version == m.opts.version && !(f.live && m.hub.frozen()) {
		m.table.setModel(f.model)
		noteFirstFrame()
		m.procs.showCount(f.model)
		m.hub.publishShown(f.snap)
	}
	if m.hub.frozen() {
		m.procs.syncScrub()
	}
	if k, ok := m.hub.selection(); ok && f.detail != nil && f.detail.key == k {
		m.detail.show(f.detail)
		if at, ended := m.detail.ended(); ended {
			m.setStatus(fmt.Sprintf("process %d ended at %s", k.ID, at.Format("15:04:05")))
		}
	}
	m.detail.showMemory(f.mem)
}

// changeOptions edits the view options and has the worker rebuild the rows for them, from the
// displayed snapshot when frozen, else from the newest.
func (m *mainWindow) changeOptions(edit func(o *viewOptions)) {
	edit(&m.opts)
	m.opts.version++
	o := m.opts
	var target *inspect.Snapshot
	if m.hub.frozen() {
		target = m.hub.current()
	}
	m.work.post(func(w *worker) { w.rebuild(target, o) })
}

func (m *mainWindow) sortBy(c column) {
	desc := c.numeric()
	if c == m.opts.sortCol {
		desc = !m.opts.desc
	}
	m.table.setSort(c, desc)
	m.set.sortCol, m.set.desc = c, desc
	m.saveSettings()
	m.changeOptions(func(o *viewOptions) { o.sortCol, o.desc = c, desc })
}

// toggleExpanded shows or hides one process's threads (Enter), copying the set so the worker's
// copy is never written.
func (m *mainWindow) toggleExpanded(k inspect.TaskKey) {
	m.changeOptions(func(o *viewOptions) {
		e := make(map[inspect.TaskKey]bool, len(o.expanded)+1)
		for key, v := range o.expanded {
			e[key] = v
		}
		if e[k] {
			delete(e, k)
		} else {
			e[k] = true
		}
		o.expanded = e
	})
}

func (m *mainWindow) setStatus(s string) { setText(m.status, s) }

func (m *mainWindow) saveSettings() { m.set.save(m.app.Preferences()) }

// applyPresentation switches presentation mode: theme, full screen, column widths.
func (m *mainWindow) applyPresentation(on bool) {
	th := themeFor(on)
	m.app.Settings().SetTheme(th)
	m.table.setColumnWidths(th)
	// Large text needs the room more than the detail pane does.
	offset := 0.64
	if on {
		offset = 0.7
	}
	m.procs.split.SetOffset(offset)
	setThreadColumnWidths(m.detail.threads, th)
	m.setFullScreen(on)
	m.set.presentation = on
	m.hub.setPresentation(on)
	if m.menus != nil {
		m.menus.sync(m)
	}
}

func (m *mainWindow) setFullScreen(on bool) {
	m.fullscreen = on
	m.win.SetFullScreen(on)
}
