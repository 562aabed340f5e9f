package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
)

// TestDialogTakesTheKeyboard: with a signal's confirmation open, Space, Escape and Enter do
// nothing to the window behind (no freeze, the filter kept, no row opened); Escape closes the
// dialog unsent; Enter confirms.
func TestDialogTakesTheKeyboard(t *testing.T) {
	m, src := newTestWindow(t, options{filter: "sleep"})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	m.st.SelectProcess(inspect.TaskKey{ID: 300, StartTicks: 300})
	drain(m)
	keys := m.win.Canvas().OnTypedKey()
	open := func() {
		m.askSignal(model.SignalChoices[0])
		if m.win.Canvas().Overlays().Top() == nil {
			t.Fatal("no confirmation shown")
		}
	}
	open()
	expanded := len(m.opts.Expanded)
	m.win.Canvas().Focus(m.table) // the table had focus before the dialog opened
	keys(&fyne.KeyEvent{Name: fyne.KeySpace})
	m.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	m.procs.Filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if m.st.Frozen() {
		t.Error("Space froze the window behind the dialog")
	}
	if m.win.Canvas().Overlays().Top() == nil {
		t.Fatal("Space closed the dialog")
	}
	keys(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if m.st.Filter() != "sleep" {
		t.Errorf("Escape cleared the filter behind the dialog: %q", m.st.Filter())
	}
	if m.win.Canvas().Overlays().Top() != nil {
		t.Error("Escape did not close the dialog")
	}
	drain(m)
	if m.status.Text != "" {
		t.Errorf("cancelled, yet the status says %q", m.status.Text)
	}

	open()
	m.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(m.opts.Expanded) != expanded {
		t.Error("Enter opened the row behind the dialog")
	}
	if m.win.Canvas().Overlays().Top() != nil {
		t.Error("Enter did not close the dialog")
	}
	drain(m) // the worker sends; the test source cannot signal, and says so
	if m.status.Text == "" {
		t.Error("Enter did not confirm: no outcome in the status line")
	}
}

// TestPresentationToggledOnAnotherTab: presentation mode switched while the Demos tab is shown
// leaves no row of the process table at the old text size once the Processes tab is back.
func TestPresentationToggledOnAnotherTab(t *testing.T) {
	for _, on := range []bool{true, false} {
		m, src := newTestWindow(t, options{presentation: !on})
		step(m, src, fixture(t0, [3]float64{30, 5, 1}))
		m.showTab(2)
		m.togglePresentation()
		step(m, src, fixture(t0.Add(1e9), [3]float64{30, 5, 1}))
		m.showTab(0)
		relayout(m, fyne.NewSize(1400, 900))
		want := theme.TextSize()
		rowH := m.table.CreateCell().MinSize().Height
		checked := 0
		for _, c := range m.table.Bound {
			if !c.Visible() || c.Text() == "" {
				continue
			}
			checked++
			if got := c.Size().Height; got < rowH-1 || got > rowH+1 {
				t.Errorf("presentation %v: a row is %v tall, rows at this text size are %v", on, got, rowH)
				break
			}
			if got := c.TextSize(); got != want {
				t.Errorf("presentation %v: a cell's text is %v, the theme's %v", on, got, want)
				break
			}
		}
		if checked == 0 {
			t.Errorf("presentation %v: no row drawn", on)
		}
	}
}

// TestFreezeBannerOnEveryTab: frozen, every tab shows the banner with the time held.
func TestFreezeBannerOnEveryTab(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	m.toggleFreeze()
	step(m, src, fixture(t0.Add(1e9), [3]float64{30, 5, 1}))
	for i := range m.tabs.Items {
		m.showTab(i)
		if !m.frozen.Visible() || !strings.Contains(m.frozen.Text, t0.Format("15:04:05")) {
			t.Errorf("tab %d: banner %q (visible %v)", i, m.frozen.Text, m.frozen.Visible())
		}
	}
	m.toggleFreeze()
	if m.frozen.Visible() {
		t.Error("banner stays when live")
	}
}

// TestBannerAndStatusGetTheirRoom: whichever tab the window opens on, the frozen banner and the
// status line, shown, get their height in the frame and push the tabs down or up. Fyne lays a
// frame out again by itself only when its walk of the tree notices a changed minimum size, and
// over the Demos, Timeline and Claims tabs the banner stayed hidden while the window froze.
func TestBannerAndStatusGetTheirRoom(t *testing.T) {
	for _, tab := range tabNames() {
		if tab == "fleet" {
			continue // only with --prometheus
		}
		m, src := newTestWindow(t, options{tab: tab})
		step(m, src, fixture(t0, [3]float64{30, 5, 1}))
		m.toggleFreeze()
		banner := m.frozen.Size().Height
		if banner <= 0 || m.tabs.Position().Y < m.frozen.Position().Y+banner {
			t.Errorf("tab %s: frozen, the banner is %v high at %v and the tabs start at %v",
				tab, banner, m.frozen.Position(), m.tabs.Position())
		}
		m.setStatus("process 1 ended at 12:00:00")
		if h := m.status.Size().Height; h <= 0 || m.tabs.Position().Y+m.tabs.Size().Height > m.status.Position().Y {
			t.Errorf("tab %s: the status line is %v high at %v; the tabs end at %v",
				tab, h, m.status.Position(), m.tabs.Position().Y+m.tabs.Size().Height)
		}
	}
}

// TestTabAndCardKeys: Ctrl+N shows the N-th tab, Alt+N the N-th demo card; the card shown is
// remembered for the next window, unless --tab demos/CARD names another.
func TestTabAndCardKeys(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	sc := menuKeys{t, m}
	sc.TypedShortcut(tabShortcut(fyne.Key2))
	if got := m.tabs.Selected().Text; got != "Cores" {
		t.Errorf("Ctrl+2 shows %q", got)
	}
	sc.TypedShortcut(cardShortcut(4))
	if got := m.tabs.Selected().Text; got != "Demos" || m.demoTab().Shown() != "race" {
		t.Errorf("Alt+4 shows %q, card %q", got, m.demoTab().Shown())
	}
	if got := m.app.Preferences().String(prefDemoCard); got != "race" {
		t.Errorf("remembered card %q", got)
	}
	// The next window opens on the remembered card; --tab demos/cost opens that one.
	m2 := newMainWindow(m.app, src, options{tab: "demos"}, runOptions{})
	defer m2.win.Close()
	if m2.demos.Shown() != "race" {
		t.Errorf("next window shows card %q, want the remembered race", m2.demos.Shown())
	}
	m3 := newMainWindow(m.app, src, options{tab: "demos", card: "cost"}, runOptions{})
	defer m3.win.Close()
	if m3.demos.Shown() != "cost" {
		t.Errorf("--tab demos/cost shows %q", m3.demos.Shown())
	}
}

// menuKeys presses a shortcut as the menu bar (and the canvas) does: by running the action of
// the menu item that carries it. The test driver's canvas has no way to type a shortcut.
type menuKeys struct {
	t *testing.T
	m *mainWindow
}

func (k menuKeys) TypedShortcut(sc fyne.Shortcut) {
	k.t.Helper()
	for _, menu := range k.m.menus.main.Items {
		for _, it := range menu.Items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == sc.ShortcutName() {
				it.Action()
				return
			}
		}
	}
	k.t.Fatalf("no menu item for %s", sc.ShortcutName())
}
