package fleettab

import (
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/fleettest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/fleet"
	"github.com/taskscope/taskscope/internal/promtest"
	"github.com/taskscope/taskscope/ui/model"
)

// newTab builds the tab as the window does: over a view state that holds the client and the
// opener. Its UI work runs on the test goroutine (runUI, loadOnce).
func newTab(c *fleet.Client, open func(string) error) *Tab {
	st := model.NewState()
	st.SetFleet(c, open)
	tab := New(st)
	onTestUI(tab)
	return tab
}

// uiQueues holds, per tab under test, the work its goroutines hand to the UI goroutine: the
// test's goroutine runs it (runUI), so no widget is touched from two goroutines at once.
var uiQueues sync.Map

// onTestUI makes tab hand its UI work to the test goroutine.
func onTestUI(tab *Tab) {
	q := make(chan func(), 64)
	uiQueues.Store(tab, q)
	tab.do = func(f func()) { q <- f }
}

// runUI runs, on the test goroutine, the next piece of UI work tab handed over.
func runUI(t testing.TB, tab *Tab) {
	t.Helper()
	q, ok := uiQueues.Load(tab)
	if !ok {
		t.Fatal("runUI: the tab does not hand its UI work to the test (onTestUI)")
	}
	select {
	case f := <-q.(chan func()):
		f()
	case <-time.After(20 * time.Second):
		t.Fatal("no UI work handed over within 20 s")
	}
}

// loadOnce refreshes the tab and applies the load on the test goroutine.
func loadOnce(t testing.TB, tab *Tab) error {
	t.Helper()
	if _, ok := uiQueues.Load(tab); !ok {
		onTestUI(tab)
	}
	var err error
	loaded := false
	tab.onLoaded = func(e error) { err, loaded = e, true }
	tab.Refresh()
	for !loaded {
		runUI(t, tab)
	}
	return err
}

// findRow returns the row on screen whose status line names instance.
func findRow(t *testing.T, root fyne.CanvasObject, instance string) *rowView {
	t.Helper()
	var found *rowView
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if r, ok := o.(*rowView); ok && strings.HasSuffix(r.status.Text, instance) {
			found = r
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, x := range c.Objects {
				walk(x)
			}
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, x := range test.WidgetRenderer(w).Objects() {
				walk(x)
			}
		}
	}
	walk(root)
	if found == nil {
		t.Fatalf("no row for %s on screen", instance)
	}
	return found
}

// TestFleetTab shows a real Prometheus's fleet of two agents and a dead target in the tab:
// three rows, the dead one saying why; opening it says why it cannot, opening an agent calls
// the opener with the agent's URL; zooming changes the range and reloads.
func TestFleetTab(t *testing.T) {
	test.NewTempApp(t)
	a := fleettest.InProcessAgent(t)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := ln.Addr().String()
	ln.Close()
	base := promtest.Start(t, "1s", map[string]promtest.Job{"taskscope": {Targets: []string{a, dead}}})
	c, err := fleet.New(fleet.Options{URL: base})
	if err != nil {
		t.Fatal(err)
	}
	opened := make(chan string, 1)
	tab := newTab(c, func(url string) error { opened <- url; return nil })
	w := test.NewTempWindow(t, tab.Content())
	w.Resize(fyne.NewSize(1280, 720))
	deadline := time.Now().Add(30 * time.Second)
	for {
		if err := loadOnce(t, tab); err == nil && len(tab.rows) == 2 && tab.rows[1].Up && tab.rows[1].Top != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("rows after 30 s: %+v", tab.rows)
		}
		time.Sleep(500 * time.Millisecond)
	}
	if f := w.Canvas().Focused(); f != tab.list {
		t.Errorf("after the first load the focus is on %T, want the host list (Up, Down, Enter at once)", f)
	}
	// A down host's reason takes the whole width of its row's second line, no sparklines.
	w.Canvas().Refresh(w.Canvas().Content())
	if r := findRow(t, w.Canvas().Content(), dead); !r.reason.Visible() || r.cpuH.Visible() || r.reason.Size().Width < 1000 ||
		!strings.HasPrefix(r.reason.Text, "down: connection refused") {
		t.Errorf("the down host's row: reason %q shown %v, %v wide; sparkline shown %v", r.reason.Text, r.reason.Visible(), r.reason.Size().Width, r.cpuH.Visible())
	}
	if r := findRow(t, w.Canvas().Content(), a); r.reason.Visible() || !r.cpuH.Visible() {
		t.Errorf("the up host's row: reason shown %v, sparkline shown %v", r.reason.Visible(), r.cpuH.Visible())
	}
	if !strings.HasPrefix(tab.rows[0].Status, "down: connection refused") {
		t.Errorf("dead target's row: %+v", tab.rows[0])
	}
	if got := tab.list.Length(); got != 2 {
		t.Errorf("list shows %d rows, want 2", got)
	}
	tab.list.Select(0)
	test.Tap(tab.openBtn)
	if !strings.Contains(tab.status.Text, "is down") {
		t.Errorf("opening the dead host: status %q, want why it cannot", tab.status.Text)
	}
	tab.list.Select(1)
	test.Tap(tab.openBtn)
	runUI(t, tab) // the probe is done: the opening (and its status line) runs here
	select {
	case url := <-opened:
		if url != "http://"+a {
			t.Errorf("opened %s, want http://%s", url, a)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("the agent was not opened; status %q", tab.status.Text)
	}
	// A double tap on a row opens its host too.
	tab.list.UnselectAll()
	test.DoubleTap(findRow(t, w.Canvas().Content(), "127.0.0.1:"+strings.Split(a, ":")[1]))
	runUI(t, tab) // the probe is done: the opening (and its status line) runs here
	select {
	case url := <-opened:
		if url != "http://"+a {
			t.Errorf("double tap opened %s, want http://%s", url, a)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("a double tap did not open the agent; status %q", tab.status.Text)
	}
	// From the keyboard: a click on a row puts the keyboard on the list (as the first load
	// did, checked above); Down reaches the agent's row and Enter opens it.
	tab.list.UnselectAll()
	test.Tap(findRow(t, w.Canvas().Content(), dead))
	cv := w.Canvas()
	if cv.Focused() != tab.list || tab.list.selected != 0 {
		t.Fatalf("after a click on the first row: focus on %T, selected %d", cv.Focused(), tab.list.selected)
	}
	cv.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if tab.list.selected != 1 || tab.openBtn.Disabled() {
		t.Fatalf("after Down: selected %d, open button disabled %v", tab.list.selected, tab.openBtn.Disabled())
	}
	cv.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	runUI(t, tab) // the probe is done: the opening (and its status line) runs here
	select {
	case url := <-opened:
		if url != "http://"+a {
			t.Errorf("Enter opened %s, want http://%s", url, a)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("Enter did not open the agent; status %q", tab.status.Text)
	}
	if !strings.Contains(tab.status.Text, "in a new window") {
		t.Errorf("status after opening %q does not say where the host went", tab.status.Text)
	}
	tab.zoom(1)
	if tab.rng.Name != "6h" || tab.rangeLbl.Text != "last 6h" {
		t.Errorf("after zooming out: range %s, label %q", tab.rng.Name, tab.rangeLbl.Text)
	}
	if err := loadOnce(t, tab); err != nil || tab.hist.Range.Name != "6h" {
		t.Errorf("reload after zoom: %v, history range %q", err, tab.hist.Range.Name)
	}
}

// TestHostListKeys: Up, Down, Home and End move the selection within the rows, Enter with no
// selection opens nothing, and the keys the list does not use reach the window (OnKey).
func TestHostListKeys(t *testing.T) {
	test.NewTempApp(t)
	c, err := fleet.New(fleet.Options{URL: "http://127.0.0.1:1"}) // never asked: no load runs
	if err != nil {
		t.Fatal(err)
	}
	opened := 0
	tab := newTab(c, func(string) error { opened++; return nil })
	var passed []fyne.KeyName
	tab.OnKey = func(e *fyne.KeyEvent) bool { passed = append(passed, e.Name); return true }
	test.NewTempWindow(t, tab.Content())
	for _, name := range []string{"a", "b", "c"} {
		tab.rows = append(tab.rows, fleet.Row{Name: name, Key: name})
	}
	tab.list.Refresh()
	key := func(k fyne.KeyName) { tab.list.TypedKey(&fyne.KeyEvent{Name: k}) }
	key(fyne.KeyReturn)
	if opened != 0 || tab.list.selected != -1 {
		t.Errorf("Enter with nothing selected: opened %d, selected %d", opened, tab.list.selected)
	}
	for _, step := range []struct {
		k    fyne.KeyName
		want int
	}{{fyne.KeyUp, 0}, {fyne.KeyDown, 1}, {fyne.KeyDown, 2}, {fyne.KeyDown, 2}, {fyne.KeyHome, 0}, {fyne.KeyEnd, 2}, {fyne.KeyUp, 1}} {
		key(step.k)
		if tab.list.selected != step.want {
			t.Errorf("after %s: selected %d, want %d", step.k, tab.list.selected, step.want)
		}
	}
	// The selection stays on its host when a refresh reorders the rows, and ends when it goes.
	tab.setRows([]fleet.Row{{Name: "b", Key: "b"}, {Name: "c", Key: "c"}, {Name: "a", Key: "a"}})
	if tab.list.selected != 0 {
		t.Errorf("after a reorder the selection is row %d, want 0 (host b, selected before)", tab.list.selected)
	}
	tab.setRows([]fleet.Row{{Name: "a", Key: "a"}})
	if tab.list.selected != -1 || !tab.openBtn.Disabled() {
		t.Errorf("after the selected host went: selected %d, open button disabled %v", tab.list.selected, tab.openBtn.Disabled())
	}
	for _, k := range []fyne.KeyName{fyne.KeySpace, fyne.KeyF11, fyne.KeyEscape} {
		key(k)
	}
	if len(passed) != 3 || passed[0] != fyne.KeySpace || passed[1] != fyne.KeyF11 || passed[2] != fyne.KeyEscape {
		t.Errorf("keys passed to the window: %v, want Space, F11, Escape", passed)
	}
}
