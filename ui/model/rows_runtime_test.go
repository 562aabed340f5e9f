package model

import (
	"slices"
	"strings"
	"testing"

	"github.com/taskscope/taskscope/inspect"
)

// demoSnapshot is one demo process whose one working thread does it all, beside the Go
// runtime's four helper threads, as demos.NameProcess leaves them.
func demoSnapshot() *inspect.Snapshot {
	p := inspect.Process{PID: 500, PPID: 1, StartTicks: 7, Name: "editor-single", User: "alice", State: "S",
		CPUPercent: 101, NumThreads: 5}
	p.Threads = []inspect.Thread{
		{TID: 500, Name: "editor-single", State: "S", CPUPercent: 0, Core: 0},
		{TID: 501, Name: "go-runtime", State: "S", CPUPercent: 0.5, Core: 1},
		{TID: 502, Name: "go-runtime", State: "R", CPUPercent: 0.25, Core: 0},
		{TID: 503, Name: "go-runtime", State: "S", CPUPercent: 0.25, Core: 1},
		{TID: 504, Name: "editor-loop", State: "R", CPUPercent: 100, Core: 1},
	}
	return &inspect.Snapshot{Taken: t0, Processes: []inspect.Process{p}}
}

// TestRuntimeThreadsFolded: with thread rows on, a demo's Go runtime threads are one row,
// "go-runtime ×3 (Go runtime)", with their CPU summed, so the one working thread is the only
// busy row; the fold sorts among the threads by its sum; Enter on it (TogglesRuntime, then
// RuntimeOpen) unfolds them, each labelled, and Enter on any of them folds them back.
func TestRuntimeThreadsFolded(t *testing.T) {
	s := demoSnapshot()
	k := s.Processes[0].Key()
	o := Options{TableSettings: TableSettings{SortCol: ColCPU, Desc: true, Threads: true}}
	m := BuildRows(s, o)
	var names []string
	for _, r := range m.Rows {
		names = append(names, r.Cell(ColName))
	}
	want := []string{"editor-single", "  editor-single [editor-loop]", "  go-runtime ×3 (Go runtime)", "  editor-single"}
	if !slices.Equal(names, want) {
		t.Fatalf("folded rows %q, want %q", names, want)
	}
	fold := m.Rows[2]
	if !fold.IsRuntimeFold() || !fold.TogglesRuntime() || fold.TID != RuntimeFoldTID {
		t.Fatalf("fold row: fold %v toggles %v tid %d", fold.IsRuntimeFold(), fold.TogglesRuntime(), fold.TID)
	}
	if got := fold.Cell(ColCPU); got != FormatPercent(1.0) {
		t.Errorf("fold CPU %q, want the sum %q", got, FormatPercent(1.0))
	}
	if fold.Cell(ColState) != "running" || fold.Cell(ColThreads) != "3" || fold.Cell(ColCore) != "1,0" {
		t.Errorf("fold state %q threads %q cores %q", fold.Cell(ColState), fold.Cell(ColThreads), fold.Cell(ColCore))
	}
	if m.Rows[1].TogglesRuntime() || m.Rows[1].IsRuntime() {
		t.Error("the working thread's row counts as a runtime row")
	}
	// A selected runtime thread, folded away, is found at its fold; the fold itself too.
	if m.Find(k, 502) != 2 || m.Find(k, RuntimeFoldTID) != 2 {
		t.Errorf("find 502 -> %d, fold -> %d, want 2", m.Find(k, 502), m.Find(k, RuntimeFoldTID))
	}
	// By name the fold sorts as "go-runtime": after editor-loop and editor-single.
	o.SortCol, o.Desc = ColName, false
	if got := BuildRows(s, o).Rows[3]; !got.IsRuntimeFold() {
		t.Errorf("by name, row 3 is %q, want the fold", got.Cell(ColName))
	}

	o.SortCol, o.Desc = ColCPU, true
	o.RuntimeOpen = map[inspect.TaskKey]bool{k: true}
	m = BuildRows(s, o)
	if len(m.Rows) != 6 {
		t.Fatalf("unfolded: %d rows, want 6", len(m.Rows))
	}
	runtime := 0
	for _, r := range m.Rows[1:] {
		if r.IsRuntimeFold() {
			t.Error("a fold row while unfolded")
		}
		isRT := strings.HasPrefix(r.Cell(ColName), "  go-runtime")
		if isRT != r.IsRuntime() || isRT != r.TogglesRuntime() {
			t.Errorf("row %q: runtime %v toggles %v", r.Cell(ColName), r.IsRuntime(), r.TogglesRuntime())
		}
		if isRT {
			runtime++
			if !strings.HasSuffix(r.Cell(ColName), RuntimeMark) {
				t.Errorf("unfolded runtime row %q not labelled", r.Cell(ColName))
			}
		}
	}
	if runtime != 3 {
		t.Errorf("%d runtime rows unfolded, want 3", runtime)
	}
	if i := m.Find(k, RuntimeFoldTID); i < 0 || !m.Rows[i].IsRuntime() {
		t.Errorf("the fold's selection, unfolded, lands on row %d", i)
	}
}

// TestSingleRuntimeThreadNotFolded: one runtime thread alone is shown as itself, labelled;
// a process with no runtime threads is untouched.
func TestSingleRuntimeThreadNotFolded(t *testing.T) {
	s := demoSnapshot()
	p := &s.Processes[0]
	p.Threads = slices.DeleteFunc(p.Threads, func(t inspect.Thread) bool { return t.TID == 502 || t.TID == 503 })
	m := BuildRows(s, Options{TableSettings: TableSettings{SortCol: ColPID, Threads: true}})
	if len(m.Rows) != 4 {
		t.Fatalf("%d rows, want 4", len(m.Rows))
	}
	if r := m.Rows[2]; r.TID != 501 || r.IsRuntimeFold() || r.Cell(ColName) != "  go-runtime"+RuntimeMark || r.TogglesRuntime() {
		t.Errorf("lone runtime thread row %d %q toggles %v", r.TID, r.Cell(ColName), r.TogglesRuntime())
	}
}
