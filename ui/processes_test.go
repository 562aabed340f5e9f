package ui

import (
	"strings"
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

func TestFilterMatchingNothingSaysSo(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	if !m.procs.empty.Hidden {
		t.Errorf("empty-table note shown over rows: %q", m.procs.empty.Text)
	}
	m.st.SetFilter("xyz")
	drain(m)
	if m.procs.empty.Hidden || !strings.Contains(m.procs.empty.Text, "No process matches 'xyz'") {
		t.Errorf("empty note = %q (hidden %v)", m.procs.empty.Text, m.procs.empty.Hidden)
	}
	// A kernel thread that matches is pointed at, not silently hidden.
	m.st.SetFilter("kthreadd")
	drain(m)
	if !strings.Contains(m.procs.empty.Text, "tick Kernel threads") {
		t.Errorf("empty note = %q", m.procs.empty.Text)
	}
	m.st.SetFilter("")
	drain(m)
	if !m.procs.empty.Hidden {
		t.Error("empty note stays after the filter is cleared")
	}
}

func TestDetailHintUntilSelection(t *testing.T) {
	d := newDetailPane(func(model.SignalChoice) {})
	if d.hint.Hidden || !d.facts.Hidden {
		t.Fatal("no hint before a selection")
	}
}
