package widgets

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// TestPresentationTextAtLeastOneAndAHalf checks every text size of the presentation theme
// against the default's: body and input text, headings, captions and the icons beside them.
func TestPresentationTextAtLeastOneAndAHalf(t *testing.T) {
	base, pres := theme.DefaultTheme(), NewPresentationTheme()
	for _, n := range []fyne.ThemeSizeName{theme.SizeNameText, theme.SizeNameHeadingText,
		theme.SizeNameSubHeadingText, theme.SizeNameCaptionText, theme.SizeNameInlineIcon} {
		if got, min := pres.Size(n), 1.5*base.Size(n); got < min {
			t.Errorf("%s = %v, want at least %v", n, got, min)
		}
	}
}

// TestPresentationHoverKeepsButtonsApart checks that a hovered yellow button still looks like
// one: Fyne lays the hover colour over the button's, so it must leave the yellow showing, and
// stay far from the disabled button's colour.
func TestPresentationHoverKeepsButtonsApart(t *testing.T) {
	pres := NewPresentationTheme()
	v := theme.VariantDark
	over := func(under, top color.Color) [3]float64 {
		ur, ug, ub, _ := under.RGBA()
		tr, tg, tb, ta := top.RGBA() // premultiplied
		a := float64(ta) / 0xffff
		mix := func(u, t uint32) float64 { return (float64(t) + float64(u)*(1-a)) / 0xffff }
		return [3]float64{mix(ur, tr), mix(ug, tg), mix(ub, tb)}
	}
	hovered := over(pres.Color(theme.ColorNamePrimary, v), pres.Color(theme.ColorNameHover, v))
	if hovered[0] < 0.8 || hovered[1] < 0.7 || hovered[2] > 0.6 {
		t.Errorf("hovered primary button = %.2f, no longer yellow", hovered)
	}
	dr, dg, db, _ := pres.Color(theme.ColorNameDisabledButton, v).RGBA()
	if d := hovered[0] + hovered[1] - float64(dr+dg)/0xffff; d < 1 || float64(db)/0xffff > 0.5 {
		t.Errorf("hovered primary button %.2f too close to a disabled one", hovered)
	}
}
