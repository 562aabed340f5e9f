package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Keyboard: Ctrl+F, Ctrl+P and Ctrl+E are menu shortcuts, which Fyne delivers whatever has
// focus. Space, F11 and Escape carry no modifier, so Fyne hands them to the focused widget; the
// table and the filter box pass them up to mainWindow.windowKey, and the canvas does when
// nothing has focus. Space while typing in the filter box stays a space.

var (
	shortcutFilter       = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutPresentation = &desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutExportPNG    = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	// These two are shown in the menu only; the keys themselves go through windowKey.
	shortcutFreeze     = &desktop.CustomShortcut{KeyName: fyne.KeySpace}
	shortcutFullScreen = &desktop.CustomShortcut{KeyName: fyne.KeyF11}
)
