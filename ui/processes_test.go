package ui

import (
	"strings"
	"testing"
)

func TestFilterMatchingNothingSaysSo(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	if !m.procs.Empty.Hidden {
		t.Errorf("empty-table note shown over rows: %q", m.procs.Empty.Text)
	}
	m.st.SetFilter("xyz")
	drain(m)
	if m.procs.Empty.Hidden || !strings.Contains(m.procs.Empty.Text, "No process matches 'xyz'") {
		t.Errorf("empty note = %q (hidden %v)", m.procs.Empty.Text, m.procs.Empty.Hidden)
	}
	// A kernel thread that matches is pointed at, not silently hidden.
	m.st.SetFilter("kthreadd")
	drain(m)
	if !strings.Contains(m.procs.Empty.Text, "tick Kernel threads") {
		t.Errorf("empty note = %q", m.procs.Empty.Text)
	}
	m.st.SetFilter("")
	drain(m)
	if !m.procs.Empty.Hidden {
		t.Error("empty note stays after the filter is cleared")
	}
}
