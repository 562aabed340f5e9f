package model

import (
	"slices"
	"testing"
)

func TestSplitCommand(t *testing.T) {
	for in, want := range map[string][]string{
		"python3 -c 'print(42)'":              {"python3", "-c", "print(42)"},
		`echo "a \"b\" c" d\ e`:               {"echo", `a "b" c`, "d e"},
		"  ls   -l  ":                         {"ls", "-l"},
		`sh -c 'echo $HOME; ls *'`:            {"sh", "-c", "echo $HOME; ls *"},
		`a '' b`:                              {"a", "", "b"},
		"python3 -c 'import os\nos._exit(3)'": {"python3", "-c", "import os\nos._exit(3)"},
	} {
		got, err := SplitCommand(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%q: %q %v, want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "   ", "echo 'open", `echo "open`, `echo \`} {
		if got, err := SplitCommand(bad); err == nil {
			t.Errorf("%q accepted as %q", bad, got)
		}
	}
}

// FuzzSplitCommand: no panic on any text, and what it accepts is never empty.
func FuzzSplitCommand(f *testing.F) {
	f.Add(`a "b c" 'd' e\ f`)
	f.Fuzz(func(t *testing.T, s string) {
		args, err := SplitCommand(s)
		if err == nil && len(args) == 0 {
			t.Fatalf("%q: no error and no arguments", s)
		}
	})
}
