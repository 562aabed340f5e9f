package ui

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/go-gl/glfw/v3.4/glfw"

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
	// do hands work to the UI goroutine: fyne.Do. A test that drives the window from its own
	// goroutine gives a queue it drains there instead, since Fyne's test driver runs fyne.Do in
	// place, on whichever goroutine calls it (a remote source's, beside the test's own).
	do func(func())
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
	// frame holds the header and the banner over the tabs, and the status line under them; it
	// is laid out again when the banner or the status line appears (widgets.SetVisibleIn).
	frame *fyne.Container
	tabs  *container.AppTabs
	// tabList are the tabs this window offers (tabTable's entries for its command line), in
	// the tab bar's order; pages are their contents, nil until the tab is first shown.
	tabList []tabSpec
	pages   []fyne.CanvasObject
	// demosOff stands in for the Demos tab while a recording made without any demo is shown.
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
	lesson *lessonUI    // the lesson view over the window, when one is open (lesson.go)
}

// newMainWindow builds the window around a source of snapshots. It does not start sampling:
// run starts the worker; tests drive it by hand.
func newMainWindow(a fyne.App, src model.Source, o options, ro runOptions) *mainWindow {
	m := &mainWindow{app: a, do: fyne.Do}
	table, interval, presentation := loadPrefs(a.Preferences())
	if o.group == "app" {
		table.GroupApps = true
	}
	m.interval, m.presentation = interval, presentation || o.presentation
	m.opts = model.Options{Version: 1, TableSettings: table, Filter: o.filter}
	m.work = model.NewWorker(src, m.interval, m.opts, func(f model.Frame) {
		m.do(func() { m.apply(f) })
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
	m.newTabs(o)
	m.offerFleet(ro.fleet, o)
	// Other tabs link to demo cards before the Demos tab is built.
	demotab.OfferCards(m.st)
	// A link to a demo card from another tab (Claims) brings up the Demos tab at that card.
	m.st.OnShowDemo(func(name string) {
		m.selectTab("demos")
		m.demoTab().ShowCard(name)
	})
	start := max(m.tabIndex(startTab(o)), 0)
	m.tabs.SelectIndex(start)
	m.fillTab(start)
	if demotab.BuiltForSoak {
		m.demoTab() // the soak loop runs in the Demos tab, whichever tab is on screen
	}
	m.frame = container.NewBorder(container.NewVBox(m.header.box, m.frozen), m.status, nil, nil, m.tabs)
	m.win.SetContent(m.frame)
	m.rec = newRecordingUI(m)
	m.menus = newMenus(m)
	m.bindKeys()
	m.wire()
	m.syncControls()
	m.rec.startWith(src)
	m.win.Resize(windowSize)
	m.applyPresentation(m.presentation)
	m.startProgram(o.program)
	m.openLessonFile(o.lesson, o.lessonStep)
	return m
}

// wire connects the widgets and the view state's notifications to the window.
func (m *mainWindow) wire() {
	m.st.Subscribe(func(s *inspect.Snapshot) {
		m.header.show(s, m.st.History())
		if s != nil {
			m.procs.ShowDisk(model.DiskTotal(s.Disk), m.presentation)
		}
	})
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
	// SetText, not the field: the entry has drawn itself empty already, and assigning Text
	// would filter by --filter while the box showed only its placeholder.
	p.Filter.SetText(m.opts.Filter)
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
		// A query that does not parse keeps the table as it was and says why under the box.
		apply, msg := model.CheckFilter(s)
		p.ShowFilterError(msg)
		if apply {
			m.changeOptions(func(o *model.Options) { o.Filter = s })
		}
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

// setStatus writes the status line, which takes no room while it has nothing to say.
func (m *mainWindow) setStatus(s string) {
	widgets.SetText(m.status, s)
	widgets.SetVisibleIn(m.frame, m.status, s != "")
}

// applyPresentation switches presentation mode: theme, full screen, column widths.
func (m *mainWindow) applyPresentation(on bool) {
	th := widgets.ThemeFor(on)
	m.app.Settings().SetTheme(th)
	m.table.SetLecture(on)
	m.table.SetColumnWidths(th)
	m.table.Restyle()
	m.procs.Present(on)
	m.detail.Present(on)
	m.header.present(on)
	// The menu bar takes a line of a projector's few; in presentation mode every action keeps
	// its key (see README), and Escape or Ctrl+P brings the menus back.
	if on {
		m.win.SetMainMenu(nil)
		m.reclaimMenuRoom()
	} else if m.menus != nil {
		m.win.SetMainMenu(m.menus.main)
	}
	processes.SetThreadColumnWidths(m.detail.Threads, th)
	m.presentation = on
	m.setFullScreen(on)
	m.st.SetPresentation(on)
}

// reclaimMenuRoom gives the content the menu bar's room once the bar is gone. Fyne moves the
// content up only when the window is next resized; going full screen resizes it where a window
// manager runs, but a window already as large as the screen (an X server without one, as on a
// kiosk projector) kept a blank band where the menus were.
func (m *mainWindow) reclaimMenuRoom() {
	c := m.win.Canvas()
	pad := float32(0)
	if m.win.Padded() {
		pad = theme.Padding()
	}
	c.Content().Move(fyne.NewPos(pad, pad))
	c.Content().Resize(c.Size().Subtract(fyne.NewSquareSize(2 * pad)))
}

func (m *mainWindow) setFullScreen(on bool) {
	m.fullscreen = on
	m.win.SetFullScreen(on)
	m.syncControls()
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

// focusFilter puts the cursor in the filter box (Ctrl+F), on the Processes tab.
func (m *mainWindow) focusFilter() {
	m.selectTab("processes")
	m.win.Canvas().Focus(m.procs.Filter)
}

// windowSize is the size the window opens at on a screen that has room for it.
var windowSize = fyne.NewSize(1280, 800)

// fitToScreen shrinks the window to the primary screen when it opened larger (1280x800 on a
// 720-line projector hid the status line and the table's last rows below the screen's edge).
// Fyne does not say how large the screen is, so GLFW, which it runs on, is asked; this must
// run on the main thread, inside fyne.Do, once the window exists. Where GLFW has no monitor
// (a headless test driver) it does nothing.
func fitToScreen(w fyne.Window) {
	defer recoverGLFW() // no GLFW window system: leave the size as it is
	mon := glfw.GetPrimaryMonitor()
	if mon == nil {
		return
	}
	mode := mon.GetVideoMode()
	if mode == nil {
		return
	}
	scale := w.Canvas().Scale()
	if scale <= 0 {
		scale = 1
	}
	screen := fyne.NewSize(float32(mode.Width)/scale, float32(mode.Height)/scale)
	size := w.Canvas().Size()
	if size.Width <= screen.Width && size.Height <= screen.Height {
		return
	}
	w.Resize(fyne.NewSize(min(size.Width, screen.Width), min(size.Height, screen.Height)))
}

// recoverGLFW, deferred, stops the panic GLFW raises when it has no window system to ask (its
// *glfw.Error, under a test driver): the size is then left as it is. Any other panic is a bug
// and goes on.
func recoverGLFW() {
	r := recover()
	if r == nil {
		return
	}
	var g *glfw.Error
	if err, ok := r.(error); ok && errors.As(err, &g) {
		return
	}
	panic(r)
}
