package processes

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
)

// rowsOf builds the row model of n single-threaded processes.
func rowsOf(n int) *model.RowModel {
	s := &inspect.Snapshot{Processes: make([]inspect.Process, n)}
	for i := range s.Processes {
		pid := i + 1
		s.Processes[i] = inspect.Process{PID: pid, Name: "p", NumThreads: 1,
			Threads: []inspect.Thread{{TID: pid, Name: "p"}}}
	}
	return model.BuildRows(s, model.Options{TableSettings: model.TableSettings{SortCol: model.ColPID}})
}

// TestTableRelayoutsOnlyWhenTheCountShows checks that a few rows coming or going far below the
// visible ones do not lay the table out again (which costs a repaint of the window), even after
// relayoutEvery, while a change that shows, or that would move the scroll bar, does.
func TestTableRelayoutsOnlyWhenTheCountShows(t *testing.T) {
	test.NewTempApp(t)
	tbl := NewTable()
	w := test.NewWindow(tbl)
	defer w.Close()
	w.Resize(fyne.NewSize(800, 500))
	tbl.SetModel(rowsOf(5000))
	w.Canvas().Refresh(tbl)
	tbl.Refresh()
	if len(tbl.Bound) == 0 {
		t.Fatal("the table bound no cells")
	}
	if tbl.laidRows != 5000 {
		t.Fatalf("laid %d rows, want 5000", tbl.laidRows)
	}
	old := time.Now().Add(-2 * relayoutEvery)

	tbl.laidAt = old
	tbl.SetModel(rowsOf(4995))
	if tbl.laidRows != 5000 {
		t.Errorf("5 rows fewer out of sight laid the table out again (%d rows)", tbl.laidRows)
	}
	tbl.laidAt = old
	tbl.SetModel(rowsOf(4000))
	if tbl.laidRows != 4000 {
		t.Errorf("1,000 rows fewer, which moves the scroll bar, left the table at %d rows", tbl.laidRows)
	}
	tbl.SetModel(rowsOf(3))
	if tbl.laidRows != 3 {
		t.Errorf("a count change on screen left the table at %d rows", tbl.laidRows)
	}
}

func TestExtentMoves(t *testing.T) {
	for _, c := range []struct {
		laid, n int
		height  float32
		want    bool
	}{
		{5000, 4991, 500, false}, // 9/5000 of 500 px: under a pixel
		{5000, 4990, 500, true},  // exactly one pixel
		{5000, 4995, 500, false},
		{5000, 5011, 500, true},
		{5000, 4000, 500, true},
		{100, 99, 500, true},
		{0, 5, 500, true},
		{5000, 4995, 0, true},
	} {
		if got := extentMoves(c.laid, c.n, c.height); got != c.want {
			t.Errorf("extentMoves(%d, %d, %v) = %v, want %v", c.laid, c.n, c.height, got, c.want)
		}
	}
}
