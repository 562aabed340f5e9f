package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/ui/claimstab"
	"github.com/taskscope/taskscope/ui/cores"
	"github.com/taskscope/taskscope/ui/demotab"
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
}

// tabTable is the window's one table of tabs, in the order of the tab bar. Adding a tab is an
// entry here and its package ui/NAME; flags, menus, keys and the tab bar come from this list.
var tabTable = []tabSpec{
	{"processes", "Processes", fyne.Key1, func(m *mainWindow) fyne.CanvasObject { return m.procs.Content }},
	{"cores", "Cores", fyne.Key2, func(m *mainWindow) fyne.CanvasObject { return cores.New(m.st) }},
	{"demos", "Demos", fyne.Key3, func(m *mainWindow) fyne.CanvasObject { return m.demoTab().Content() }},
	{"timeline", "Timeline", fyne.Key4, func(m *mainWindow) fyne.CanvasObject { return m.timelineTab().Content() }},
	{"claims", "Claims", fyne.Key5, func(m *mainWindow) fyne.CanvasObject { return claimstab.New(m.st) }},
}

// tabNames are the values --tab accepts, in the order the tabs appear.
func tabNames() []string {
	out := make([]string, len(tabTable))
	for i, t := range tabTable {
		out[i] = t.name
	}
	return out
}

// tabIndex is the place of the tab named name in the tab bar, or -1.
func tabIndex(name string) int {
	return slices.IndexFunc(tabTable, func(t tabSpec) bool { return t.name == name })
}

// newTabs makes the tab bar with every tab's title and an empty page: no tab is built yet.
func (m *mainWindow) newTabs() {
	items := make([]*container.TabItem, len(tabTable))
	for i, t := range tabTable {
		items[i] = container.NewTabItem(t.title, container.NewStack())
	}
	m.pages = make([]fyne.CanvasObject, len(tabTable))
	m.tabs = container.NewAppTabs(items...)
	m.tabs.OnSelected = func(*container.TabItem) { m.fillTab(m.tabs.SelectedIndex()) }
}

// selectTab brings the tab named name on screen, building it if it is shown for the first time.
func (m *mainWindow) selectTab(name string) {
	if i := tabIndex(name); i >= 0 {
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

// fillTab puts the i-th tab's content in its place: built on first use, or the note that
// demos are off while a recording is shown.
func (m *mainWindow) fillTab(i int) {
	if i < 0 || i >= len(tabTable) {
		return
	}
	var want fyne.CanvasObject
	if tabTable[i].name == "demos" && m.st.Replaying() != nil {
		if m.demosOff == nil {
			m.demosOff = container.NewCenter(&widget.Label{
				Text: "Demos are off while a recording is shown: they run on the live machine."})
		}
		want = m.demosOff
	} else {
		if m.pages[i] == nil {
			m.pages[i] = widgets.NewTabPage(tabTable[i].build(m))
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
	i := tabIndex(name)
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
