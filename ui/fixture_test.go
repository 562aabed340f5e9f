package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/model/modeltest"
	"github.com/taskscope/taskscope/ui/widgets"
)

// The shared fixtures, under short names.
var (
	t0      = modeltest.T0
	fixture = modeltest.Fixture
	without = modeltest.Without
)

// newTestWindow opens the main window on the test driver. The worker goroutine is not
// started: step and drain run its work on the test goroutine, so each test is deterministic.
func newTestWindow(t *testing.T, o options) (*mainWindow, *modeltest.Source) {
	t.Helper()
	a := test.NewTempApp(t)
	src := &modeltest.Source{Mem: inspect.MemoryBreakdown{Available: true, RSS: 400 << 20, PSS: 300 << 20, Private: 250 << 20, Shared: 150 << 20}}
	m := newMainWindow(a, src, o, runOptions{})
	m.win.Resize(fyne.NewSize(1400, 900))
	m.win.Show()
	t.Cleanup(m.win.Close)
	return m, src
}

// step takes one sample of s and runs whatever the window asked of the worker.
func step(m *mainWindow, src *modeltest.Source, s *inspect.Snapshot) {
	drain(m)
	src.Next = s
	m.work.Sample()
	drain(m)
}

// drain runs the jobs the UI posted to the worker.
func drain(m *mainWindow) { m.work.RunPending() }

// shownRows reads the table as drawn: the text of every cell on screen, by row.
func shownRows(m *mainWindow) map[int][model.NumCols]string {
	rows := map[int][model.NumCols]string{}
	for _, c := range m.table.Bound {
		if c.ID.Row >= len(m.table.Model.Rows) || c.Text() == "" && c.ID.Col == int(model.ColPID) {
			continue
		}
		r := rows[c.ID.Row]
		r[c.ID.Col] = c.Text()
		rows[c.ID.Row] = r
	}
	return rows
}

// shownColumn lists one column of the drawn table, top to bottom.
func shownColumn(m *mainWindow, col model.Column) []string {
	rows := shownRows(m)
	var out []string
	for i := 0; i < len(m.table.Model.Rows); i++ {
		if r, ok := rows[i]; ok {
			out = append(out, r[col])
		}
	}
	return out
}

// selectedLook returns the rows drawn as selected.
func selectedLook(m *mainWindow) []int {
	var out []int
	seen := map[int]bool{}
	for _, c := range m.table.Bound {
		if c.ID.Row < len(m.table.Model.Rows) && (c.Look() == widgets.LookSelected || c.Look() == widgets.LookMarkedSelected) && !seen[c.ID.Row] {
			seen[c.ID.Row] = true
			out = append(out, c.ID.Row)
		}
	}
	return out
}

// builtTab returns the page of the tab named name, building it first as showing it would, but
// leaving the tab on screen as it is.
func (m *mainWindow) builtTab(name string) fyne.CanvasObject {
	i := tabIndex(name)
	if m.pages[i] == nil {
		m.pages[i] = widgets.NewTabPage(tabTable[i].build(m))
	}
	return m.pages[i]
}
