package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// PresentationScale is how much larger text is in presentation mode. The issue asks for at
// least 1.5x; 1.6 keeps a 1080p projector readable from the back of a lecture room.
const PresentationScale = 1.6

// presentationTheme is a high-contrast, large-text theme for projectors: white on black with a
// yellow accent, the pairing that survives washed-out beamers best. Fonts and icons are the
// default theme's.
type presentationTheme struct{ base fyne.Theme }

// NewPresentationTheme returns the presentation theme.
func NewPresentationTheme() fyne.Theme { return &presentationTheme{base: theme.DefaultTheme()} }

var (
	hcBlack  = color.NRGBA{0, 0, 0, 0xff}
	hcWhite  = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	hcYellow = color.NRGBA{0xff, 0xd7, 0x00, 0xff}
	hcGrey   = color.NRGBA{0x30, 0x30, 0x30, 0xff}
	hcBlue   = color.NRGBA{0x00, 0x3d, 0xa5, 0xff}
)

// Color implements fyne.Theme; the variant is ignored, presentation is always dark.
func (t *presentationTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground, theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground:
		return hcBlack
	case theme.ColorNameForeground, theme.ColorNameInputBorder:
		return hcWhite
	case theme.ColorNamePrimary, theme.ColorNameFocus, theme.ColorNameHyperlink:
		return hcYellow
	case theme.ColorNameForegroundOnPrimary:
		return hcBlack
	case theme.ColorNameSelection:
		return hcBlue
	case theme.ColorNameButton, theme.ColorNameHeaderBackground, theme.ColorNameInputBackground:
		return hcGrey
	case theme.ColorNameHover:
		// Translucent, as Fyne lays it over what is hovered: an opaque grey turned a hovered
		// yellow button grey, the look of a disabled one.
		return color.NRGBA{0xff, 0xff, 0xff, 0x38}
	case theme.ColorNamePlaceHolder:
		return color.NRGBA{0xc8, 0xc8, 0xc8, 0xff}
	case theme.ColorNameDisabled:
		// Clearly darker than enabled text, or refused signal buttons look usable.
		return color.NRGBA{0x70, 0x70, 0x70, 0xff}
	case theme.ColorNameDisabledButton:
		return color.NRGBA{0x18, 0x18, 0x18, 0xff}
	case theme.ColorNameSeparator:
		return color.NRGBA{0x90, 0x90, 0x90, 0xff}
	case theme.ColorNameScrollBar:
		return color.NRGBA{0xff, 0xff, 0xff, 0xa0}
	}
	return t.base.Color(n, theme.VariantDark)
}

// Font implements fyne.Theme.
func (t *presentationTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base.Font(s) }

// Icon implements fyne.Theme.
func (t *presentationTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

// presentationSizes scale every text size (body, input, headings, captions) and the icons
// beside them; scroll bars grow as much, so that a lecturer sees there is more below.
var presentationSizes = map[fyne.ThemeSizeName]bool{
	theme.SizeNameText: true, theme.SizeNameHeadingText: true, theme.SizeNameSubHeadingText: true,
	theme.SizeNameCaptionText: true, theme.SizeNameInlineIcon: true,
	theme.SizeNameScrollBar: true, theme.SizeNameScrollBarSmall: true,
}

// Size implements fyne.Theme: text, icons and scroll bars scale; padding grows a little, so
// rows stay separate without wasting the projector's few pixels.
func (t *presentationTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.base.Size(n)
	switch {
	case presentationSizes[n]:
		return s * PresentationScale
	case n == theme.SizeNamePadding, n == theme.SizeNameInnerPadding, n == theme.SizeNameLineSpacing:
		return s * 1.25
	case n == theme.SizeNameSeparatorThickness, n == theme.SizeNameInputBorder:
		return s * 2
	}
	return s
}

// ThemeFor is the theme to use: presentation, or the default, which follows the desktop's
// light or dark preference.
func ThemeFor(presentation bool) fyne.Theme {
	if presentation {
		return NewPresentationTheme()
	}
	return theme.DefaultTheme()
}
