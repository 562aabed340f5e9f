package cmdflag

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		code     int
		ok       bool
		inStderr []string
	}{
		{args: nil, code: 0, ok: true},
		{args: []string{"--n", "3"}, code: 0, ok: true},
		{args: []string{"--help"}, code: 0, ok: false, inStderr: []string{"usage: prog cmd [--n N]", "-n"}},
		{args: []string{"--nope"}, code: 2, ok: false, inStderr: []string{"not defined: -nope", "usage: prog cmd [--n N]"}},
		{args: []string{"--n", "x"}, code: 2, ok: false, inStderr: []string{"invalid value"}},
		{args: []string{"stray"}, code: 2, ok: false, inStderr: []string{`prog cmd: unexpected argument "stray"`, "usage: prog cmd [--n N]"}},
	} {
		var stderr strings.Builder
		fs := New("prog cmd", "prog cmd [--n N]", &stderr)
		n := fs.Int("n", 1, "a number")
		code, ok := Parse(fs, tc.args)
		if code != tc.code || ok != tc.ok {
			t.Errorf("Parse(%q) = %d, %v; want %d, %v", tc.args, code, ok, tc.code, tc.ok)
		}
		for _, want := range tc.inStderr {
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("Parse(%q): stderr %q lacks %q", tc.args, stderr.String(), want)
			}
		}
		if tc.inStderr == nil && stderr.Len() > 0 {
			t.Errorf("Parse(%q) wrote %q, want nothing", tc.args, stderr.String())
		}
		if len(tc.args) == 2 && tc.ok && *n != 3 {
			t.Errorf("Parse(%q) left n = %d, want 3", tc.args, *n)
		}
	}
}

func TestUsagef(t *testing.T) {
	var stderr strings.Builder
	fs := New("prog cmd", "prog cmd FILE", &stderr)
	if code := Usagef(fs, "--at %v is negative", -1); code != 2 {
		t.Errorf("Usagef returned %d, want 2", code)
	}
	want := "prog cmd: --at -1 is negative\nusage: prog cmd FILE\n"
	if got := stderr.String(); got != want {
		t.Errorf("Usagef wrote %q, want %q", got, want)
	}
}
