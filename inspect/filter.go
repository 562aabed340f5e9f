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

// Filtered returns a Snapshot holding only the processes that the query text matches (see
// ParseQuery; a single word matches, case-insensitively, a process's name, command line, user
// name, PID, or the name of one of its threads, so that a named worker thread finds its process).
// An empty text matches everything; a malformed one is an error wrapping ErrBadQuery. The
// processes are shared with s, which stays unchanged.
func (s *Snapshot) Filtered(text string) (*Snapshot, error) {
	q, err := ParseQuery(text)
	if err != nil {
		return nil, err
	}
	return s.Select(q), nil
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
	if ascii, found := containsFoldASCII(s, sub); ascii {
		return found
	}
	return containsFoldRunes(s, sub)
}

// containsFoldRunes is containsFold for any UTF-8: it compares rune windows with EqualFold.
func containsFoldRunes(s, sub string) bool {
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

// containsFoldASCII is containsFold's fast path, for when both strings are ASCII (nearly every
// name and command line): a byte comparison at each position, ten times quicker than folding
// runes. ascii is false when either string is not ASCII, and found is then meaningless: some
// non-ASCII letters fold to ASCII ones (the Kelvin sign to k), which only the slow path knows.
func containsFoldASCII(s, sub string) (ascii, found bool) {
	for i := 0; i < len(sub); i++ {
		if sub[i] >= utf8.RuneSelf {
			return false, false
		}
	}
	first := sub[0]
	for i := 0; i+len(sub) <= len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return false, false
		}
		if lowerASCII(c) != first {
			continue
		}
		j := 1
		for j < len(sub) && lowerASCII(s[i+j]) == sub[j] {
			j++
		}
		if j == len(sub) {
			return true, true
		}
	}
	for i := max(len(s)-len(sub)+1, 0); i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false, false
		}
	}
	return true, false
}

// lowerASCII lower-cases an ASCII letter.
func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
