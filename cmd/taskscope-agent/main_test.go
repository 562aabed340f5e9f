package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/taskscope/taskscope/internal/proctest"
)

// envRunMain makes a re-executed test binary run the agent's real main, so a test can check
// what main does before anything else (the trace gate).
const envRunMain = "TASKSCOPE_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envRunMain) != "" {
		os.Unsetenv(envRunMain)
		main()
	}
	os.Exit(m.Run())
}

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

// TestMainExecsGate runs the real main as the tracer runs its gate: main must hand the process
// to the traced program before doing anything else (here the agent would call /bin/echo an
// unknown command and exit 2).
func TestMainExecsGate(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, code, err := proctest.RunGate(self, []string{envRunMain + "=1"}, true, "/bin/echo", "echo", "gate-ok")
	if err != nil || code != 0 || out != "gate-ok\n" {
		t.Errorf("main as a gate: exit %d (%v), stdout %q; want the program's gate-ok", code, err, out)
	}
}

// TestRecordNamesAgent: `taskscope-agent record` calls itself that in its usage, its errors and
// its summary, never `taskscope record` (a command the server may not even have).
func TestRecordNamesAgent(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"record", "--bogus"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "usage: taskscope-agent record [") {
		t.Errorf("record --bogus: exit %d, stderr %q; want 2 and the agent's usage", code, errb.String())
	}
	if strings.Contains(errb.String(), "taskscope record") {
		t.Errorf("record --bogus names the desktop command: %q", errb.String())
	}
	errb.Reset()
	// A file that cannot be created: the error line names the agent.
	code := run([]string{"record", "--duration", "50ms", "--interval", "10ms", "-o", "/nonexistent-dir/x.tsrec"}, &out, &errb)
	if code != 1 || !strings.HasPrefix(errb.String(), "taskscope-agent record: ") || strings.Contains(errb.String(), "taskscope record") {
		t.Errorf("record to an impossible path: exit %d, stderr %q; want 1 and an error from taskscope-agent record", code, errb.String())
	}
	errb.Reset()
	path := t.TempDir() + "/r.tsrec"
	code = run([]string{"record", "--duration", "250ms", "--interval", "50ms", "-o", path}, &out, &errb)
	if code != 0 || !strings.HasPrefix(errb.String(), "taskscope-agent record: ") || !strings.Contains(errb.String(), " samples over ") {
		t.Errorf("record: exit %d, stderr %q; want 0 and a summary from taskscope-agent record", code, errb.String())
	}
}
