package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// TestPresentationTextAtLeastOneAndAHalf checks every text size of the presentation theme
// against the default's: body and input text, headings, captions and the icons beside them.
func TestPresentationTextAtLeastOneAndAHalf(t *testing.T) {
	base, pres := theme.DefaultTheme(), newPresentationTheme()
	for _, n := range []fyne.ThemeSizeName{theme.SizeNameText, theme.SizeNameHeadingText,
		theme.SizeNameSubHeadingText, theme.SizeNameCaptionText, theme.SizeNameInlineIcon} {
		if got, min := pres.Size(n), 1.5*base.Size(n); got < min {
			t.Errorf("%s = %v, want at least %v", n, got, min)
		}
	}
}
