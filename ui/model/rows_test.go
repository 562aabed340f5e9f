package model

import (
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/taskscope/taskscope/inspect"
)

// pids lists the rows' PIDs (TIDs on thread rows), top to bottom.
func pids(m *RowModel) []int {
	var out []int
	for _, r := range m.Rows {
		if r.IsThread() {
			out = append(out, r.TID)
		} else {
			out = append(out, r.Proc.ID)
		}
	}
	return out
}

// TestBuildRowsFilter: the one filter rule, inspect's, decides the rows: a substring of the
// name, command line, user, PID or a thread name, in any case. "usr" finds the program started
// from /usr/bin, which a rule without command lines missed.
func TestBuildRowsFilter(t *testing.T) {
	s := fixture(t0, [3]float64{30, 5, 1})
	for _, c := range []struct {
		filter string
		kernel bool
		want   []int
		hidden int
		match  int
	}{
		{"", false, []int{1, 100, 200, 300}, 1, 0},
		{"usr", false, []int{100}, 1, 0},
		{"FIRE", false, []int{100}, 1, 0},
		{"render", false, []int{100}, 1, 0},     // a thread's name finds its process
		{"alice", false, []int{100, 300}, 1, 0}, // the user
		{"30", false, []int{300}, 1, 0},         // part of a PID
		{"  sleep ", false, []int{300}, 1, 0},   // trimmed
		{"kthread", false, nil, 1, 1},           // only a hidden kernel thread matches
		{"kthread", true, []int{2}, 0, 0},
		{"nothing", false, nil, 1, 0},
	} {
		o := Options{Filter: c.filter, TableSettings: TableSettings{SortCol: ColPID, Kernel: c.kernel}}
		m := BuildRows(s, o)
		if got := pids(m); !slices.Equal(got, c.want) {
			t.Errorf("filter %q kernel %v: rows %v, want %v", c.filter, c.kernel, got, c.want)
		}
		if m.Shown != len(c.want) || m.Total != 5 || m.KernelHidden != c.hidden || m.KernelMatching != c.match {
			t.Errorf("filter %q: shown %d total %d kernel hidden %d matching %d", c.filter, m.Shown, m.Total, m.KernelHidden, m.KernelMatching)
		}
	}
}

// TestBuildRowsSort: each column sorts both ways, ties by PID, thread rows sorted under their
// process by the same column.
func TestBuildRowsSort(t *testing.T) {
	s := fixture(t0, [3]float64{30, 5, 1})
	for _, c := range []struct {
		col  Column
		desc bool
		want []int
	}{
		{ColPID, false, []int{1, 100, 200, 300}},
		{ColPID, true, []int{300, 200, 100, 1}},
		{ColCPU, true, []int{100, 200, 300, 1}},
		{ColName, false, []int{200, 100, 300, 1}},
		{ColUser, false, []int{100, 300, 200, 1}},
		{ColRSS, true, []int{100, 1, 200, 300}},
		{ColThreads, true, []int{100, 1, 200, 300}},
		{ColCore, false, []int{1, 100, 200, 300}}, // processes do not sort by core: PID decides
		{ColState, false, []int{100, 1, 200, 300}},
	} {
		m := BuildRows(s, Options{TableSettings: TableSettings{SortCol: c.col, Desc: c.desc}})
		if got := pids(m); !slices.Equal(got, c.want) {
			t.Errorf("sort by %s desc %v: %v, want %v", ColumnTitles[c.col], c.desc, got, c.want)
		}
	}
	m := BuildRows(s, Options{Filter: "firefox", TableSettings: TableSettings{SortCol: ColName, Threads: true}})
	if got := pids(m); !slices.Equal(got, []int{100, 102, 101, 100}) {
		t.Errorf("threads sorted by name = %v, want process 100, then GeckoMain, Renderer, firefox", got)
	}
	if got := m.Rows[2].Cell(ColName); got != "  firefox [Renderer]" {
		t.Errorf("thread row name = %q", got)
	}
}

// TestSortByShownCPU: rows sort by the CPU share they show, so rows reading the same figure
// keep their ID order from one refresh to the next instead of trading places on a difference
// the table does not show.
func TestSortByShownCPU(t *testing.T) {
	s := fixture(t0, [3]float64{30, 5, 1}) // sleep (300) reads 1.0
	for i := range s.Processes {
		p := &s.Processes[i]
		switch p.PID {
		case 100: // each reads 1.0; by the unrounded figure the order would be 101, 100, 102
			p.CPUPercent = 0.9987
			p.Threads[0].CPUPercent, p.Threads[1].CPUPercent, p.Threads[2].CPUPercent = 0.9991, 1.0003, 0.9987
		case 200:
			p.CPUPercent, p.Threads[0].CPUPercent = 1.0004, 1.0004
		}
	}
	m := BuildRows(s, Options{TableSettings: TableSettings{SortCol: ColCPU, Desc: true, Threads: true}})
	if got, want := pids(m), []int{100, 100, 101, 102, 200, 200, 300, 300, 1, 1}; !slices.Equal(got, want) {
		t.Errorf("rows by CPU, the first eight all reading 1.0 = %v, want %v (ties in PID, then TID order)", got, want)
	}
}

// TestBuildRowsTree: parents before children, indented; with a filter the ancestors of a
// match stay so the tree reads.
func TestBuildRowsTree(t *testing.T) {
	s := fixture(t0, [3]float64{30, 5, 1})
	m := BuildRows(s, Options{TableSettings: TableSettings{SortCol: ColPID, Tree: true}})
	if got := pids(m); !slices.Equal(got, []int{1, 100, 200, 300}) {
		t.Errorf("tree = %v", got)
	}
	names := []string{}
	for i := range m.Rows {
		names = append(names, m.Rows[i].Cell(ColName))
	}
	if !slices.Equal(names, []string{"systemd", "  firefox", "    bash", "  sleep"}) {
		t.Errorf("tree names = %q", names)
	}
	m = BuildRows(s, Options{Filter: "bash", TableSettings: TableSettings{SortCol: ColPID, Tree: true}})
	if got := pids(m); !slices.Equal(got, []int{1, 100, 200}) {
		t.Errorf("filtered tree = %v, want bash with its ancestors", got)
	}
	// Expanded shows one process's threads; Find goes to a thread's row, or its process's.
	o := Options{TableSettings: TableSettings{SortCol: ColPID}, Expanded: map[inspect.TaskKey]bool{{ID: 100, StartTicks: 100}: true}}
	m = BuildRows(s, o)
	if got := pids(m); !slices.Equal(got, []int{1, 100, 100, 101, 102, 200, 300}) {
		t.Errorf("expanded = %v", got)
	}
	ff := inspect.TaskKey{ID: 100, StartTicks: 100}
	if m.Find(ff, 101) != 3 || m.Find(ff, 999) != 1 || m.Find(inspect.TaskKey{ID: 5}, 0) != -1 {
		t.Errorf("Find: %d %d %d", m.Find(ff, 101), m.Find(ff, 999), m.Find(inspect.TaskKey{ID: 5}, 0))
	}
}

func TestRowCells(t *testing.T) {
	s := fixture(t0, [3]float64{30, 5, 1})
	m := BuildRows(s, Options{Filter: "firefox", TableSettings: TableSettings{SortCol: ColPID}, Marked: map[int]bool{100: true}})
	r := m.Rows[0]
	want := [NumCols]string{"100", "firefox", "alice", "running", "30.0", "3", "0,1", "400 MiB", "0 B/s", "0 B/s", ""}
	for c := range NumCols {
		if got := r.Cell(c); got != want[c] {
			t.Errorf("%s = %q, want %q", ColumnTitles[c], got, want[c])
		}
	}
	if !r.Marked {
		t.Error("a marked PID's row is not marked")
	}
	if strconv.Itoa(r.Proc.ID) != "100" {
		t.Error("row key")
	}
}

// TestSelfMarked: Taskscope's own process row and its lane runs say it is this app, where the
// source knows which that is; with no self (a recording, a remote host) no row says it.
func TestSelfMarked(t *testing.T) {
	const self = 4242
	s := fixture(t0, [3]float64{30, 5, 1})
	s.Processes = append(s.Processes, inspect.Process{PID: self, StartTicks: 9, Name: "taskscope", User: "me", State: "S"})
	o := Options{Filter: "taskscope", TableSettings: TableSettings{SortCol: ColPID}, Self: self}
	m := BuildRows(s, o)
	if len(m.Rows) != 1 || m.Rows[0].Cell(ColName) != "taskscope"+SelfMark {
		t.Errorf("own row: %d rows, name %q", len(m.Rows), m.Rows[0].Cell(ColName))
	}
	o.Self = 0
	if m := BuildRows(s, o); m.Rows[0].Cell(ColName) != "taskscope" {
		t.Errorf("with no self known the row says %q", m.Rows[0].Cell(ColName))
	}
	seg := []LaneSeg{{From: t0, To: t0.Add(WatchEvery), Proc: inspect.TaskKey{ID: self}, Name: "render"}}
	if runs := RunsOf(seg, nil, self); runs[0].Label() != "render"+SelfMark {
		t.Errorf("own run labelled %q", runs[0].Label())
	}
	if runs := RunsOf(seg, nil, 0); runs[0].Label() != "render" {
		t.Errorf("run with no self known labelled %q", runs[0].Label())
	}
}

// TestOnlyLiveSourceKnowsSelf: the live source of this machine's /proc names this process; a
// fixture tree, a recording and a remote agent name none, so a replay never marks whichever
// recorded process happens to have the viewer's PID.
func TestOnlyLiveSourceKnowsSelf(t *testing.T) {
	live, err := NewLive("/proc")
	if err != nil {
		t.Skip("no /proc:", err)
	}
	if got := SelfOf(live); got != os.Getpid() {
		t.Errorf("live source's self %d, want %d", got, os.Getpid())
	}
	fix, err := NewLive("testdata/proc")
	if err == nil && SelfOf(fix) != 0 {
		t.Errorf("a fixture tree's source claims self %d", SelfOf(fix))
	}
	if got := SelfOf(&Replay{}); got != 0 {
		t.Errorf("a replay claims self %d", got)
	}
	if got := SelfOf(&Remote{}); got != 0 {
		t.Errorf("a remote source claims self %d", got)
	}
	st := NewState()
	st.SetSourceInfo(SourceInfo{Kind: SourceReplay})
	if st.IsSelf(os.Getpid()) {
		t.Error("in a replay the viewer's own PID is marked as this app")
	}
	st.SetSourceInfo(SourceInfo{Kind: SourceLive, Self: os.Getpid()})
	if !st.IsSelf(os.Getpid()) || st.IsSelf(os.Getpid()+1) {
		t.Error("live: IsSelf does not follow the source's self")
	}
}
