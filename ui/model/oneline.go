package model

import (
	"strings"
	"unicode"
)

// OneLine makes s fit one line of at most n runes: every run of line breaks, tabs and other
// control characters becomes " ⏎ " (or a space for tabs), runs of spaces are squeezed, and a
// longer result is cut with an ellipsis. A command line such as python3 -c '...' with a
// multi-line program in it is then a title that never takes more than its line.
func OneLine(s string, n int) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == '\n' || r == '\r':
			if !strings.HasSuffix(b.String(), " ⏎ ") {
				if !space {
					b.WriteByte(' ')
				}
				b.WriteString("⏎ ")
			}
			space = true
		case unicode.IsSpace(r) || unicode.IsControl(r):
			if !space {
				b.WriteByte(' ')
			}
			space = true
		default:
			b.WriteRune(r)
			space = false
		}
	}
	out := []rune(b.String())
	if n > 0 && len(out) > n {
		return strings.TrimRight(string(out[:max(n-1, 0)]), " ") + "…"
	}
	return string(out)
}
