package ui

import (
	"errors"
	"fmt"
	"image/png"
	"io"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
	claimstab "github.com/taskscope/taskscope/ui/claims"
	"github.com/taskscope/taskscope/ui/cores"
	"github.com/taskscope/taskscope/ui/demotab"
	"github.com/taskscope/taskscope/ui/model"
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
	procs  *processesTab
	table  *procTable
	detail *detailPane
	status *widget.Label
	// frozen is the banner over every tab while the display is held.
	frozen   *widget.Label
	tabs     *container.AppTabs
	demos    *demotab.Tab
	menus    *menus
	timeline *timeline.Tab
	// dialog is the modal dialog on screen, which takes the keyboard; nil when none.
	dialog *modal
	rec    *recordingUI // File → Record, Open recording…, Export trace… (recording.go)
	lesson *lessonUI    // the lesson view over the window, when one is open (lesson.go)
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
	// The theme is set before any widget of the window is laid out. Set only later, after
	// SetContent, widgets drawn before the driver runs keep the default theme's text size
	// (smaller than presentation's) until each happens to be refreshed.
	a.Settings().SetTheme(widgets.ThemeFor(m.presentation))
	m.win = a.NewWindow("Taskscope")

	m.header = newHeader()
	m.table = newProcTable()
	m.detail = newDetailPane(m.askSignal)
	m.detail.onTrace = m.traceSelected
	m.detail.sched.onPin, m.detail.sched.onNice = m.pinSelected, m.reniceSelected
	m.status = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	m.status.Hide()
	// Truncated, not wider than the screen, should a projector be narrower than the text.
	m.frozen = &widget.Label{Importance: widget.WarningImportance, TextStyle: fyne.TextStyle{Bold: true}, Alignment: fyne.TextAlignCenter,
		Truncation: fyne.TextTruncateEllipsis}
	m.frozen.Hide()
	m.procs = newProcessesTab(m.table, m.detail, m.interval)
	m.demos = demotab.New(m.st)
	m.timeline = timeline.New(m.st, m.win)
	m.tabs = container.NewAppTabs(
		container.NewTabItem("Processes", widgets.NewTabPage(m.procs.content)),
		container.NewTabItem("Cores", widgets.NewTabPage(cores.New(m.st))),
		container.NewTabItem("Demos", widgets.NewTabPage(m.demos.Content())),
		container.NewTabItem("Timeline", widgets.NewTabPage(m.timeline.Content())),
		container.NewTabItem("Claims", widgets.NewTabPage(claimstab.New(m.st))),
	)
	// A link to a demo card from another tab (Claims) brings up the Demos tab at that card.
	m.st.OnShowDemo(func(name string) {
		m.tabs.SelectIndex(slices.Index(tabNames, "demos"))
		m.demos.ShowCard(name)
	})
	if i := slices.Index(tabNames, o.tab); i >= 0 {
		m.tabs.SelectIndex(i)
	}
	// The last card shown comes back, unless the command line names one.
	card := o.card
	if card == "" {
		card = a.Preferences().String(prefDemoCard)
	}
	m.demos.ShowCard(card)
	m.demos.OnCardShown(func(name string) { a.Preferences().SetString(prefDemoCard, name) })
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
	m.openLessonFile(o.lesson, o.lessonStep)
	return m
}

// wire connects the widgets and the view state's notifications to the window.
func (m *mainWindow) wire() {
	m.st.Subscribe(func(s *inspect.Snapshot) { m.header.show(s, m.st.History()) })
	m.table.onSelect = func(r model.Row) { m.st.SelectProcess(r.Proc) }
	m.table.onSort = m.sortBy
	m.table.onEnter = func(r model.Row) {
		if r.TogglesRuntime() {
			m.toggleRuntime(r.Proc)
		} else {
			m.toggleExpanded(r.Proc)
		}
	}
	m.table.onUnfold = m.toggleRuntime
	m.table.onKey = m.windowKey
	m.table.modal = m.dialogKey
	p := m.procs
	p.filter.Text = m.opts.Filter
	p.filter.OnChanged = m.st.SetFilter
	p.filter.onKey = m.windowKey
	p.filter.modal = m.dialogKey
	p.filter.onDown = func() { m.win.Canvas().Focus(m.table) }
	p.threads.OnChanged = func(on bool) { m.setTable(func(t *model.TableSettings) { t.Threads = on }) }
	p.kernel.OnChanged = func(on bool) { m.setTable(func(t *model.TableSettings) { t.Kernel = on }) }
	p.tree.OnChanged = func(on bool) { m.setTable(func(t *model.TableSettings) { t.Tree = on }) }
	p.interval.OnChanged = func(s string) { m.setInterval(intervals[slices.Index(intervalLabels, s)]) }
	p.freeze.OnTapped = m.toggleFreeze
	p.onScrub = func(i int) {
		if s := m.st.History().At(i); m.st.Frozen() && s != nil && s != m.st.Current() {
			o := m.opts
			m.work.Post(func(w *model.Worker) { w.Rebuild(s, o) })
		}
	}
	m.st.OnSelection(func(k inspect.TaskKey) {
		if !m.table.hasSel || m.table.sel != k {
			m.table.selectKey(k, 0)
		}
		m.setStatus("")
		m.work.Post(func(w *model.Worker) { w.SelectProcess(k, true) })
	})
	m.st.OnFilter(func(s string) {
		if p.filter.Text != s {
			p.filter.SetText(s)
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
		m.table.setModel(f.Rows)
		noteFirstFrame()
		m.procs.showCount(f.Rows, m.opts.Filter)
		m.st.PublishShown(f.Snap)
	}
	if m.st.Frozen() {
		m.procs.syncScrub(m.st.History(), m.st.Current())
		m.showFrozen()
	}
	if k, ok := m.st.Selection(); ok && f.Detail != nil && f.Detail.Key == k {
		m.detail.show(f.Detail)
		if at, ended := m.detail.ended(); ended {
			m.setStatus(fmt.Sprintf("process %d ended at %s", k.ID, at.Format("15:04:05")))
		}
	}
	m.detail.showMemory(f.Mem)
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
	m.procs.setFrozen(on)
	m.showFrozen()
	if on {
		m.procs.syncScrub(m.st.History(), m.st.Current())
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
	}{{m.procs.threads, t.Threads}, {m.procs.kernel, t.Kernel}, {m.procs.tree, t.Tree}} {
		if c.box.Checked != c.on {
			c.box.Checked = c.on
			c.box.Refresh()
		}
	}
	if l := intervalLabel(m.interval); m.procs.interval.Selected != l {
		m.procs.interval.Selected = l
		m.procs.interval.Refresh()
	}
	m.table.setSort(t.SortCol, t.Desc)
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
	m.table.setColumnWidths(th)
	m.table.restyle()
	m.procs.present(on)
	m.detail.present(on)
	m.header.present(on)
	// The menu bar takes a line of a projector's few; in presentation mode every action keeps
	// its key (see README), and Escape or Ctrl+P brings the menus back.
	if on {
		m.win.SetMainMenu(nil)
	} else if m.menus != nil {
		m.win.SetMainMenu(m.menus.main)
	}
	setThreadColumnWidths(m.detail.threads, th)
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
	case fyne.KeyF5:
		m.openLessonFile("builtin", "")
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

// showTab shows the i-th tab (Ctrl+1…).
func (m *mainWindow) showTab(i int) {
	if i >= 0 && i < len(m.tabs.Items) {
		m.tabs.SelectIndex(i)
	}
}

// showCard shows the Demos tab with its i-th card (Alt+1…).
func (m *mainWindow) showCard(i int) {
	m.tabs.SelectIndex(slices.Index(tabNames, "demos"))
	m.demos.ShowCardAt(i)
}

// launchShown and stopShown launch and stop the demo card on screen (Ctrl+L, Ctrl+K), showing
// the Demos tab first so the class sees what starts.
func (m *mainWindow) launchShown() {
	m.tabs.SelectIndex(slices.Index(tabNames, "demos"))
	m.demos.LaunchShown()
}

func (m *mainWindow) stopShown() { m.demos.StopShown() }

// focusFilter puts the cursor in the filter box (Ctrl+F), on the Processes tab.
func (m *mainWindow) focusFilter() {
	m.tabs.SelectIndex(0)
	m.win.Canvas().Focus(m.procs.filter)
}

// exportPNG saves the window as it is drawn now. The picture is taken before the save dialog
// opens, so the dialog is not in it.
func (m *mainWindow) exportPNG() {
	img := captureWindow(m.win)
	m.saveAs("png", func(w io.Writer) error { return png.Encode(w, img) })
}

// exportSnapshot saves the displayed snapshot (the frozen one while frozen) as JSON or CSV,
// in the formats `taskscope snapshot` prints.
func (m *mainWindow) exportSnapshot(kind string) {
	s := m.st.Current()
	if s == nil {
		m.modal(showMessage(m.win, "Nothing to export", "No sample has been taken yet."), nil)
		return
	}
	write := inspect.WriteJSON
	if kind == "csv" {
		write = inspect.WriteCSV
	}
	m.saveAs(kind, func(w io.Writer) error { return write(w, s) })
}

// saveAs asks where to save, then writes with write and reports the outcome.
func (m *mainWindow) saveAs(ext string, write func(io.Writer) error) {
	showSave(m.win, ext, exportName(m.st.Current(), ext), write, func(path string, err error) {
		if err != nil {
			m.modal(showError(m.win, fmt.Errorf("%s export not saved: %w", strings.ToUpper(ext), err)), nil)
			return
		}
		m.setStatus("Saved " + path)
	})
}

// askSignal confirms, then has the worker send the signal (the start-time check reads /proc,
// so it runs there), then reports the outcome.
func (m *mainWindow) askSignal(s model.SignalChoice) {
	k, ok := m.st.Selection()
	d := m.detail.model
	if !ok || d == nil || !d.Found {
		return
	}
	if d.Refusal != "" {
		m.modal(showMessage(m.win, "Not sent", d.Refusal), nil)
		return
	}
	who := d.Title
	msg := fmt.Sprintf("Send %s to %s?\n\n%s %s", s.Name, who, s.Name, s.Explain)
	c := showConfirm(m.win, "Send "+s.Name+"?", msg, "Send "+s.Name, func() {
		m.work.Post(func(w *model.Worker) {
			err := w.Signal(k, s.Sig)
			w.Reply(func() {
				text := model.SignalMessage(err, s, who)
				if err != nil {
					m.modal(showError(m.win, errors.New(text)), nil)
				}
				m.setStatus(text)
			})
		})
	})
	m.modal(c, c.Confirm)
}

// modal records d as the dialog on screen, whose keys dialogKey handles: confirm runs on
// Enter (nil: Enter closes it, as OK would), Escape closes it. Focus leaves the widgets behind
// it, so typing cannot reach them.
func (m *mainWindow) modal(d dialog.Dialog, confirm func()) {
	m.dialog = &modal{d: d, confirm: confirm}
	m.win.Canvas().Unfocus()
}

// modal is a dialog that takes the keyboard.
type modal struct {
	d       dialog.Dialog
	confirm func()
}

// dialogKey gives a key to the dialog on screen, if there is one, and reports whether it did.
func (m *mainWindow) dialogKey(e *fyne.KeyEvent) bool {
	if m.dialog == nil {
		return false
	}
	if m.win.Canvas().Overlays().Top() == nil {
		m.dialog = nil // closed by its own buttons
		return false
	}
	d := m.dialog
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		m.dialog = nil
		if d.confirm != nil {
			d.confirm()
		} else {
			d.d.Hide()
		}
	case fyne.KeyEscape:
		m.dialog = nil
		d.d.Hide()
	}
	return true
}
