package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

func TestRowsShown(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))

	// Sorted by CPU, largest first; the kernel thread is hidden by default.
	if got, want := shownColumn(m, model.ColName), []string{"firefox", "bash", "sleep", "systemd"}; !slices.Equal(got, want) {
		t.Errorf("names = %q, want %q", got, want)
	}
	first := shownRows(m)[0]
	want := [model.NumCols]string{"100", "firefox", "alice", "running", "30.0", "3", "0,1", "400 MiB"}
	if first != want {
		t.Errorf("first row = %q, want %q", first, want)
	}
	if got := m.procs.Count.Text; got != "4 of 5 processes · 1 kernel thread hidden" {
		t.Errorf("count = %q", got)
	}
	if got := m.header.host.Text; !strings.Contains(got, "lab") || !strings.Contains(got, "Test CPU") {
		t.Errorf("header = %q", got)
	}
	if got := m.header.meters[0].label.Text; !strings.Contains(got, "40 %") {
		t.Errorf("core 0 meter = %q", got)
	}

	m.procs.Kernel.SetChecked(true)
	drain(m)
	if !slices.Contains(shownColumn(m, model.ColName), "kthreadd") {
		t.Errorf("kernel threads toggle: kthreadd not shown: %q", shownColumn(m, model.ColName))
	}
}

// tapHeader taps the drawn header of a column, as a user would.
func tapHeader(t *testing.T, m *mainWindow, c model.Column) {
	t.Helper()
	for _, h := range drawnHeaders(m) {
		if h.Col == int(c) && h.Visible() {
			test.Tap(h)
			drain(m)
			return
		}
	}
	t.Fatalf("no header for column %d", c)
}

// drawnHeaders are the process table's column titles as the window draws them: found from the
// canvas through the renderers it uses. (test.LaidOutObjects(m.table) would build the table a
// new renderer, whose headers are not the ones on screen, and leave the table drawing with it.)
func drawnHeaders(m *mainWindow) []*widgets.HeaderCell {
	var out []*widgets.HeaderCell
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widgets.HeaderCell:
			out = append(out, w)
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(m.table)
	return out
}

func TestSorting(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))

	tapHeader(t, m, model.ColPID)
	// A numeric column sorts largest first on the first click, smallest first on the second.
	if got, want := shownColumn(m, model.ColPID), []string{"300", "200", "100", "1"}; !slices.Equal(got, want) {
		t.Errorf("PID desc = %q, want %q", got, want)
	}
	tapHeader(t, m, model.ColPID)
	if got, want := shownColumn(m, model.ColPID), []string{"1", "100", "200", "300"}; !slices.Equal(got, want) {
		t.Errorf("PID asc = %q, want %q", got, want)
	}
	tapHeader(t, m, model.ColName)
	if got, want := shownColumn(m, model.ColName), []string{"bash", "firefox", "sleep", "systemd"}; !slices.Equal(got, want) {
		t.Errorf("by name = %q, want %q", got, want)
	}
	tapHeader(t, m, model.ColRSS)
	if got, want := shownColumn(m, model.ColName), []string{"firefox", "systemd", "bash", "sleep"}; !slices.Equal(got, want) {
		t.Errorf("by RSS = %q, want %q", got, want)
	}
	// The choice persists.
	if s, _, _ := loadPrefs(m.app.Preferences()); s.SortCol != model.ColRSS || !s.Desc {
		t.Errorf("saved sort = %v desc %v", s.SortCol, s.Desc)
	}
}

func TestFiltering(t *testing.T) {
	for _, c := range []struct {
		filter string
		want   []string
	}{
		{"alice", []string{"firefox", "sleep"}}, // user
		{"200", []string{"bash"}},               // PID
		{"FIRE", []string{"firefox"}},           // name, any case
		{"renderer", []string{"firefox"}},       // a thread's name
		{"nothing-like-it", nil},                //
		{"", []string{"firefox", "bash", "sleep", "systemd"}},
	} {
		m, src := newTestWindow(t, options{})
		step(m, src, fixture(t0, [3]float64{30, 5, 1}))
		m.win.Canvas().Focus(m.procs.Filter)
		test.Type(m.procs.Filter, c.filter)
		drain(m)
		if got := shownColumn(m, model.ColName); !slices.Equal(got, c.want) {
			t.Errorf("filter %q: rows %q, want %q", c.filter, got, c.want)
		}
		if m.st.Filter() != c.filter {
			t.Errorf("state filter = %q", m.st.Filter())
		}
	}
}

func TestFilterFlagAndEscape(t *testing.T) {
	m, src := newTestWindow(t, options{filter: "sleep"})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	if got := shownColumn(m, model.ColName); !slices.Equal(got, []string{"sleep"}) {
		t.Fatalf("--filter sleep: rows %q", got)
	}
	if m.procs.Filter.Text != "sleep" {
		t.Errorf("filter box = %q", m.procs.Filter.Text)
	}
	m.win.Canvas().Focus(m.procs.Filter)
	m.procs.Filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	drain(m)
	if got := shownColumn(m, model.ColName); len(got) != 4 {
		t.Errorf("after Escape: rows %q", got)
	}
}

// tapRow selects the row showing PID pid by tapping, as a user would.
func tapRow(t *testing.T, m *mainWindow, pid string) {
	t.Helper()
	for i, r := range m.table.Model.Rows {
		if r.Cell(model.ColPID) == pid {
			m.table.Select(widget.TableCellID{Row: i, Col: int(model.ColName)})
			drain(m)
			return
		}
	}
	t.Fatalf("no row for %s", pid)
}

func TestSelectionFollowsResort(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	tapRow(t, m, "300") // sleep, third row
	if got := selectedLook(m); !slices.Equal(got, []int{2}) {
		t.Fatalf("selected rows = %v, want [2]", got)
	}

	// sleep now uses the most CPU and moves to the top; the selection must go with it.
	step(m, src, fixture(t0.Add(time.Second), [3]float64{2, 1, 90}))
	if got := shownColumn(m, model.ColName)[0]; got != "sleep" {
		t.Fatalf("top row = %q, want sleep", got)
	}
	if got := selectedLook(m); !slices.Equal(got, []int{0}) {
		t.Errorf("selected rows after re-sort = %v, want [0]", got)
	}
	if k, _ := m.st.Selection(); k != (inspect.TaskKey{ID: 300, StartTicks: 300}) {
		t.Errorf("hub selection = %v", k)
	}
	if got := m.detail.Title.Text; got != "sleep (300)" {
		t.Errorf("detail title = %q", got)
	}
	if got := m.detail.Cmd.Text; got != "sleep 100" {
		t.Errorf("detail command = %q", got)
	}
	if got := m.detail.Memory.Text; !strings.Contains(got, "PSS 300 MiB ·") {
		t.Errorf("memory line = %q, want PSS 300 MiB", got)
	}
}

func TestThreadsToggle(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	m.procs.Threads.SetChecked(true)
	drain(m)
	names := shownColumn(m, model.ColName)
	for _, want := range []string{"  firefox [Renderer]", "  firefox [GeckoMain]", "  firefox", "  bash"} {
		if !slices.Contains(names, want) {
			t.Errorf("thread row %q missing from %q", want, names)
		}
	}
	// Thread rows follow their process and carry the thread's TID and core.
	rows := shownRows(m)
	if rows[0][model.ColName] != "firefox" || rows[1][model.ColPID] != "100" || rows[1][model.ColCore] != "0" || rows[1][model.ColThreads] != "" {
		t.Errorf("rows 0-1 = %q %q", rows[0], rows[1])
	}
	m.procs.Threads.SetChecked(false)
	drain(m)
	if got := len(shownColumn(m, model.ColName)); got != 4 {
		t.Errorf("after toggle off: %d rows", got)
	}

	// Enter on a selected process opens its threads alone.
	tapRow(t, m, "100")
	m.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	drain(m)
	if got := len(shownColumn(m, model.ColName)); got != 7 {
		t.Errorf("after Enter: %d rows, want 4 processes + 3 threads", got)
	}
}

func TestVanishedProcess(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	tapRow(t, m, "300")

	gone := t0.Add(2 * time.Second)
	step(m, src, without(fixture(gone, [3]float64{30, 5, 1}), 300))
	if slices.Contains(shownColumn(m, model.ColName), "sleep") {
		t.Error("ended process still listed")
	}
	// The selection did not jump to whatever row took its place.
	if got := selectedLook(m); len(got) != 0 {
		t.Errorf("rows drawn selected after the end: %v", got)
	}
	want := "process 300 ended at " + gone.Format("15:04:05")
	if !m.detail.Status.Visible() || m.detail.Status.Text != want {
		t.Errorf("detail status = %q (visible %v), want %q", m.detail.Status.Text, m.detail.Status.Visible(), want)
	}
	if m.status.Text != want {
		t.Errorf("status line = %q", m.status.Text)
	}
	for _, b := range m.detail.Buttons {
		if !b.Disabled() {
			t.Errorf("signal button %q enabled for an ended process", b.Text)
		}
	}
	// Later samples keep the first time it was missed.
	step(m, src, without(fixture(gone.Add(time.Second), [3]float64{30, 5, 1}), 300))
	if m.detail.Status.Text != want {
		t.Errorf("detail status moved on: %q", m.detail.Status.Text)
	}
}

func TestReusedPIDIsAnotherProcess(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	tapRow(t, m, "300")
	s := fixture(t0.Add(time.Second), [3]float64{30, 5, 1})
	s.Processes[4].StartTicks = 999 // same PID, started later: a new process
	step(m, src, s)
	if !strings.HasPrefix(m.detail.Status.Text, "process 300 ended") {
		t.Errorf("reused PID not seen as an end: %q", m.detail.Status.Text)
	}
	if got := selectedLook(m); len(got) != 0 {
		t.Errorf("the newcomer with the same PID is drawn selected: %v", got)
	}
}

func TestTree(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	m.procs.Tree.SetChecked(true)
	drain(m)
	want := []string{"systemd", "  firefox", "    bash", "  sleep"}
	if got := shownColumn(m, model.ColName); !slices.Equal(got, want) {
		t.Errorf("tree = %q, want %q", got, want)
	}
	// With a filter, ancestors stay so the match sits in its place.
	m.st.SetFilter("bash")
	drain(m)
	if got := shownColumn(m, model.ColName); !slices.Equal(got, []string{"systemd", "  firefox", "    bash"}) {
		t.Errorf("filtered tree = %q", got)
	}
}

func TestFreezeAndScrub(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	m.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if !m.st.Frozen() || !m.procs.ScrubRow.Visible() {
		t.Fatal("Space in the table did not freeze")
	}
	step(m, src, fixture(t0.Add(time.Second), [3]float64{2, 1, 90}))
	step(m, src, fixture(t0.Add(2*time.Second), [3]float64{2, 1, 90}))
	if got := shownColumn(m, model.ColName)[0]; got != "firefox" {
		t.Errorf("frozen display changed: top row %q", got)
	}
	if m.st.Live().Taken != t0.Add(2*time.Second) || m.st.History().Len() != 3 {
		t.Errorf("sampling stopped while frozen: %d kept", m.st.History().Len())
	}
	// Scrub to the newest, then back to the first.
	m.procs.Scrub.SetValue(2)
	drain(m)
	if got := shownColumn(m, model.ColName)[0]; got != "sleep" {
		t.Errorf("scrubbed to newest: top row %q", got)
	}
	m.procs.Scrub.SetValue(0)
	drain(m)
	if m.st.Current().Taken != t0 {
		t.Errorf("scrubbed to oldest: showing %v", m.st.Current().Taken)
	}
	m.toggleFreeze()
	drain(m)
	if m.st.Frozen() || m.st.Current().Taken != t0.Add(2*time.Second) {
		t.Errorf("unfreeze did not return to live")
	}
}

func TestKeyboardMovesSelection(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	m.win.Canvas().Focus(m.table)
	m.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	m.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	drain(m)
	if k, ok := m.st.Selection(); !ok || k.ID != 200 {
		t.Errorf("after two Downs selected %v, want bash (200)", k)
	}
	m.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	if k, _ := m.st.Selection(); k.ID != 100 {
		t.Errorf("after Up selected %v, want firefox (100)", k)
	}
}

func TestPresentationMode(t *testing.T) {
	m, src := newTestWindow(t, options{presentation: true})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	large := widgets.NewPresentationTheme().Size(theme.SizeNameText)
	if th := m.app.Settings().Theme(); th.Size(theme.SizeNameText) != large || !m.st.Presentation() || !m.fullscreen {
		t.Fatalf("--presentation: text %v, state %v, fullscreen %v", th.Size(theme.SizeNameText), m.st.Presentation(), m.fullscreen)
	}
	m.togglePresentation()
	if m.app.Settings().Theme().Size(theme.SizeNameText) == large || m.st.Presentation() {
		t.Error("presentation still on after toggling")
	}
	if _, _, on := loadPrefs(m.app.Preferences()); on {
		t.Error("presentation off was not saved")
	}
}

func TestHubMarksRows(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{30, 5, 1}))
	m.st.Mark("demo", []int{200})
	drain(m)
	for _, r := range m.table.Model.Rows {
		if r.Marked != (r.Proc.ID == 200) {
			t.Errorf("row %d marked = %v", r.Proc.ID, r.Marked)
		}
	}
}
