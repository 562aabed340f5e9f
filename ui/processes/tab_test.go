package processes

import (
	"testing"

	"github.com/taskscope/taskscope/ui/model"
)

func TestCountTextSaysWhyRowsAreHidden(t *testing.T) {
	for _, c := range []struct {
		shown, total, kernel int
		filter, want         string
	}{
		{5, 5, 0, "", "5 processes"},
		{1, 1, 0, "", "1 process"},
		{16, 73, 57, "", "16 of 73 processes · 57 kernel threads hidden"},
		{2, 73, 57, "fire", "2 of 73 processes · 57 kernel threads hidden · 14 not matching 'fire'"},
		{2, 10, 0, "fire", "2 of 10 processes · 8 not matching 'fire'"},
	} {
		if got := countText(c.shown, c.total, c.kernel, c.filter); got != c.want {
			t.Errorf("countText(%d, %d, %d, %q) = %q, want %q", c.shown, c.total, c.kernel, c.filter, got, c.want)
		}
	}
}

func TestDetailHintUntilSelection(t *testing.T) {
	d := NewDetail(func(model.SignalChoice) {})
	if d.hint.Hidden || !d.facts.Hidden {
		t.Fatal("no hint before a selection")
	}
}
