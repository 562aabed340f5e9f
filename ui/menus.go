package ui

import (
	"time"

	"fyne.io/fyne/v2"

	"github.com/taskscope/taskscope/ui/model"
)

// menus holds the menu items whose check marks follow the window's state.
type menus struct {
	main                  *fyne.MainMenu
	freeze, present, full *fyne.MenuItem
	threads, kernel, tree *fyne.MenuItem
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
	for i, l := range intervalLabels {
		mm.interval = append(mm.interval, &fyne.MenuItem{Label: "Every " + l, Action: func() { m.setInterval(intervals[i]) }})
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
	for i, it := range mm.interval {
		it.Checked = intervals[i] == s.interval
	}
	mm.main.Refresh()
}
