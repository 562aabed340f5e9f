package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestUsage(t *testing.T) {
	cases := []struct {
		args []string
		code int
		out  string
	}{
		{nil, 2, "usage: taskscope-agent"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"--help"}, 0, "serve"},
		{[]string{"serve", "--nope"}, 2, "usage: taskscope-agent serve"},
		{[]string{"snapshot", "--interval", "0s"}, 2, "taskscope-agent snapshot: --interval"},
		{[]string{"record", "--bogus"}, 2, "usage"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := run(c.args, &out, &errb)
		if code != c.code || !strings.Contains(out.String()+errb.String(), c.out) {
			t.Errorf("%q: exit %d, output %q %q; want %d with %q", c.args, code, out.String(), errb.String(), c.code, c.out)
		}
	}
}
