package widgets

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestLineListShowsItsLines checks that a line list shows the lines its function returns, in
// order and in monospace, and follows them when they change and the list is refreshed.
func TestLineListShowsItsLines(t *testing.T) {
	a := test.NewTempApp(t)
	lines := []string{"first", "second"}
	l := NewLineList(func() []string { return lines }, fyne.TextTruncateClip)
	w := a.NewWindow("lines")
	defer w.Close()
	w.SetContent(l)
	w.Resize(fyne.NewSize(300, 300))

	shown := func() []string {
		var got []string
		for _, o := range test.LaidOutObjects(l) {
			if lb, ok := o.(*widget.Label); ok && lb.Visible() && lb.Text != "" {
				if !lb.TextStyle.Monospace {
					t.Errorf("line %q is not in monospace", lb.Text)
				}
				got = append(got, lb.Text)
			}
		}
		return got
	}
	if got := shown(); !slices.Equal(got, lines) {
		t.Fatalf("shown %q, want %q", got, lines)
	}
	lines = []string{"first", "changed", "third"}
	l.Refresh()
	if got := shown(); !slices.Equal(got, lines) {
		t.Errorf("after a change and a refresh, shown %q, want %q", got, lines)
	}
}
