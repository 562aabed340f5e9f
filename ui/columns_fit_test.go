package ui

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// TestColumnsAtScreenSizes lays the Processes tab out, detail pane beside the table, on the
// screens people use, and checks which columns the table keeps and that all of them fit: a
// desktop user at 1280x720 sees the app and the disk rates (Core and Threads give way first),
// a lecture keeps Threads and Core, and 1920x1080 shows everything in normal mode.
func TestColumnsAtScreenSizes(t *testing.T) {
	cases := []struct {
		size         fyne.Size
		presentation bool
		must         []model.Column
	}{
		{fyne.NewSize(1280, 720), false, []model.Column{model.ColName, model.ColCPU, model.ColRSS, model.ColRead, model.ColWrite, model.ColApp}},
		{fyne.NewSize(1920, 1080), false, []model.Column{model.ColName, model.ColThreads, model.ColCore, model.ColRead, model.ColWrite, model.ColApp}},
		{fyne.NewSize(1280, 720), true, []model.Column{model.ColName, model.ColThreads, model.ColCore, model.ColRSS}},
		{fyne.NewSize(1920, 1080), true, []model.Column{model.ColName, model.ColThreads, model.ColCore, model.ColRSS, model.ColRead, model.ColWrite}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%vx%v presentation=%v", c.size.Width, c.size.Height, c.presentation), func(t *testing.T) {
			m, src := newTestWindow(t, options{presentation: c.presentation})
			m.win.Resize(c.size)
			step(m, src, fixture(t0, [3]float64{30, 5, 1}))
			relayout(m, c.size)
			cols := m.table.Columns()
			for _, col := range c.must {
				if !slices.Contains(cols, col) {
					t.Errorf("column %s left out; shown: %v", model.ColumnTitles[col], titles(cols))
				}
			}
			var sum float32
			for _, col := range cols {
				if m.table.Applied[col] <= 0 {
					t.Errorf("shown column %s has width %v", model.ColumnTitles[col], m.table.Applied[col])
				}
				sum += m.table.Applied[col]
			}
			if tw := m.table.Size().Width; sum > tw+0.5 {
				t.Errorf("the table's columns need %v, it is %v wide", sum, tw)
			}
			// The drawn header row says what Columns says, in the same order.
			if got := shownHeaders(m); !slices.Equal(got, titles(cols)) {
				t.Errorf("headers drawn %q, columns %q", got, titles(cols))
			}
			t.Logf("shown: %v; Name %0.f of table %0.f", titles(cols), m.table.Applied[model.ColName], m.table.Size().Width)
		})
	}
}

func titles(cols []model.Column) []string {
	var out []string
	for _, c := range cols {
		out = append(out, model.ColumnTitles[c])
	}
	return out
}

// shownHeaders are the titles of the header cells on screen, left to right.
func shownHeaders(m *mainWindow) []string {
	var hs []*widgets.HeaderCell
	for _, h := range drawnHeaders(m) {
		if h.Visible() && h.Size().Width > 0 {
			hs = append(hs, h)
		}
	}
	slices.SortFunc(hs, func(a, b *widgets.HeaderCell) int { return cmp.Compare(a.Position().X, b.Position().X) })
	var out []string
	for _, h := range hs {
		out = append(out, model.ColumnTitles[h.Col])
	}
	return out
}

// TestDiskTotalInBothModes: the machine's disk rates are on screen in both modes: on the
// header's host line normally, and on the Processes tab's count line in presentation mode,
// where the host line is left out.
func TestDiskTotalInBothModes(t *testing.T) {
	for _, present := range []bool{false, true} {
		m, src := newTestWindow(t, options{presentation: present})
		snap := fixture(t0, [3]float64{30, 5, 1})
		snap.Disk = inspect.Disk{Available: true, WriteBytesPerSec: 40 << 20}
		step(m, src, snap)
		want := "disk read 0 B/s · write 40.0 MiB/s"
		header := ""
		if m.header.top.Visible() && m.header.disk.Visible() {
			header = m.header.disk.Text
		}
		shown := []string{header, m.procs.Disk()}
		if n := slices.Index(shown, want); n < 0 || slices.Contains(shown[n+1:], want) {
			t.Errorf("presentation %v: header says %q, count line %q; want %q in exactly one", present, shown[0], shown[1], want)
		}
		if present == (shown[1] == "") {
			t.Errorf("presentation %v: count line disk %q", present, shown[1])
		}
	}
}
