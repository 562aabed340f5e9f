package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

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

// tabShortcut is Ctrl+N, which shows the N-th tab (from 1).
func tabShortcut(n int) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: digitKeys[n-1], Modifier: fyne.KeyModifierShortcutDefault}
}

// cardShortcut is Alt+N, which shows the N-th demo card (from 1).
func cardShortcut(n int) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: digitKeys[n-1], Modifier: fyne.KeyModifierAlt}
}
