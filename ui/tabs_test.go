package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/taskscope/taskscope/ui/demotab"
)

// TestTabsBuiltWhenFirstShown checks that the window opens with its start tab only, that a tab
// is built when first shown, and that a key acting on demo cards builds the Demos tab.
func TestTabsBuiltWhenFirstShown(t *testing.T) {
	m, _ := newTestWindow(t, options{tab: "cores"})
	built := func() (names []string) {
		for i, p := range m.pages {
			if p != nil {
				names = append(names, tabTable[i].name)
			}
		}
		return names
	}
	if got := built(); !slices.Equal(got, []string{"cores"}) || m.demos != nil || m.timeline != nil {
		t.Fatalf("at start built %v (demos %v, timeline %v), want only cores", got, m.demos != nil, m.timeline != nil)
	}
	if !m.st.HasDemoCard("browser") {
		t.Error("the demo cards are not offered to other tabs (Claims' Show live) before the Demos tab is built")
	}
	if m.tabs.Selected().Text != "Cores" || m.tabs.Selected().Content != m.pages[tabIndex("cores")] {
		t.Errorf("the start tab on screen is %q", m.tabs.Selected().Text)
	}
	m.showTab(tabIndex("claims"))
	if got := built(); !slices.Equal(got, []string{"cores", "claims"}) {
		t.Errorf("after showing Claims built %v", got)
	}
	m.showCard(2) // Alt+3
	if m.demos == nil || m.demos.Shown() != demotab.CardNames()[2] || m.tabs.Selected().Text != "Demos" {
		t.Errorf("Alt+3 did not build the Demos tab at its third card")
	}
	m.showTab(tabIndex("timeline"))
	if m.timeline == nil || m.tabs.Selected().Content != m.pages[tabIndex("timeline")] {
		t.Error("showing Timeline did not build it")
	}
}

// TestTabTableMakesFlagsAndMenus checks that --tab, the View menu and the keys all come from
// the one table of tabs.
func TestTabTableMakesFlagsAndMenus(t *testing.T) {
	m, _ := newTestWindow(t, options{})
	if len(m.tabs.Items) != len(tabTable) {
		t.Fatalf("%d tabs in the bar, %d in the table", len(m.tabs.Items), len(tabTable))
	}
	var view []string
	for _, menu := range m.menus.main.Items {
		if menu.Label != "View" {
			continue
		}
		for _, it := range menu.Items {
			for _, tab := range tabTable {
				if it.Label == tab.title && it.Shortcut != nil && strings.HasSuffix(it.Shortcut.ShortcutName(), string(tab.key)) {
					view = append(view, tab.name)
				}
			}
		}
	}
	if !slices.Equal(view, tabNames()) {
		t.Errorf("View menu has tab items %v with their keys, want %v", view, tabNames())
	}
	for i, tab := range tabTable {
		if m.tabs.Items[i].Text != tab.title {
			t.Errorf("tab %d is titled %q, want %q", i, m.tabs.Items[i].Text, tab.title)
		}
		o, err := parseFlags([]string{"--tab", tab.name}, new(discard))
		if err != nil || o.tab != tab.name {
			t.Errorf("--tab %s: %v %q", tab.name, err, o.tab)
		}
	}
}
