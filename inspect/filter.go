package inspect

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Needle turns what a user typed as a filter into the form Matches takes: trimmed and
// lower-cased. Every filter of Taskscope (the window's process table, the Cores tab's watch,
// `taskscope snapshot --filter`) goes through Needle and Matches, so they all keep the same
// processes.
func Needle(text string) string { return strings.ToLower(strings.TrimSpace(text)) }

// Filtered returns a Snapshot holding only the processes that match text, case-insensitively,
// in their name, command line, user name, PID, or the name of one of their threads (so that a
// named worker thread finds its process). An empty text matches everything. The processes are
// shared with s, which stays unchanged.
func (s *Snapshot) Filtered(text string) *Snapshot {
	out := *s
	needle := Needle(text)
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

// Matches reports whether the needle (from Needle) occurs in the process's name, command line,
// user, PID, or one of its thread names, ignoring case. It allocates nothing, since the window
// runs it over every process on every refresh.
func (p *Process) Matches(needle string) bool {
	if containsFold(p.Name, needle) || containsFold(p.Cmdline, needle) || containsFold(p.User, needle) {
		return true
	}
	var buf [20]byte
	if strings.Contains(string(strconv.AppendInt(buf[:0], int64(p.PID), 10)), needle) {
		return true
	}
	for i := range p.Threads {
		if containsFold(p.Threads[i].Name, needle) {
			return true
		}
	}
	return false
}

// containsFold reports whether the lower-case sub occurs in s, ignoring case, without building
// a lowered copy of s.
func containsFold(s, sub string) bool {
	if sub == "" {
		return true
	}
	n := utf8.RuneCountInString(sub)
	for i := 0; i < len(s); {
		// Compare a window of as many runes as sub has, from each rune start of s.
		j, k := i, 0
		for k < n && j < len(s) {
			_, size := utf8.DecodeRuneInString(s[j:])
			j += size
			k++
		}
		if k < n {
			return false
		}
		if strings.EqualFold(s[i:j], sub) {
			return true
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return false
}
