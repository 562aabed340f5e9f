package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/taskscope/taskscope/ui/demotab"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/processes"
)

// menus holds the menu items whose check marks follow the window's state.
type menus struct {
	main                  *fyne.MainMenu
	freeze, present, full *fyne.MenuItem
	threads, kernel, tree *fyne.MenuItem
	group                 *fyne.MenuItem
	interval              []*fyne.MenuItem
}

// menuState is what the check marks show.
type menuState struct {
	frozen, presentation, fullscreen bool
	table                            model.TableSettings
	interval                         time.Duration
}

// newMenus builds the window's menu bar; every item acts through the window's own methods,
// the same paths its buttons and keys take.
func newMenus(m *mainWindow) *menus {
	mm := &menus{}
	c := m.win.Canvas()
	mm.freeze = &fyne.MenuItem{Label: "Freeze", Shortcut: shortcutFreeze, Action: m.toggleFreeze}
	mm.present = &fyne.MenuItem{Label: "Presentation mode", Shortcut: shortcutPresentation, Action: m.togglePresentation}
	mm.full = &fyne.MenuItem{Label: "Full screen", Shortcut: shortcutFullScreen, Action: func() { m.setFullScreen(!m.fullscreen) }}
	toggle := func(label string, get func(t *model.TableSettings) *bool) *fyne.MenuItem {
		return &fyne.MenuItem{Label: label, Action: func() {
			m.setTable(func(t *model.TableSettings) { *get(t) = !*get(t) })
		}}
	}
	mm.threads = toggle("Show threads", func(t *model.TableSettings) *bool { return &t.Threads })
	mm.kernel = toggle("Show kernel threads", func(t *model.TableSettings) *bool { return &t.Kernel })
	mm.tree = toggle("Process tree", func(t *model.TableSettings) *bool { return &t.Tree })
	mm.group = toggle("Group by app", func(t *model.TableSettings) *bool { return &t.GroupApps })
	mm.group.Shortcut = shortcutGroupApps
	for i, l := range processes.IntervalLabels {
		mm.interval = append(mm.interval, &fyne.MenuItem{Label: "Every " + l, Action: func() { m.setInterval(processes.Intervals[i]) }})
	}
	filter := &fyne.MenuItem{Label: "Filter…", Shortcut: shortcutFilter, Action: m.focusFilter}
	file := fyne.NewMenu("File", append(m.rec.menuItems(),
		&fyne.MenuItem{Label: "Run program…", Action: m.runProgram},
		&fyne.MenuItem{Label: "Trace process…", Action: m.traceSelected},
		fyne.NewMenuItemSeparator(),
		&fyne.MenuItem{Label: "Export view as PNG…", Shortcut: shortcutExportPNG, Action: m.exportPNG},
		&fyne.MenuItem{Label: "Export snapshot as JSON…", Action: func() { m.exportSnapshot("json") }},
		&fyne.MenuItem{Label: "Export snapshot as CSV…", Action: func() { m.exportSnapshot("csv") }})...,
	)
	var tabs []*fyne.MenuItem
	for i, t := range m.tabList {
		tabs = append(tabs, &fyne.MenuItem{Label: t.title, Shortcut: tabShortcut(t.key), Action: func() { m.showTab(i) }})
	}
	view := fyne.NewMenu("View", append(append([]*fyne.MenuItem{filter, mm.freeze, fyne.NewMenuItemSeparator(),
		mm.threads, mm.kernel, mm.tree, mm.group, fyne.NewMenuItemSeparator(),
		{Label: "Refresh interval", ChildMenu: fyne.NewMenu("", mm.interval...)},
		fyne.NewMenuItemSeparator()}, tabs...), fyne.NewMenuItemSeparator(), lessonMenuItem(m), mm.present, mm.full)...)
	var cards []*fyne.MenuItem
	for i, title := range demotab.CardTitles() {
		item := &fyne.MenuItem{Label: title, Action: func() { m.showCard(i) }}
		// Alt+1 to Alt+9: cards past the ninth are reached from the menu or the sub-tabs.
		if i < len(digitKeys) {
			item.Shortcut = cardShortcut(i + 1)
		}
		cards = append(cards, item)
	}
	demo := fyne.NewMenu("Demos", append(cards, fyne.NewMenuItemSeparator(),
		&fyne.MenuItem{Label: "Launch the shown demo", Shortcut: shortcutLaunch, Action: m.launchShown},
		&fyne.MenuItem{Label: "Stop the shown demo", Shortcut: shortcutStop, Action: m.stopShown},
		&fyne.MenuItem{Label: "Stop all demos", Shortcut: shortcutStopAll, Action: m.stopAllDemos})...)
	mm.main = fyne.NewMainMenu(file, view, demo)
	if !m.presentation {
		m.win.SetMainMenu(mm.main)
	}
	// The desktop driver looks for shortcuts in the main menu first; registering them on the
	// canvas too serves drivers without a menu bar, the test driver among them.
	for _, menu := range mm.main.Items {
		for _, it := range menu.Items {
			if sc, ok := it.Shortcut.(*desktop.CustomShortcut); ok && sc.Modifier != 0 {
				c.AddShortcut(sc, func(fyne.Shortcut) { it.Action() })
			}
		}
	}
	return mm
}

// sync sets the menu's check marks.
func (mm *menus) sync(s menuState) {
	if mm == nil {
		return
	}
	mm.freeze.Checked = s.frozen
	mm.present.Checked = s.presentation
	mm.full.Checked = s.fullscreen
	mm.threads.Checked = s.table.Threads
	mm.kernel.Checked = s.table.Kernel
	mm.tree.Checked = s.table.Tree
	mm.group.Checked = s.table.GroupApps
	for i, it := range mm.interval {
		it.Checked = processes.Intervals[i] == s.interval
	}
	mm.main.Refresh()
}

// Keyboard: Ctrl+F, Ctrl+G (group by app), Ctrl+P, Ctrl+E, Ctrl+L, Ctrl+K, Ctrl+Shift+K, Ctrl+1… (tabs) and Alt+1…
// (demo cards) are menu shortcuts, which Fyne delivers whatever has
// focus. Space, F11 and Escape carry no modifier, so Fyne hands them to the focused widget; the
// table and the filter box pass them up to mainWindow.windowKey, and the canvas does when
// nothing has focus. Space while typing in the filter box stays a space.

var (
	shortcutFilter       = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutPresentation = &desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutExportPNG    = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutLaunch       = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutStop         = &desktop.CustomShortcut{KeyName: fyne.KeyK, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutStopAll      = &desktop.CustomShortcut{KeyName: fyne.KeyK, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
	shortcutGroupApps    = &desktop.CustomShortcut{KeyName: fyne.KeyG, Modifier: fyne.KeyModifierShortcutDefault}
	// These two are shown in the menu only; the keys themselves go through windowKey.
	shortcutFreeze     = &desktop.CustomShortcut{KeyName: fyne.KeySpace}
	shortcutFullScreen = &desktop.CustomShortcut{KeyName: fyne.KeyF11}
)

// digitKeys are the keys 1 to 9, for the tab (Ctrl) and demo card (Alt) shortcuts.
var digitKeys = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}

// tabShortcut is Ctrl with a tab's key (tabTable), which shows that tab.
func tabShortcut(key fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
}

// cardShortcut is Alt+N, which shows the N-th demo card (from 1).
func cardShortcut(n int) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: digitKeys[n-1], Modifier: fyne.KeyModifierAlt}
}

// windowKey handles the window-wide keys (see the keyboard notes above); it reports whether it used the key.
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
