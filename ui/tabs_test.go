package ui

import (
	"net"
	"slices"
	"strings"
	"sync"
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
	if m.tabs.Selected().Text != "Cores" || m.tabs.Selected().Content != m.pages[m.tabIndex("cores")] {
		t.Errorf("the start tab on screen is %q", m.tabs.Selected().Text)
	}
	m.showTab(m.tabIndex("claims"))
	if got := built(); !slices.Equal(got, []string{"cores", "claims"}) {
		t.Errorf("after showing Claims built %v", got)
	}
	m.showCard(2) // Alt+3
	if m.demos == nil || m.demos.Shown() != demotab.CardNames()[2] || m.tabs.Selected().Text != "Demos" {
		t.Errorf("Alt+3 did not build the Demos tab at its third card")
	}
	m.showTab(m.tabIndex("timeline"))
	if m.timeline == nil || m.tabs.Selected().Content != m.pages[m.tabIndex("timeline")] {
		t.Error("showing Timeline did not build it")
	}
}

// TestTabTableMakesFlagsAndMenus checks that --tab, the View menu and the keys all come from
// the one table of tabs, for a window without and with --prometheus.
func TestTabTableMakesFlagsAndMenus(t *testing.T) {
	for _, o := range []options{{}, {prometheus: silentPrometheus(t)}} {
		m, _ := newTestWindow(t, o)
		if o.prometheus != "" {
			fleetSettled(t, m)
		}
		if len(m.tabs.Items) != len(m.tabList) {
			t.Fatalf("%d tabs in the bar, %d offered", len(m.tabs.Items), len(m.tabList))
		}
		var view, want []string
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
		for i, tab := range m.tabList {
			want = append(want, tab.name)
			if m.tabs.Items[i].Text != tab.title {
				t.Errorf("tab %d is titled %q, want %q", i, m.tabs.Items[i].Text, tab.title)
			}
			args := []string{"--tab", tab.name}
			if o.prometheus != "" {
				args = append(args, "--prometheus", o.prometheus)
			}
			p, err := parseFlags(args, new(discard))
			if err != nil || p.tab != tab.name {
				t.Errorf("--tab %s: %v %q", tab.name, err, p.tab)
			}
		}
		if !slices.Equal(view, want) {
			t.Errorf("View menu has tab items %v with their keys, want %v", view, want)
		}
	}
}

// TestFleetTabOnlyWithPrometheus checks the table's offeredWith: without --prometheus the
// window has no Fleet tab, menu item or key, and --tab fleet says what it needs; with it the
// Fleet tab is the last one and the window opens on it, built, unless --tab names another.
func TestFleetTabOnlyWithPrometheus(t *testing.T) {
	m, _ := newTestWindow(t, options{})
	if m.tabIndex("fleet") >= 0 || m.tabs.Items[len(m.tabs.Items)-1].Text == "Fleet" {
		t.Error("a window without --prometheus has a Fleet tab")
	}
	var errb strings.Builder
	if _, err := parseFlags([]string{"--tab", "fleet"}, &errb); err == nil || !strings.Contains(errb.String(), "only with --prometheus URL") {
		t.Errorf("--tab fleet without --prometheus: %v %q", err, errb.String())
	}
	prom := silentPrometheus(t)
	m, _ = newTestWindow(t, options{prometheus: prom})
	fleetSettled(t, m)
	i := m.tabIndex("fleet")
	if i != len(m.tabs.Items)-1 || m.tabs.SelectedIndex() != i || m.pages[i] == nil {
		t.Errorf("with --prometheus: Fleet at %d of %d, selected %d, built %v", i, len(m.tabs.Items), m.tabs.SelectedIndex(), m.pages[i] != nil)
	}
	if m.st.Fleet() == nil || m.st.Fleet().URL() != prom {
		t.Error("the view state does not hold the Prometheus client")
	}
	m, _ = newTestWindow(t, options{prometheus: prom, tab: "cores"})
	if i := m.tabIndex("fleet"); m.tabs.Selected().Text != "Cores" || m.pages[i] != nil {
		t.Errorf("--tab cores --prometheus: on %q, Fleet built %v", m.tabs.Selected().Text, m.pages[i] != nil)
	}
}

// silentPrometheus is the URL of a server that accepts connections and never answers, until
// the test ends: the Fleet tab's first load then waits, and ends unapplied when the window
// quits, so no load touches widgets while the test lays the window out (Fyne's test driver
// runs fyne.Do at once, on the calling goroutine).
func silentPrometheus(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + ln.Addr().String()
}

// fleetSettled checks that the Fleet tab, built at start, is asking Prometheus, and has the
// window quit when the test ends (before the silent server closes), which ends the request
// with nothing applied.
func fleetSettled(t *testing.T, m *mainWindow) {
	t.Helper()
	page := m.pages[m.tabIndex("fleet")]
	if page == nil {
		t.Fatal("the Fleet tab was not built at start")
	}
	if _, ok := findLabel(page, "Asking "+m.st.Fleet().URL()); !ok {
		t.Error("the Fleet tab does not say that it asks Prometheus")
	}
	t.Cleanup(m.st.Quitting)
}
