package demotab

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// appTheme is the app's theme as it is at each call, so a theme built on it follows
// presentation mode as it is switched. The card and log themes embed it and change one part.
type appTheme struct{}

func (appTheme) app() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

// Color implements fyne.Theme.
func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.app().Color(n, v)
}

// Font implements fyne.Theme.
func (t appTheme) Font(s fyne.TextStyle) fyne.Resource { return t.app().Font(s) }

// Icon implements fyne.Theme.
func (t appTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.app().Icon(n) }

// Size implements fyne.Theme.
func (t appTheme) Size(n fyne.ThemeSizeName) float32 { return t.app().Size(n) }

// flatCard is the app's theme with a transparent background and shadow, for a card that fills
// its sub-tab. The card's rounded background is the window's own colour, so it showed only as
// a faint shadow at the edges, yet under software OpenGL shading it cost more than all the
// rest of the tab: the Demos tab repainted at 4.6x the static Fyne window's CPU with it, 3.1x
// without. Fyne draws nothing for a rectangle with neither colour. Inside the card, only check
// boxes and radio buttons paint the background colour (inside their boxes), over the same
// window background.
type flatCard struct{ appTheme }

// Color implements fyne.Theme.
func (t flatCard) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameBackground || n == theme.ColorNameShadow {
		return color.Transparent
	}
	return t.appTheme.Color(n, v)
}
