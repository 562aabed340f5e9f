package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/taskscope/taskscope/lesson"
	"github.com/taskscope/taskscope/ui/claimstab"
	"github.com/taskscope/taskscope/ui/cores"
	"github.com/taskscope/taskscope/ui/demotab"
	"github.com/taskscope/taskscope/ui/lessonview"
	"github.com/taskscope/taskscope/ui/timeline"
	"github.com/taskscope/taskscope/ui/widgets"
)

// tabSpec is one tab of the window, written once: --tab takes its name, the tab bar and the
// View menu show its title, Ctrl with its key shows it, and build makes its content the first
// time it is shown.
type tabSpec struct {
	name  string
	title string
	key   fyne.KeyName
	build func(m *mainWindow) fyne.CanvasObject
	// offeredWith, when set, is the flag without which the window does not offer the tab at
	// all (no tab, menu item or key): the Fleet tab is about a Prometheus server, and a window
	// without one would only show an empty tab. offered reads it from the command line.
	offeredWith string
	offered     func(o options) bool
}

// isOffered reports whether the window opened with o has the tab.
func (t tabSpec) isOffered(o options) bool { return t.offered == nil || t.offered(o) }

// tabTable is the window's one table of tabs, in the order of the tab bar. Adding a tab is an
// entry here and its package ui/NAME; flags, menus, keys and the tab bar come from this list.
var tabTable = []tabSpec{
	{name: "processes", title: "Processes", key: fyne.Key1, build: func(m *mainWindow) fyne.CanvasObject { return m.procs.Content }},
	{name: "cores", title: "Cores", key: fyne.Key2, build: func(m *mainWindow) fyne.CanvasObject { return cores.New(m.st) }},
	{name: "demos", title: "Demos", key: fyne.Key3, build: func(m *mainWindow) fyne.CanvasObject { return m.demoTab().Content() }},
	{name: "timeline", title: "Timeline", key: fyne.Key4, build: func(m *mainWindow) fyne.CanvasObject { return m.timelineTab().Content() }},
	{name: "claims", title: "Claims", key: fyne.Key5, build: func(m *mainWindow) fyne.CanvasObject { return claimstab.New(m.st) }},
	{name: "fleet", title: "Fleet", key: fyne.Key6, build: func(m *mainWindow) fyne.CanvasObject { return m.fleetTab() },
		offeredWith: "--prometheus URL", offered: func(o options) bool { return o.prometheus != "" }},
}

// tabNames are the values --tab accepts, in the order the tabs appear.
func tabNames() []string {
	out := make([]string, len(tabTable))
	for i, t := range tabTable {
		out[i] = t.name
	}
	return out
}

// tabConditions says which tabs only some windows have, for --tab's help: "; fleet only with
// --prometheus URL".
func tabConditions() string {
	var b strings.Builder
	for _, t := range tabTable {
		if t.offeredWith != "" {
			fmt.Fprintf(&b, "; %s only with %s", t.name, t.offeredWith)
		}
	}
	return b.String()
}

// specIndex is the place of the tab named name in tabTable, or -1.
func specIndex(name string) int {
	return slices.IndexFunc(tabTable, func(t tabSpec) bool { return t.name == name })
}

// offeredTabs are the entries of tabTable the window opened with o has, in the table's order.
func offeredTabs(o options) []tabSpec {
	var out []tabSpec
	for _, t := range tabTable {
		if t.isOffered(o) {
			out = append(out, t)
		}
	}
	return out
}

// startTab is the tab the window opens on: the one --tab names, else the Fleet tab when
// --prometheus names a fleet (what the user asked to see), else the first.
func startTab(o options) string {
	switch {
	case o.tab != "":
		return o.tab
	case o.prometheus != "":
		return "fleet"
	}
	return tabTable[0].name
}

// tabIndex is the place of the tab named name in this window's tab bar, or -1 (no such tab,
// or one not offered).
func (m *mainWindow) tabIndex(name string) int {
	return slices.IndexFunc(m.tabList, func(t tabSpec) bool { return t.name == name })
}

// newTabs makes the tab bar with every offered tab's title and an empty page: no tab is built yet.
func (m *mainWindow) newTabs(o options) {
	m.tabList = offeredTabs(o)
	items := make([]*container.TabItem, len(m.tabList))
	for i, t := range m.tabList {
		items[i] = container.NewTabItem(t.title, container.NewStack())
	}
	m.pages = make([]fyne.CanvasObject, len(m.tabList))
	m.tabs = container.NewAppTabs(items...)
	m.tabs.OnSelected = func(*container.TabItem) { m.fillTab(m.tabs.SelectedIndex()) }
}

// selectTab brings the tab named name on screen, building it if it is shown for the first time.
func (m *mainWindow) selectTab(name string) {
	if i := m.tabIndex(name); i >= 0 {
		m.showTab(i)
	}
}

// showTab shows the i-th tab (Ctrl+1…), building it if it is shown for the first time.
func (m *mainWindow) showTab(i int) {
	if i < 0 || i >= len(m.tabs.Items) {
		return
	}
	m.tabs.SelectIndex(i)
	m.fillTab(i) // SelectIndex calls OnSelected only when the tab changes
}

// fillTab puts the i-th tab's content in its place: built on first use, or, while a recording
// is shown, the Demos tab's read-only cards of that recording.
func (m *mainWindow) fillTab(i int) {
	if i < 0 || i >= len(m.tabList) {
		return
	}
	var want fyne.CanvasObject
	if rp := m.st.Replaying(); m.tabList[i].name == "demos" && rp != nil {
		want = m.rec.demosPage(rp)
	} else {
		if m.pages[i] == nil {
			m.pages[i] = widgets.NewTabPage(m.tabList[i].build(m))
		}
		want = m.pages[i]
	}
	if m.tabs.Items[i].Content != want {
		m.tabs.Items[i].Content = want
		m.tabs.Refresh()
	}
}

// refillTab puts the tab named name back in step after a change of what it can show (a
// recording opened or left): its page or note if it is built or on screen, else the empty
// page it has until first shown.
func (m *mainWindow) refillTab(name string) {
	i := m.tabIndex(name)
	if i < 0 {
		return
	}
	if m.pages[i] != nil || m.tabs.SelectedIndex() == i {
		m.fillTab(i)
		return
	}
	m.tabs.Items[i].Content = container.NewStack()
	m.tabs.Refresh()
}

// demoTab is the Demos tab, built on first use: when shown, or when a key or menu item acts on
// its cards.
func (m *mainWindow) demoTab() *demotab.Tab {
	if m.demos == nil {
		m.demos = demotab.New(m.st)
		// The last card shown comes back, unless the command line names one.
		card := m.startCard
		if card == "" {
			card = m.app.Preferences().String(prefDemoCard)
		}
		if !m.demos.ShowCard(card) {
			m.demos.ShowCardAt(0)
		}
		m.demos.OnCardShown(func(name string) { m.app.Preferences().SetString(prefDemoCard, name) })
	}
	return m.demos
}

// timelineTab is the Timeline tab, built on first use: when shown, when a program is run or
// traced, or when a recording is opened (its trace drawn on the Cores lanes comes from there).
func (m *mainWindow) timelineTab() *timeline.Tab {
	if m.timeline == nil {
		m.timeline = timeline.New(m.st, m.win)
		if rp := m.st.Replaying(); rp != nil {
			m.timeline.ShowReplay(rp)
		}
	}
	return m.timeline
}

// startProgram opens the window on a program it starts (`taskscope -- CMD ARGS...`).
func (m *mainWindow) startProgram(argv []string) {
	if len(argv) == 0 {
		return
	}
	m.selectTab("timeline")
	if err := m.timelineTab().Run(argv, ""); err != nil {
		dialog.ShowError(err, m.win)
	}
}

// runProgram is File → Run program….
func (m *mainWindow) runProgram() {
	m.selectTab("timeline")
	if why := m.timelineTab().Off(); why != "" {
		m.setStatus(why)
	}
	m.timelineTab().AskRun()
}

// traceSelected is File → Trace process… and the detail pane's Trace button: it offers the
// selected process (if any) for the Timeline tab to attach to.
func (m *mainWindow) traceSelected() {
	m.selectTab("timeline")
	if why := m.timelineTab().Off(); why != "" {
		m.setStatus(why) // AskAttach says it on the tab too
	}
	pid, name := 0, ""
	if k, ok := m.st.Selection(); ok {
		pid = k.ID
		if s := m.st.Current(); s != nil {
			if p, found := s.Find(k.ID); found {
				name = p.Name
			}
		}
	}
	m.timelineTab().AskAttach(pid, name)
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

// shortcutLesson is shown in the menu; F5 (what presentation programs start a show with)
// goes through windowKey.
var shortcutLesson = &desktop.CustomShortcut{KeyName: fyne.KeyF5}

// lessonUI is a lesson view laid over the whole window: while it is shown it has the window's
// content and keys; leaving it gives both back and keeps the lesson where it was, so F5 (or a
// demo card visited on the way) returns to the same step with its predictions.
type lessonUI struct {
	path    string
	view    *lessonview.View
	content fyne.CanvasObject
	keys    func(*fyne.KeyEvent)
	shown   bool
}

// lessonMenuItem is View → Start lesson.
func lessonMenuItem(m *mainWindow) *fyne.MenuItem {
	return &fyne.MenuItem{Label: "Start lesson", Shortcut: shortcutLesson, Action: func() { m.openLessonFile("builtin", "") }}
}

// openLessonFile shows the lesson file path ("builtin" for the built-in lesson; "" does
// nothing) at step id over the window; a file that cannot be read is said in the status line.
func (m *mainWindow) openLessonFile(path, id string) {
	if path == "" || m.lesson != nil && m.lesson.shown {
		return
	}
	if m.lesson == nil || m.lesson.path != path {
		file := path
		if file == "builtin" {
			file = ""
		}
		l, err := lesson.Open(file)
		if err != nil {
			m.setStatus(err.Error())
			return
		}
		lu := &lessonUI{path: path, view: lessonview.New(m.st, m.win, l, id)}
		// The reveal draws a claim's evidence as its demo card does.
		lu.view.Evidence = demotab.Evidence
		lu.view.OnClose = func() { m.hideLesson(lu) }
		m.lesson = lu
	}
	lu, c := m.lesson, m.win.Canvas()
	lu.content, lu.keys, lu.shown = c.Content(), c.OnTypedKey(), true
	m.win.SetContent(lu.view.Content())
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if !lu.view.TypedKey(e) && e.Name == fyne.KeyF11 {
			m.setFullScreen(!m.fullscreen)
		}
	})
}

// hideLesson gives the window its content and keys back.
func (m *mainWindow) hideLesson(lu *lessonUI) {
	if !lu.shown {
		return
	}
	lu.shown = false
	m.win.SetContent(lu.content)
	m.win.Canvas().SetOnTypedKey(lu.keys)
}
