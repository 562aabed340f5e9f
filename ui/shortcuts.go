package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Keyboard: Ctrl+F and Ctrl+P are menu shortcuts, which Fyne delivers whatever has focus.
// Space, F11 and Escape carry no modifier, so Fyne hands them to the focused widget; the table
// and the filter box pass them up to windowKey, and the canvas does when nothing has focus.
// Space while typing in the filter box stays a space.

var (
	shortcutFilter       = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutPresentation = &desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutExportPNG    = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	// These two are shown in the menu only; the keys themselves go through windowKey.
	shortcutFreeze     = &desktop.CustomShortcut{KeyName: fyne.KeySpace}
	shortcutFullScreen = &desktop.CustomShortcut{KeyName: fyne.KeyF11}
)

// windowKey handles the window-wide keys; it reports whether it used the key.
func (m *mainWindow) windowKey(e *fyne.KeyEvent) bool {
	switch e.Name {
	case fyne.KeySpace:
		m.toggleFreeze()
	case fyne.KeyF11:
		m.setFullScreen(!m.fullscreen)
		m.menus.sync(m)
	case fyne.KeyEscape:
		if m.fullscreen && m.hub.filter() == "" {
			m.setFullScreen(false)
			m.menus.sync(m)
		} else {
			m.hub.setFilter("")
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

// focusFilter puts the cursor in the filter box (Ctrl+F), on the Processes tab.
func (m *mainWindow) focusFilter() {
	m.tabs.SelectIndex(0)
	m.win.Canvas().Focus(m.procs.filter)
}

// menus holds the menu items whose check marks follow the window's state.
type menus struct {
	main                  *fyne.MainMenu
	freeze, present, full *fyne.MenuItem
	threads, kernel, tree *fyne.MenuItem
	interval              []*fyne.MenuItem
}

func (m *mainWindow) buildMenus() *menus {
	mm := &menus{}
	mm.freeze = &fyne.MenuItem{Label: "Freeze", Shortcut: shortcutFreeze, Action: m.toggleFreeze}
	mm.present = &fyne.MenuItem{Label: "Presentation mode", Shortcut: shortcutPresentation,
		Action: func() { m.togglePresentation() }}
	mm.full = &fyne.MenuItem{Label: "Full screen", Shortcut: shortcutFullScreen, Action: func() {
		m.setFullScreen(!m.fullscreen)
		mm.sync(m)
	}}
	mm.threads = &fyne.MenuItem{Label: "Show threads", Action: func() { m.procs.threads.SetChecked(!m.procs.threads.Checked) }}
	mm.kernel = &fyne.MenuItem{Label: "Show kernel threads", Action: func() { m.procs.kernel.SetChecked(!m.procs.kernel.Checked) }}
	mm.tree = &fyne.MenuItem{Label: "Process tree", Action: func() { m.procs.tree.SetChecked(!m.procs.tree.Checked) }}
	for _, l := range intervalLabels {
		mm.interval = append(mm.interval, &fyne.MenuItem{Label: "Every " + l, Action: func() { m.procs.interval.SetSelected(l) }})
	}
	filter := &fyne.MenuItem{Label: "Filter…", Shortcut: shortcutFilter, Action: m.focusFilter}
	file := fyne.NewMenu("File",
		&fyne.MenuItem{Label: "Export view as PNG…", Shortcut: shortcutExportPNG, Action: m.exportPNG},
		&fyne.MenuItem{Label: "Export snapshot as JSON…", Action: func() { m.exportSnapshot("json") }},
		&fyne.MenuItem{Label: "Export snapshot as CSV…", Action: func() { m.exportSnapshot("csv") }},
	)
	view := fyne.NewMenu("View", filter, mm.freeze, fyne.NewMenuItemSeparator(),
		mm.threads, mm.kernel, mm.tree, fyne.NewMenuItemSeparator(),
		&fyne.MenuItem{Label: "Refresh interval", ChildMenu: fyne.NewMenu("", mm.interval...)},
		fyne.NewMenuItemSeparator(), mm.present, mm.full)
	mm.main = fyne.NewMainMenu(file, view)
	m.win.SetMainMenu(mm.main)
	// The desktop driver looks for shortcuts in the main menu first; registering them on the
	// canvas too serves drivers without a menu bar, the test driver among them.
	c := m.win.Canvas()
	c.AddShortcut(shortcutFilter, func(fyne.Shortcut) { m.focusFilter() })
	c.AddShortcut(shortcutPresentation, func(fyne.Shortcut) { m.togglePresentation() })
	c.AddShortcut(shortcutExportPNG, func(fyne.Shortcut) { m.exportPNG() })
	return mm
}

// sync sets the menu's check marks from the window's state.
func (mm *menus) sync(m *mainWindow) {
	if mm == nil {
		return
	}
	mm.freeze.Checked = m.hub.frozen()
	mm.present.Checked = m.set.presentation
	mm.full.Checked = m.fullscreen
	mm.threads.Checked = m.opts.threads
	mm.kernel.Checked = m.opts.kernel
	mm.tree.Checked = m.opts.tree
	for i, it := range mm.interval {
		it.Checked = intervals[i] == m.set.interval
	}
	mm.main.Refresh()
}

func (m *mainWindow) togglePresentation() {
	m.applyPresentation(!m.set.presentation)
	m.saveSettings()
}
