package ui

import (
	"fmt"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/demotab"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/processes"
	"github.com/taskscope/taskscope/ui/timeline"
	"github.com/taskscope/taskscope/ui/widgets"
)

// appID is the application ID; FyneApp.toml holds the same. Preferences are stored under it.
const appID = "io.github.taskscope.Taskscope"

// mainWindow is the main window: header, the tabs and a status line, and the wiring between
// them, the view state and the worker. Every method runs on the UI goroutine.
type mainWindow struct {
	app  fyne.App
	win  fyne.Window
	st   *model.State
	work *model.Worker
	// opts is the one copy of the table's settings (and filter, expanded processes, marks);
	// each change bumps its version and is sent to the worker, which builds rows for it.
	opts         model.Options
	interval     time.Duration
	presentation bool
	fullscreen   bool

	header *header
	procs  *processes.Tab
	table  *processes.Table
	detail *processes.Detail
	status *widget.Label
	// frozen is the banner over every tab while the display is held.
	frozen *widget.Label
	tabs   *container.AppTabs
	// pages are the tabs' contents, in tabTable's order; nil until the tab is first shown.
	pages []fyne.CanvasObject
	// demosOff stands in for the Demos tab while a recording is shown.
	demosOff fyne.CanvasObject
	// demos and timeline are built on first use (demoTab, timelineTab), which may come before
	// their tab is shown: a key acting on a card, a program run, a recording opened.
	demos     *demotab.Tab
	timeline  *timeline.Tab
	startCard string // --tab demos/CARD
	menus     *menus
	// dialog is the modal dialog on screen, which takes the keyboard; nil when none.
	dialog *modal
	rec    *recordingUI // File → Record, Open recording…, Export trace… (recording.go)
}

// newMainWindow builds the window around a source of snapshots. It does not start sampling:
// run starts the worker; tests drive it by hand.
func newMainWindow(a fyne.App, src model.Source, o options, ro runOptions) *mainWindow {
	m := &mainWindow{app: a}
	table, interval, presentation := loadPrefs(a.Preferences())
	m.interval, m.presentation = interval, presentation || o.presentation
	m.opts = model.Options{Version: 1, TableSettings: table, Filter: o.filter}
	m.work = model.NewWorker(src, m.interval, m.opts, func(f model.Frame) {
		fyne.Do(func() { m.apply(f) })
	})
	if ro.prefetch {
		// Read /proc while the window is built and opened (half a second under load): the
		// first rows are then ready as soon as the window can show them.
		m.work.Prefetch()
	}
	m.st = model.NewState()
	m.st.Attach(m.work)
	m.st.SetFilter(o.filter)
	// This machine, until a recording or a remote agent says otherwise; only a live source
	// knows which of its processes is this app.
	m.st.SetSourceInfo(model.SourceInfo{Kind: model.SourceLive, Self: model.SelfOf(src)})
	// The theme is set before any widget of the window is laid out. Set only later, after
	// SetContent, widgets drawn before the driver runs keep the default theme's text size
	// (smaller than presentation's) until each happens to be refreshed.
	a.Settings().SetTheme(widgets.ThemeFor(m.presentation))
	m.win = a.NewWindow("Taskscope")

	m.header = newHeader()
	m.table = processes.NewTable()
	m.detail = processes.NewDetail(m.askSignal)
	m.detail.OnTrace = m.traceSelected
	m.detail.Sched.OnPin, m.detail.Sched.OnNice = m.pinSelected, m.reniceSelected
	m.status = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	m.status.Hide()
	// Truncated, not wider than the screen, should a projector be narrower than the text.
	m.frozen = &widget.Label{Importance: widget.WarningImportance, TextStyle: fyne.TextStyle{Bold: true}, Alignment: fyne.TextAlignCenter,
		Truncation: fyne.TextTruncateEllipsis}
	m.frozen.Hide()
	m.procs = processes.New(m.table, m.detail, m.interval)
	m.startCard = o.card
	// Only the start tab is built now; every other tab is built the first time it is shown,
	// and until then costs no widgets and no subscriptions to the view state.
	m.newTabs()
	// A link to a demo card from another tab (Claims) brings up the Demos tab at that card.
	m.st.OnShowDemo(func(name string) {
		m.selectTab("demos")
		m.demoTab().ShowCard(name)
	})
	start := max(tabIndex(o.tab), 0)
	m.tabs.SelectIndex(start)
	m.fillTab(start)
	if demotab.BuiltForSoak {
		m.demoTab() // the soak loop runs in the Demos tab, whichever tab is on screen
	}
	m.win.SetContent(container.NewBorder(container.NewVBox(m.header.box, m.frozen), m.status, nil, nil, m.tabs))
	m.rec = newRecordingUI(m)
	m.menus = newMenus(m)
	m.bindKeys()
	m.wire()
	m.syncControls()
	m.rec.startWith(src)
	m.win.Resize(windowSize)
	m.applyPresentation(m.presentation)
	m.startProgram(o.program)
	return m
}

// wire connects the widgets and the view state's notifications to the window.
func (m *mainWindow) wire() {
	m.st.Subscribe(func(s *inspect.Snapshot) { m.header.show(s, m.st.History()) })
	m.table.OnSelect = func(r model.Row) { m.st.SelectProcess(r.Proc) }
	m.table.OnSort = m.sortBy
	m.table.OnEnter = func(r model.Row) {
		if r.TogglesRuntime() {
			m.toggleRuntime(r.Proc)
		} else {
			m.toggleExpanded(r.Proc)
		}
	}
	m.table.OnUnfold = m.toggleRuntime
	m.table.OnKey = m.windowKey
	m.table.Modal = m.dialogKey
	p := m.procs
	p.Filter.Text = m.opts.Filter
	p.Filter.OnChanged = m.st.SetFilter
	p.Filter.OnKey = m.windowKey
	p.Filter.Modal = m.dialogKey
	p.Filter.OnDown = func() { m.win.Canvas().Focus(m.table) }
	p.Threads.OnChanged = func(on bool) { m.setTable(func(t *model.TableSettings) { t.Threads = on }) }
	p.Kernel.OnChanged = func(on bool) { m.setTable(func(t *model.TableSettings) { t.Kernel = on }) }
	p.Tree.OnChanged = func(on bool) { m.setTable(func(t *model.TableSettings) { t.Tree = on }) }
	p.Interval.OnChanged = func(s string) { m.setInterval(processes.Intervals[slices.Index(processes.IntervalLabels, s)]) }
	p.Freeze.OnTapped = m.toggleFreeze
	p.OnScrub = func(i int) {
		if s := m.st.History().At(i); m.st.Frozen() && s != nil && s != m.st.Current() {
			o := m.opts
			m.work.Post(func(w *model.Worker) { w.Rebuild(s, o) })
		}
	}
	m.st.OnSelection(func(k inspect.TaskKey) {
		if !m.table.HasSel || m.table.Sel != k {
			m.table.SelectKey(k, 0)
		}
		m.setStatus("")
		m.work.Post(func(w *model.Worker) { w.SelectProcess(k, true) })
	})
	m.st.OnFilter(func(s string) {
		if p.Filter.Text != s {
			p.Filter.SetText(s)
		}
		m.changeOptions(func(o *model.Options) { o.Filter = s })
	})
	m.st.OnMarks(func(pids map[int]bool) {
		m.changeOptions(func(o *model.Options) { o.Marked = pids })
	})
	m.app.Lifecycle().SetOnStopped(m.st.Quitting)
}

// apply takes a frame from the worker, on the UI goroutine.
func (m *mainWindow) apply(f model.Frame) {
	switch {
	case f.Reply != nil:
		f.Reply()
		return
	case f.Err != nil:
		m.setStatus(sourceErrorText(f.Err))
		return
	case f.Watch != nil:
		m.st.PublishWatch(f.Watch)
		return
	}
	if f.Snap != nil && f.Live {
		m.st.PublishLive(f.Snap)
	}
	// Live frames are not shown while frozen, and rows built for options since changed are
	// dropped: the rebuild for the new options is already on its way.
	if f.Rows != nil && f.Rows.Version == m.opts.Version && !(f.Live && m.st.Frozen()) {
		m.table.SetModel(f.Rows)
		noteFirstFrame()
		m.procs.ShowCount(f.Rows, m.opts.Filter)
		m.st.PublishShown(f.Snap)
	}
	if m.st.Frozen() {
		m.procs.SyncScrub(m.st.History(), m.st.Current())
		m.showFrozen()
	}
	if k, ok := m.st.Selection(); ok && f.Detail != nil && f.Detail.Key == k {
		m.detail.Show(f.Detail)
		if at, ended := m.detail.Ended(); ended {
			m.setStatus(fmt.Sprintf("process %d ended at %s", k.ID, at.Format("15:04:05")))
		}
	}
	m.detail.ShowMemory(f.Mem)
}

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
	widgets.SetVisible(m.frozen, on)
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

// setStatus writes the status line, which takes no room while it has nothing to say.
func (m *mainWindow) setStatus(s string) {
	widgets.SetText(m.status, s)
	widgets.SetVisible(m.status, s != "")
}

func (m *mainWindow) saveSettings() {
	savePrefs(m.app.Preferences(), m.opts.TableSettings, m.interval, m.presentation)
}

func (m *mainWindow) togglePresentation() {
	m.applyPresentation(!m.presentation)
	m.saveSettings()
}

// applyPresentation switches presentation mode: theme, full screen, column widths.
func (m *mainWindow) applyPresentation(on bool) {
	th := widgets.ThemeFor(on)
	m.app.Settings().SetTheme(th)
	m.table.SetColumnWidths(th)
	m.table.Restyle()
	m.procs.Present(on)
	m.detail.Present(on)
	m.header.present(on)
	// The menu bar takes a line of a projector's few; in presentation mode every action keeps
	// its key (see README), and Escape or Ctrl+P brings the menus back.
	if on {
		m.win.SetMainMenu(nil)
	} else if m.menus != nil {
		m.win.SetMainMenu(m.menus.main)
	}
	processes.SetThreadColumnWidths(m.detail.Threads, th)
	m.presentation = on
	m.setFullScreen(on)
	m.st.SetPresentation(on)
}

func (m *mainWindow) setFullScreen(on bool) {
	m.fullscreen = on
	m.win.SetFullScreen(on)
	m.syncControls()
}

// windowKey handles the window-wide keys (see shortcuts.go); it reports whether it used the key.
// While a dialog is open, every key is the dialog's: Enter confirms, Escape cancels, and
// nothing reaches the window behind it.
func (m *mainWindow) windowKey(e *fyne.KeyEvent) bool {
	if m.dialogKey(e) {
		return true
	}
	switch e.Name {
	case fyne.KeySpace:
		m.toggleFreeze()
	case fyne.KeyF11:
		m.setFullScreen(!m.fullscreen)
	case fyne.KeyEscape:
		if m.fullscreen && m.st.Filter() == "" {
			m.setFullScreen(false)
		} else {
			m.st.SetFilter("")
		}
	default:
		return false
	}
	return true
}

func (m *mainWindow) bindKeys() {
	c := m.win.Canvas()
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if m.windowKey(e) {
			return
		}
		// Arrows with nothing focused start moving through the table.
		switch e.Name {
		case fyne.KeyUp, fyne.KeyDown, fyne.KeyPageUp, fyne.KeyPageDown, fyne.KeyHome, fyne.KeyEnd, fyne.KeyReturn:
			c.Focus(m.table)
			m.table.TypedKey(e)
		}
	})
}

// settleOnScreen runs once the window is up: full screen is asked for again (a full screen
// asked for before the window existed was now and then not applied, on an X server without a
// window manager), and a window is made no larger than the screen.
func (m *mainWindow) settleOnScreen() {
	if m.fullscreen {
		m.win.SetFullScreen(true)
		return
	}
	fitToScreen(m.win)
}

// showCard shows the Demos tab with its i-th card (Alt+1…).
func (m *mainWindow) showCard(i int) {
	m.selectTab("demos")
	m.demoTab().ShowCardAt(i)
}

// launchShown and stopShown launch and stop the demo card on screen (Ctrl+L, Ctrl+K), showing
// the Demos tab first so the class sees what starts.
func (m *mainWindow) launchShown() {
	m.selectTab("demos")
	m.demoTab().LaunchShown()
}

func (m *mainWindow) stopShown() {
	if m.demos != nil {
		m.demos.StopShown()
	}
}

// stopAllDemos stops every demo (Ctrl+Shift+K); a Demos tab never built has none running.
func (m *mainWindow) stopAllDemos() {
	if m.demos != nil {
		m.demos.StopAll()
	}
}

// focusFilter puts the cursor in the filter box (Ctrl+F), on the Processes tab.
func (m *mainWindow) focusFilter() {
	m.selectTab("processes")
	m.win.Canvas().Focus(m.procs.Filter)
}
