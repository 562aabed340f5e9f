package model

import (
	"slices"
	"strconv"
	"strings"

	"github.com/taskscope/taskscope/inspect"
)

// Column is one column of the process table, in display order.
type Column int

// The process table's columns.
const (
	ColPID Column = iota
	ColName
	ColUser
	ColState
	ColCPU
	ColThreads
	ColCore
	ColRSS
	NumCols
)

// ColumnTitles are the header texts; index by Column.
var ColumnTitles = [NumCols]string{"PID", "Name", "User", "State", "CPU %", "Threads", "Core", "RSS"}

// Numeric reports whether a column holds numbers, which read best right-aligned and sort
// largest first on the first click.
func (c Column) Numeric() bool {
	switch c {
	case ColPID, ColCPU, ColThreads, ColCore, ColRSS:
		return true
	}
	return false
}

// TableSettings are the process table's choices that persist between runs. The window keeps
// exactly one copy, in its Options; the check boxes and menu items only show it.
type TableSettings struct {
	SortCol Column
	Desc    bool
	Threads bool // thread rows under every process
	Kernel  bool // show kernel threads
	Tree    bool // parents above their children, indented
}

// Options is everything the row model depends on besides the snapshot. It is a value the UI
// copies to the worker goroutine; its maps are never written after they are handed over
// (copy on write), so both sides may read them without locks.
type Options struct {
	// Version counts changes, so frames built for older options can be recognised and dropped.
	Version int
	TableSettings
	Filter   string
	Expanded map[inspect.TaskKey]bool
	// RuntimeOpen holds the processes whose Go runtime threads are shown one row each; every
	// other process's are folded into one row (see rows_runtime.go).
	RuntimeOpen map[inspect.TaskKey]bool
	Marked      map[int]bool // PIDs highlighted on behalf of other views (demo processes)
	// Self is this app's PID among the rows' processes, which the worker sets from its source
	// (SelfOf); 0 when the source is a recording or another machine.
	Self int
}

// Row is one line of the table: a process, or one of its threads. Its texts are not built
// with it: a table of 10,000 thread rows shows some forty, so Cell formats only the rows on
// screen, which keeps the worker from allocating megabytes of strings every refresh.
type Row struct {
	Proc   inspect.TaskKey // the process this row belongs to
	TID    int             // the thread's TID; 0 on a process row
	Kernel bool
	Marked bool
	self   bool             // the process is this app (Options.Self)
	depth  int              // tree indentation of the name
	p      *inspect.Process // in the model's snapshot, which is immutable
	t      *inspect.Thread  // nil on a process row
	// fold is set on the row that stands for its process's Go runtime threads, and
	// runtimeOpen on thread rows of a process whose runtime threads are unfolded.
	fold        *runtimeFold
	runtimeOpen bool
}

// Cell is the text of one column of the row.
func (r *Row) Cell(c Column) string {
	p, t := r.p, r.t
	if r.fold != nil {
		return r.fold.cell(c, p, r.depth)
	}
	if t == nil {
		switch c {
		case ColPID:
			return strconv.Itoa(p.PID)
		case ColName:
			if r.self {
				return indent(r.depth) + p.Name + SelfMark
			}
			return indent(r.depth) + p.Name
		case ColUser:
			return p.User
		case ColState:
			return StateWord(ProcessState(p))
		case ColCPU:
			return FormatPercent(p.CPUPercent)
		case ColThreads:
			return strconv.Itoa(p.NumThreads)
		case ColCore:
			return CoreSet(p)
		case ColRSS:
			return FormatBytes(p.RSSBytes)
		}
		return ""
	}
	switch c {
	case ColPID:
		return strconv.Itoa(t.TID)
	case ColName:
		if IsRuntimeThread(t) {
			return indent(r.depth) + t.Name + RuntimeMark
		}
		return indent(r.depth) + ThreadLabel(p.Name, t.Name)
	case ColUser:
		return p.User
	case ColState:
		return StateWord(t.State)
	case ColCPU:
		return FormatPercent(t.CPUPercent)
	case ColCore:
		return strconv.Itoa(t.Core)
	}
	return ""
}

// IsThread reports whether the row is a thread row.
func (r *Row) IsThread() bool { return r.TID != 0 }

// RowModel is a finished, immutable table: built on the worker goroutine, then handed whole
// to the UI, which only reads it.
type RowModel struct {
	Version int
	Snap    *inspect.Snapshot
	Rows    []Row
	// procRow maps each shown process to its row, to find the selection after a re-sort.
	procRow map[inspect.TaskKey]int
	// Shown and Total count processes after and before filtering; KernelHidden counts the
	// kernel threads left out, and KernelMatching those of them the filter matched.
	Shown, Total                 int
	KernelHidden, KernelMatching int
}

// Find returns the row of a process (tid 0) or of one of its threads, falling back to the
// process's row when that thread is not shown; -1 when the process is not shown.
func (m *RowModel) Find(proc inspect.TaskKey, tid int) int {
	if m == nil {
		return -1
	}
	i, ok := m.procRow[proc]
	if !ok {
		return -1
	}
	if tid == 0 {
		return i
	}
	for j := i + 1; j < len(m.Rows) && m.Rows[j].IsThread() && m.Rows[j].Proc == proc; j++ {
		r := &m.Rows[j]
		// A runtime thread folded away is found at its fold, and the fold, once unfolded,
		// at the first runtime thread.
		if r.TID == tid || r.fold != nil && r.fold.holds(r.p, tid) || tid == RuntimeFoldTID && r.IsRuntime() {
			return j
		}
	}
	return i
}

// BuildRows turns a snapshot into table rows: filter, sort, tree and thread rows. It runs on the
// worker goroutine, so the UI goroutine never formats or sorts.
func BuildRows(s *inspect.Snapshot, o Options) *RowModel {
	m := &RowModel{Version: o.Version, Snap: s, procRow: map[inspect.TaskKey]int{}}
	if s == nil {
		return m
	}
	m.Total = len(s.Processes)
	needle := inspect.Needle(o.Filter)
	keep := make([]*inspect.Process, 0, len(s.Processes))
	for i := range s.Processes {
		p := &s.Processes[i]
		match := needle == "" || p.Matches(needle)
		if p.KernelThread && !o.Kernel {
			m.KernelHidden++
			if needle != "" && match {
				m.KernelMatching++
			}
			continue
		}
		if match {
			keep = append(keep, p)
		}
	}
	m.Shown = len(keep)
	slices.SortStableFunc(keep, processOrder(o.TableSettings))
	var depths []int
	if o.Tree {
		keep, depths = treeOrder(s, keep, o)
	}
	n := len(keep)
	for _, p := range keep {
		if o.Threads || o.Expanded[p.Key()] {
			n += len(p.Threads)
		}
	}
	m.Rows = make([]Row, 0, n)
	threads := rowThreadOrder(o.TableSettings)
	for i, p := range keep {
		d := 0
		if depths != nil {
			d = depths[i]
		}
		m.procRow[p.Key()] = len(m.Rows)
		marked := o.Marked[p.PID]
		m.Rows = append(m.Rows, Row{Proc: p.Key(), Kernel: p.KernelThread, Marked: marked, self: o.Self != 0 && p.PID == o.Self, depth: d, p: p})
		if o.Threads || o.Expanded[p.Key()] {
			start := len(m.Rows)
			open := o.RuntimeOpen[p.Key()]
			var fold *runtimeFold
			if !open {
				fold = foldRuntime(p)
			}
			for j := range p.Threads {
				t := &p.Threads[j]
				if fold != nil && IsRuntimeThread(t) {
					continue
				}
				m.Rows = append(m.Rows, Row{Proc: p.Key(), TID: t.TID, Kernel: p.KernelThread,
					Marked: marked, depth: d + 1, p: p, t: t, runtimeOpen: open})
			}
			if fold != nil {
				m.Rows = append(m.Rows, Row{Proc: p.Key(), TID: RuntimeFoldTID, Kernel: p.KernelThread,
					Marked: marked, depth: d + 1, p: p, fold: fold})
			}
			slices.SortStableFunc(m.Rows[start:], threads)
		}
	}
	return m
}

// treeOrder reorders kept processes so each parent comes before its children, siblings in the
// sort order. With a filter, the ancestors of matches are kept too, so the tree stays readable.
// It returns the depth of each process alongside.
func treeOrder(s *inspect.Snapshot, keep []*inspect.Process, o Options) ([]*inspect.Process, []int) {
	in := make(map[int]*inspect.Process, len(keep))
	for _, p := range keep {
		in[p.PID] = p
	}
	if o.Filter != "" {
		for _, p := range keep {
			for pp := p.PPID; pp > 0; {
				q, ok := s.Find(pp)
				if !ok || in[pp] != nil {
					break
				}
				in[pp] = q
				pp = q.PPID
			}
		}
		keep = keep[:0]
		for _, p := range in {
			keep = append(keep, p)
		}
		slices.SortStableFunc(keep, processOrder(o.TableSettings))
	}
	children := make(map[int][]*inspect.Process, len(keep))
	var roots []*inspect.Process
	for _, p := range keep {
		if _, ok := in[p.PPID]; ok && p.PPID != p.PID {
			children[p.PPID] = append(children[p.PPID], p)
		} else {
			roots = append(roots, p)
		}
	}
	out := make([]*inspect.Process, 0, len(keep))
	depth := make([]int, 0, len(keep))
	var walk func(p *inspect.Process, d int)
	walk = func(p *inspect.Process, d int) {
		out = append(out, p)
		depth = append(depth, d)
		for _, c := range children[p.PID] {
			walk(c, d+1)
		}
	}
	for _, r := range roots {
		walk(r, 0)
	}
	return out, depth
}

// indent is the prefix of a name at a tree depth; two spaces a level keeps the column narrow.
func indent(depth int) string {
	if depth <= 0 {
		return ""
	}
	return strings.Repeat("  ", depth)
}
