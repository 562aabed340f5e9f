package model

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/taskscope/taskscope/inspect"
)

// NoPermission is what a disk I/O cell says when the kernel would not tell (another user's
// process): never 0, which would be a claim.
const NoPermission = "no permission"

// NotRecorded is what a disk I/O cell says when the source never carried the figures (a
// recording of format version 1, an older agent): no refusal took place, so "no permission"
// would be false.
const NotRecorded = "not recorded"

// unknownIO is the word for a process whose disk I/O is unknown: why it is.
func unknownIO(p *inspect.Process) string {
	if p.IONotRecorded {
		return NotRecorded
	}
	return NoPermission
}

// OtherApps names the group of processes that belong to no app when rows are grouped by app.
const OtherApps = "Other processes"

// AppGroup is one app's row when the table is grouped by app: sums over its shown processes.
type AppGroup struct {
	// App is the app's name, or "" for the processes that belong to none.
	App        string
	Processes  int
	Threads    int
	CPUPercent float64
	RSSBytes   uint64
	// ReadBytesPerSec and WriteBytesPerSec sum the processes whose I/O the kernel told;
	// IOUnknown counts those it would not, and IOKnown those it did.
	ReadBytesPerSec, WriteBytesPerSec float64
	IOKnown, IOUnknown                int
	// IONotRecorded counts the unknown ones whose source never kept their I/O (an old recording).
	IONotRecorded int
	// User is the user every process runs as, or "" when they differ.
	User string
}

// Title is the group's name as the table shows it (see ShortApp), or OtherApps for the
// processes in no app.
func (g *AppGroup) Title() string {
	if g.App == "" {
		return OtherApps
	}
	return ShortApp(g.App)
}

// ShortApp is an app as the table's narrow cells show it: the last part of a reverse-DNS
// application ID (TextEditor for org.gnome.TextEditor); other apps whole. The detail pane, the
// query filter and sorting keep the whole ID.
func ShortApp(app string) string {
	if strings.Count(app, ".") >= 2 && !strings.ContainsAny(app, " @") &&
		!strings.HasSuffix(app, ".service") && !strings.HasSuffix(app, ".scope") {
		if last := app[strings.LastIndexByte(app, '.')+1:]; last != "" {
			return last
		}
	}
	return app
}

// add counts p in the group.
func (g *AppGroup) add(p *inspect.Process) {
	if g.Processes == 0 {
		g.User = p.User
	} else if g.User != p.User {
		g.User = ""
	}
	g.Processes++
	g.Threads += p.NumThreads
	g.CPUPercent += p.CPUPercent
	g.RSSBytes += p.RSSBytes
	if p.IOUnavailable {
		g.IOUnknown++
		if p.IONotRecorded {
			g.IONotRecorded++
		}
		return
	}
	g.IOKnown++
	g.ReadBytesPerSec += p.ReadBytesPerSec
	g.WriteBytesPerSec += p.WriteBytesPerSec
}

// cell is the text of one column of the group's row.
func (g *AppGroup) cell(c Column) string {
	switch c {
	case ColName:
		return g.Title()
	case ColPID:
		// The count of processes goes where a process has its PID: the narrowest place that
		// the eye reads as "how many", and a group has no PID.
		return "×" + strconv.Itoa(g.Processes)
	case ColUser:
		if g.User == "" {
			return "several"
		}
		return g.User
	case ColCPU:
		return FormatPercent(g.CPUPercent)
	case ColThreads:
		return strconv.Itoa(g.Threads)
	case ColRSS:
		return FormatBytes(g.RSSBytes)
	case ColRead:
		return g.ioCell(g.ReadBytesPerSec)
	case ColWrite:
		return g.ioCell(g.WriteBytesPerSec)
	case ColApp:
		return ShortApp(g.App)
	}
	return ""
}

// ioCell is a summed rate: "no permission" when no process told ("not recorded" when none was
// recorded), and marked "≥" when some did not, since the sum is then a lower bound.
func (g *AppGroup) ioCell(rate float64) string {
	switch {
	case g.IOKnown == 0 && g.IONotRecorded == g.IOUnknown:
		return NotRecorded
	case g.IOKnown == 0:
		return NoPermission
	case g.IOUnknown > 0:
		return "≥ " + FormatRate(rate)
	}
	return FormatRate(rate)
}

// key is the group's sort key in column c: its sums, or its name for text columns.
func (g *AppGroup) key(c Column) sortKey {
	switch c {
	case ColCPU:
		return sortKey{n: g.CPUPercent}
	case ColThreads:
		return sortKey{n: float64(g.Threads)}
	case ColRSS:
		return sortKey{n: float64(g.RSSBytes)}
	case ColRead:
		return sortKey{n: g.ReadBytesPerSec}
	case ColWrite:
		return sortKey{n: g.WriteBytesPerSec}
	case ColPID, ColState, ColCore:
		return sortKey{n: float64(g.Processes)}
	}
	return sortKey{s: g.App}
}

// groupAt places a group's row before the i-th process of the grouped order.
type groupAt struct {
	before int
	group  *AppGroup
}

// groupOrder orders kept processes (already sorted) by app: the groups in the sort order of
// their sums, "Other processes" always last, each group's processes in the order they came in.
// It returns the processes, their depth (1, under their group's row) and where each group's row
// goes.
func groupOrder(keep []*inspect.Process, o TableSettings) ([]*inspect.Process, []int, []groupAt) {
	byApp := map[string]*AppGroup{}
	members := map[*AppGroup][]*inspect.Process{}
	var groups []*AppGroup
	for _, p := range keep {
		g := byApp[p.App]
		if g == nil {
			g = &AppGroup{App: p.App}
			byApp[p.App] = g
			groups = append(groups, g)
		}
		g.add(p)
		members[g] = append(members[g], p)
	}
	slices.SortStableFunc(groups, func(a, b *AppGroup) int {
		if (a.App == "") != (b.App == "") {
			if a.App == "" {
				return 1
			}
			return -1
		}
		c := a.key(o.SortCol).compare(b.key(o.SortCol))
		if o.Desc {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(a.App, b.App))
	})
	out := make([]*inspect.Process, 0, len(keep))
	depth := make([]int, 0, len(keep))
	at := make([]groupAt, 0, len(groups))
	for _, g := range groups {
		at = append(at, groupAt{before: len(out), group: g})
		for _, p := range members[g] {
			out = append(out, p)
			depth = append(depth, 1)
		}
	}
	return out, depth, at
}

// Group returns the app group a row stands for, or nil for a process or thread row.
func (r *Row) Group() *AppGroup { return r.group }

// ioCell is a process's disk rate, or why it is unknown (see unknownIO).
func ioCell(p *inspect.Process, rate float64) string {
	if p.IOUnavailable {
		return unknownIO(p)
	}
	return FormatRate(rate)
}

// FormatRate writes bytes per second in binary units, as FormatBytes writes sizes.
func FormatRate(bytesPerSec float64) string {
	if bytesPerSec <= 0 {
		return "0 B/s"
	}
	return FormatBytes(uint64(bytesPerSec+0.5)) + "/s"
}

// CheckFilter says what the window does with filter text as typed: a query that parses is
// applied (apply is true, message empty); one that does not leaves the table as it was and
// message, one line quoting the text, goes under the box.
func CheckFilter(text string) (apply bool, message string) {
	if _, err := inspect.ParseQuery(text); err != nil {
		return false, err.Error()
	}
	return true, ""
}
