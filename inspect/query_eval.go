package inspect

import "strings"

// Match reports whether p satisfies every term of q. A number the kernel would not give (disk
// I/O of another user's process, GPU use where there is none) satisfies no comparison, so
// "read>0" leaves such a process out and "!read>0" keeps it. It allocates nothing.
func (q *Query) Match(p *Process) bool {
	if q == nil {
		return true
	}
	for i := range q.terms {
		if q.terms[i].match(p) == q.terms[i].neg {
			return false
		}
	}
	return true
}

// match reports whether the term, without its negation, holds for p.
func (tm *term) match(p *Process) bool {
	if tm.field == nil {
		return p.Matches(tm.text)
	}
	switch tm.field.name {
	case "name":
		return tm.matchText(p.Name)
	case "cmdline":
		return tm.matchText(p.Cmdline)
	case "user":
		return tm.matchText(p.User)
	case "app":
		return tm.matchText(p.App)
	case "state":
		switch tm.op {
		case opEq:
			return p.State == tm.text
		case opNe:
			return p.State != tm.text
		}
		return strings.Contains(p.State, tm.text)
	case "pid":
		return tm.compare(float64(p.PID))
	case "ppid":
		return tm.compare(float64(p.PPID))
	case "cpu":
		return tm.compare(p.CPUPercent)
	case "threads":
		return tm.compare(float64(p.NumThreads))
	case "rss":
		return tm.compare(float64(p.RSSBytes))
	case "core":
		for i := range p.Threads {
			if tm.compare(float64(p.Threads[i].Core)) {
				return true
			}
		}
		return false
	case "read", "write":
		if p.IOUnavailable {
			return false
		}
		if tm.field.name == "read" {
			return tm.compare(p.ReadBytesPerSec)
		}
		return tm.compare(p.WriteBytesPerSec)
	case "gpu", "gpumem":
		if len(p.GPU) == 0 {
			return false
		}
		var v float64
		for _, g := range p.GPU {
			if tm.field.name == "gpu" {
				v = max(v, g.BusyPercent)
			} else {
				v += float64(g.MemoryBytes)
			}
		}
		return tm.compare(v)
	}
	return false
}

// matchText compares a text field, ignoring case.
func (tm *term) matchText(s string) bool {
	switch tm.op {
	case opEq:
		return strings.EqualFold(s, tm.text)
	case opNe:
		return !strings.EqualFold(s, tm.text)
	}
	return containsFold(s, tm.text)
}

// compare compares a number with the term's value.
func (tm *term) compare(v float64) bool {
	switch tm.op {
	case opEq:
		return v == tm.num
	case opNe:
		return v != tm.num
	case opGt:
		return v > tm.num
	case opLt:
		return v < tm.num
	case opGe:
		return v >= tm.num
	case opLe:
		return v <= tm.num
	}
	return false
}

// Select returns a Snapshot holding only the processes q matches. The processes are shared with
// s, which stays unchanged.
func (s *Snapshot) Select(q *Query) *Snapshot {
	out := *s
	if q.Empty() {
		return &out
	}
	out.Processes = make([]Process, 0, len(s.Processes))
	for i := range s.Processes {
		if q.Match(&s.Processes[i]) {
			out.Processes = append(out.Processes, s.Processes[i])
		}
	}
	return &out
}
