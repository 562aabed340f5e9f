package model

import (
	"strings"
	"testing"
)

func TestOneLine(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"python3 /tmp/spin.py", 80, "python3 /tmp/spin.py"},
		{"python3 -c import os\nfor i in range(3):\n\tprint(i)\n", 80, "python3 -c import os ⏎ for i in range(3): ⏎ print(i)"},
		{"a\r\n\r\nb", 80, "a ⏎ b"},
		{"a  \t b\x00c", 80, "a b c"},
		{"abcdefghij", 5, "abcd…"},
		{"", 5, ""},
	} {
		got := OneLine(c.in, c.n)
		if got != c.want {
			t.Errorf("OneLine(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
		if strings.ContainsAny(got, "\n\r\t") || len([]rune(got)) > c.n {
			t.Errorf("OneLine(%q, %d) = %q: not one line of at most %d runes", c.in, c.n, got, c.n)
		}
	}
}
