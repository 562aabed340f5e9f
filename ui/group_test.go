package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/taskscope/taskscope/ui/model"
)

// TestGroupByAppKey: Ctrl+G (the View menu's Group by app) puts an app's row above its
// processes, its menu item is checked, the choice is saved, and --group app opens grouped.
func TestGroupByAppKey(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	menuKeys{t, m}.TypedShortcut(shortcutGroupApps)
	drain(m)
	names := shownColumn(m, model.ColName)
	// The fixture's processes belong to no app: one group, Other processes, above them all.
	if len(names) == 0 || names[0] != model.OtherApps || !slices.ContainsFunc(names[1:], func(s string) bool { return strings.HasPrefix(s, "  ") }) {
		t.Errorf("grouped names = %q, want %q first and the processes indented under it", names, model.OtherApps)
	}
	if !m.menus.group.Checked || !m.opts.GroupApps {
		t.Error("Group by app is on, but its menu item is not checked")
	}
	if !m.app.Preferences().Bool(prefGroupApps) {
		t.Error("the choice was not saved")
	}
	menuKeys{t, m}.TypedShortcut(shortcutGroupApps)
	drain(m)
	if got := shownColumn(m, model.ColName); slices.Contains(got, model.OtherApps) {
		t.Errorf("ungrouped names = %q", got)
	}
	m.app.Preferences().SetBool(prefGroupApps, false)
	m2, _ := newTestWindow(t, options{group: "app"})
	if !m2.opts.GroupApps {
		t.Error("--group app did not open grouped")
	}
}

// TestFilterErrorUnderBox: a query that does not parse is shown under the box and leaves the
// table as the last good query had it.
func TestFilterErrorUnderBox(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	m.st.SetFilter("firefox")
	drain(m)
	before := shownColumn(m, model.ColName)
	m.st.SetFilter("firefox cpu>")
	drain(m)
	if msg := m.procs.FilterError(); !strings.Contains(msg, `bad query "firefox cpu>"`) {
		t.Errorf("error line = %q", msg)
	}
	if got := shownColumn(m, model.ColName); !slices.Equal(got, before) {
		t.Errorf("rows changed to %q under a bad query, want %q kept", got, before)
	}
	m.st.SetFilter("cpu>1")
	drain(m)
	if m.procs.FilterError() != "" {
		t.Error("the error line stays after a good query")
	}
}
