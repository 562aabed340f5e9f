package inspect

import (
	"strings"
	"testing"
)

func TestParseCmdline(t *testing.T) {
	cases := []struct {
		in, want string
	}{
		{"", ""},
		{"\x00", ""},
		{"/usr/bin/bash\x00", "/usr/bin/bash"},
		{"/opt/my app/bin\x00--flag\x00x y\x00", "/opt/my app/bin --flag x y"},
		{"nginx: worker process\x00\x00\x00\x00", "nginx: worker process"},
		{"a\x00\x00b\x00", "a  b"},
		{"no terminator", "no terminator"},
	}
	for _, c := range cases {
		if got := parseCmdline([]byte(c.in)); got != c.want {
			t.Errorf("parseCmdline(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseCmdlineCopies(t *testing.T) {
	buf := []byte("abc\x00")
	got := parseCmdline(buf)
	buf[0] = 'X'
	if got != "abc" {
		t.Errorf("result changed with the buffer: %q", got)
	}
}

func FuzzParseCmdline(f *testing.F) {
	f.Add([]byte("/sbin/init\x00splash\x00"))
	f.Add([]byte("\x00\x00"))
	f.Add([]byte("title\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got := parseCmdline(b)
		if strings.IndexByte(got, 0) >= 0 {
			t.Fatalf("NUL left in %q", got)
		}
		if len(got) > len(b) || strings.HasSuffix(got, "\x00") {
			t.Fatalf("bad result %q for %q", got, b)
		}
	})
}
