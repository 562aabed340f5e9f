package cardmodel

import (
	"strings"
	"unicode"
)

// RecordedVerdict is a card's verdict as a recording's read-only card shows it. Live verdicts
// end with what to do next ("Run \"none\" to see updates lost.", "press Stop to end"); nothing
// runs from a recording, so those sentences and clauses are left out. A verdict that was only
// an invitation (the card has not run yet) becomes "", since the card's status line already says
// nothing ran up to that moment. Lines (a card comparing kinds of work has one per kind) are
// kept apart.
func RecordedVerdict(v string) string {
	var lines []string
	for _, line := range strings.Split(v, "\n") {
		// A line may be headed by what it is about ("io: ..."): the head stays only with a verdict.
		head := ""
		if i := strings.Index(line, ": "); i > 0 && !strings.Contains(line[:i], " ") {
			head, line = line[:i+2], line[i+2:]
		}
		var kept []string
		for _, sentence := range sentences(line) {
			var clauses []string
			for _, c := range strings.Split(sentence, "; ") {
				if !invites(c) {
					clauses = append(clauses, c)
				}
			}
			if len(clauses) > 0 {
				s := strings.Join(clauses, "; ")
				if !strings.HasSuffix(s, ".") && strings.HasSuffix(sentence, ".") {
					s += "."
				}
				kept = append(kept, s)
			}
		}
		if len(kept) > 0 {
			lines = append(lines, head+strings.Join(kept, " "))
		}
	}
	return strings.Join(lines, "\n")
}

// invites says whether a sentence or clause asks the user to do something: its first word is
// one of the imperatives the live cards use.
func invites(s string) bool {
	first, _, _ := strings.Cut(strings.TrimSpace(s), " ")
	switch strings.ToLower(strings.TrimRight(first, ":,")) {
	case "run", "press", "launch", "tap", "click":
		return true
	}
	return false
}

// sentences splits a line after each full stop that a space and a capital letter follow, the
// way the cards write them (figures such as "1.5x" have no space after their point).
func sentences(line string) []string {
	var out []string
	start := 0
	for i := 0; i+2 < len(line); i++ {
		if line[i] == '.' && line[i+1] == ' ' && unicode.IsUpper(rune(line[i+2])) {
			out = append(out, line[start:i+1])
			start = i + 2
		}
	}
	if rest := strings.TrimSpace(line[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}
