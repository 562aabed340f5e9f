package ui

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/taskscope/taskscope/inspect"
)

// column is one column of the process table, in display order.
type column int

const (
	colPID column = iota
	colName
	colUser
	colState
	colCPU
	colThreads
	colCore
	colRSS
	numCols
)

// columnTitles are the header texts; index by column.
var columnTitles = [numCols]string{"PID", "Name", "User", "State", "CPU %", "Threads", "Core", "RSS"}

// numeric reports whether a column holds numbers, which read best right-aligned and sort
// largest first on the first click.
func (c column) numeric() bool {
	switch c {
	case colPID, colCPU, colThreads, colCore, colRSS:
		return true
	}
	return false
}

// viewOptions is everything the row model depends on besides the snapshot. It is a value the UI
// copies to the worker goroutine; its maps are never written after they are handed over
// (copy on write), so both sides may read them without locks.
type viewOptions struct {
	// version counts changes, so frames built for older options can be recognised and dropped.
	version  int
	sortCol  column
	desc     bool
	filter   string
	threads  bool // thread rows under every process
	kernel   bool // show kernel threads
	tree     bool // parents above their children, indented
	expanded map[inspect.TaskKey]bool
	marked   map[int]bool // PIDs highlighted on behalf of other views (demo processes)
}

// row is one line of the table: a process, or one of its threads. Its texts are not built
// with it: a table of 10,000 thread rows shows some forty, so cell formats only the rows on
// screen, which keeps the worker from allocating megabytes of strings every refresh.
type row struct {
	proc   inspect.TaskKey // the process this row belongs to
	tid    int             // the thread's TID; 0 on a process row
	kernel bool
	marked bool
	depth  int              // tree indentation of the name
	p      *inspect.Process // in the model's snapshot, which is immutable
	t      *inspect.Thread  // nil on a process row
}

// cell is the text of one column of the row.
func (r *row) cell(c column) string {
	p, t := r.p, r.t
	if t == nil {
		switch c {
		case colPID:
			return strconv.Itoa(p.PID)
		case colName:
			return indent(r.depth) + p.Name
		case colUser:
			return p.User
		case colState:
			return stateWord(processState(p))
		case colCPU:
			return formatPercent(p.CPUPercent)
		case colThreads:
			return strconv.Itoa(p.NumThreads)
		case colCore:
			return coreSet(p)
		case colRSS:
			return formatBytes(p.RSSBytes)
		}
		return ""
	}
	switch c {
	case colPID:
		return strconv.Itoa(t.TID)
	case colName:
		return indent(r.depth) + threadLabel(p.Name, t.Name)
	case colUser:
		return p.User
	case colState:
		return stateWord(t.State)
	case colCPU:
		return formatPercent(t.CPUPercent)
	case colCore:
		return strconv.Itoa(t.Core)
	}
	return ""
}

// isThread reports whether the row is a thread row.
func (r *row) isThread() bool { return r.tid != 0 }

// rowModel is a finished, immutable table: built on the worker goroutine, then handed whole
// to the UI, which only reads it.
type rowModel struct {
	version int
	snap    *inspect.Snapshot
	rows    []row
	// procRow maps each shown process to its row, to find the selection after a re-sort.
	procRow map[inspect.TaskKey]int
	// shown and total count processes after and before filtering.
	shown, total int
}

// find returns the row of a process (tid 0) or of one of its threads, falling back to the
// process's row when that thread is not shown; -1 when the process is not shown.
func (m *rowModel) find(proc inspect.TaskKey, tid int) int {
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
	for j := i + 1; j < len(m.rows) && m.rows[j].isThread() && m.rows[j].proc == proc; j++ {
		if m.rows[j].tid == tid {
			return j
		}
	}
	return i
}

// buildRows turns a snapshot into table rows: filter, sort, tree and thread rows. It runs on the
// worker goroutine, so the UI thread never formats or sorts.
func buildRows(s *inspect.Snapshot, o viewOptions) *rowModel {
	m := &rowModel{version: o.version, snap: s, procRow: map[inspect.TaskKey]int{}}
	if s == nil {
		return m
	}
	m.total = len(s.Processes)
	keep := make([]*inspect.Process, 0, len(s.Processes))
	for i := range s.Processes {
		p := &s.Processes[i]
		if p.KernelThread && !o.kernel {
			continue
		}
		if o.filter != "" && !matches(p, o.filter) {
			continue
		}
		keep = append(keep, p)
	}
	m.shown = len(keep)
	slices.SortStableFunc(keep, processOrder(o))
	var depths []int
	if o.tree {
		keep, depths = treeOrder(s, keep, o)
	}
	n := len(keep)
	for _, p := range keep {
		if o.threads || o.expanded[p.Key()] {
			n += len(p.Threads)
		}
	}
	m.rows = make([]row, 0, n)
	for i, p := range keep {
		d := 0
		if depths != nil {
			d = depths[i]
		}
		m.procRow[p.Key()] = len(m.rows)
		m.rows = append(m.rows, processRow(p, d, o))
		if o.threads || o.expanded[p.Key()] {
			m.rows = appendThreadRows(m.rows, p, d+1, o)
		}
	}
	return m
}

// matches reports whether a process fits the filter: a PID, a user name, or part of the
// process's or one of its threads' names, ignoring case.
func matches(p *inspect.Process, f string) bool {
	if n, err := strconv.Atoi(f); err == nil {
		if p.PID == n {
			return true
		}
		for i := range p.Threads {
			if p.Threads[i].TID == n {
				return true
			}
		}
	}
	if strings.EqualFold(p.User, f) || containsFold(p.Name, f) {
		return true
	}
	for i := range p.Threads {
		if containsFold(p.Threads[i].Name, f) {
			return true
		}
	}
	return false
}

// containsFold is strings.Contains ignoring ASCII and Unicode case, without allocating lowered
// copies of thousands of names every refresh.
func containsFold(s, sub string) bool {
	if len(sub) > len(s) {
		return false
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// processOrder returns the comparison for the chosen column and direction; ties fall back to
// PID so the order is total and rows do not swap places between refreshes.
func processOrder(o viewOptions) func(a, b *inspect.Process) int {
	return func(a, b *inspect.Process) int {
		var c int
		switch o.sortCol {
		case colPID:
			c = cmp.Compare(a.PID, b.PID)
		case colName:
			c = strings.Compare(a.Name, b.Name)
		case colUser:
			c = strings.Compare(a.User, b.User)
		case colState:
			c = strings.Compare(processState(a), processState(b))
		case colCPU:
			c = cmp.Compare(a.CPUPercent, b.CPUPercent)
		case colThreads:
			c = cmp.Compare(a.NumThreads, b.NumThreads)
		case colRSS:
			c = cmp.Compare(a.RSSBytes, b.RSSBytes)
		}
		if o.desc {
			c = -c
		}
		if c == 0 {
			c = cmp.Compare(a.PID, b.PID)
		}
		return c
	}
}

// treeOrder reorders kept processes so each parent comes before its children, siblings in the
// sort order. With a filter, the ancestors of matches are kept too, so the tree stays readable.
// It returns the depth of each process alongside.
func treeOrder(s *inspect.Snapshot, keep []*inspect.Process, o viewOptions) ([]*inspect.Process, []int) {
	in := make(map[int]*inspect.Process, len(keep))
	for _, p := range keep {
		in[p.PID] = p
	}
	if o.filter != "" {
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
		slices.SortStableFunc(keep, processOrder(o))
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

func processRow(p *inspect.Process, depth int, o viewOptions) row {
	return row{proc: p.Key(), kernel: p.KernelThread, marked: o.marked[p.PID], depth: depth, p: p}
}

func appendThreadRows(rows []row, p *inspect.Process, depth int, o viewOptions) []row {
	marked := o.marked[p.PID]
	start := len(rows)
	for i := range p.Threads {
		rows = append(rows, row{proc: p.Key(), tid: p.Threads[i].TID, kernel: p.KernelThread, marked: marked, depth: depth, p: p, t: &p.Threads[i]})
	}
	order := threadOrder(o)
	slices.SortStableFunc(rows[start:], func(a, b row) int { return order(a.t, b.t) })
	return rows
}

// threadLabel names a thread as `process [thread]` when the thread has its own name, so a
// thread row is readable without looking up at its process.
func threadLabel(proc, thread string) string {
	if thread == proc || thread == "" {
		return thread
	}
	return proc + " [" + thread + "]"
}

func threadOrder(o viewOptions) func(a, b *inspect.Thread) int {
	return func(a, b *inspect.Thread) int {
		var c int
		switch o.sortCol {
		case colPID:
			c = cmp.Compare(a.TID, b.TID)
		case colName:
			c = strings.Compare(a.Name, b.Name)
		case colState:
			c = strings.Compare(a.State, b.State)
		case colCPU:
			c = cmp.Compare(a.CPUPercent, b.CPUPercent)
		case colCore:
			c = cmp.Compare(a.Core, b.Core)
		}
		if o.desc {
			c = -c
		}
		if c == 0 {
			c = cmp.Compare(a.TID, b.TID)
		}
		return c
	}
}

// coreSet lists the cores a process's threads last ran on ("0,1"), or how many when there are
// many, which shows at a glance whether a process is spread over the machine.
func coreSet(p *inspect.Process) string {
	var seen [64]bool
	n, over := 0, 0
	for i := range p.Threads {
		c := p.Threads[i].Core
		if c < 0 || c >= len(seen) {
			over++
			continue
		}
		if !seen[c] {
			seen[c] = true
			n++
		}
	}
	if n+over > 4 {
		return strconv.Itoa(n+over) + " cores"
	}
	var b strings.Builder
	for c, ok := range seen {
		if ok {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(c))
		}
	}
	return b.String()
}
