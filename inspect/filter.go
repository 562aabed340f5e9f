package inspect

import (
	"strconv"
	"strings"
)

// Filtered returns a Snapshot holding only the processes that match text, case-insensitively,
// in their name, command line, user name, PID, or the name of one of their threads (so that a
// named worker thread finds its process). An empty text matches everything. The processes are
// shared with s, which stays unchanged.
func (s *Snapshot) Filtered(text string) *Snapshot {
	out := *s
	needle := strings.ToLower(strings.TrimSpace(text))
	if needle == "" {
		return &out
	}
	out.Processes = make([]Process, 0, len(s.Processes))
	for i := range s.Processes {
		if s.Processes[i].Matches(needle) {
			out.Processes = append(out.Processes, s.Processes[i])
		}
	}
	return &out
}

// Matches reports whether the lower-case needle occurs in the process's name, command line,
// user, PID, or one of its thread names.
func (p *Process) Matches(needle string) bool {
	has := func(s string) bool { return strings.Contains(strings.ToLower(s), needle) }
	if has(p.Name) || has(p.Cmdline) || has(p.User) || strings.Contains(strconv.Itoa(p.PID), needle) {
		return true
	}
	for i := range p.Threads {
		if has(p.Threads[i].Name) {
			return true
		}
	}
	return false
}
