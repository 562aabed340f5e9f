package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/proctest"
	"github.com/taskscope/taskscope/trace"
)

func TestTraceBadUsage(t *testing.T) {
	cases := []struct {
		args []string
		msg  string
	}{
		{nil, "exactly one of"},
		{[]string{"--pid", "5", "--", "true"}, "exactly one of"},
		{[]string{"--machine", "--pid", "5"}, "exactly one of"},
		{[]string{"--pid", "-3"}, "positive"},
		{[]string{"--pid", "x"}, "invalid value"},
		{[]string{"--duration", "-1s", "--", "true"}, "negative"},
		{[]string{"--duration", "soon", "--", "true"}, "invalid value"},
		{[]string{"--bogus"}, "not defined"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := runTrace(c.args, &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), c.msg) || !strings.Contains(errb.String(), "usage:") || out.Len() != 0 {
			t.Errorf("trace %q: exit %d, stderr %q; want exit 2, usage, saying %q", c.args, code, errb.String(), c.msg)
		}
	}
}

func TestTraceNoSuchPID(t *testing.T) {
	var out, errb bytes.Buffer
	code := runTrace([]string{"--pid", "4194303", "--duration", "100ms"}, &out, &errb)
	lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
	if code != 1 || len(lines) != 1 || !strings.Contains(lines[0], "no process with pid 4194303") || out.Len() != 0 {
		t.Errorf("trace of a missing pid: exit %d, stderr %q", code, errb.String())
	}
	errb.Reset()
	code = runTrace([]string{"--", "/no/such/program"}, &out, &errb)
	if code != 1 || strings.Count(strings.TrimSpace(errb.String()), "\n") != 0 {
		t.Errorf("trace of a missing program: exit %d, stderr %q", code, errb.String())
	}
}

// traceContract holds the documented JSON keys of `taskscope trace --json`.
var traceContract = map[string][]string{
	"top":    {"cores", "end_ns", "exact", "lost", "source", "start_ns", "threads"},
	"thread": {"born_ns", "ended_ns", "name", "pid", "process", "runs", "tid"},
	"run":    {"core", "end_ns", "start_ns"},
}

// hasKeys reports the documented keys missing from a JSON object.
func missingKeys(raw json.RawMessage, want []string) []string {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return want
	}
	var miss []string
	for _, k := range want {
		if _, ok := m[k]; !ok {
			miss = append(miss, k)
		}
	}
	return miss
}

// perfAllowed reports whether this machine lets us open perf events; in CI a refusal fails.
func perfAllowed(t *testing.T) bool {
	attr := &unix.PerfEventAttr{Type: unix.PERF_TYPE_SOFTWARE, Config: unix.PERF_COUNT_SW_DUMMY,
		Bits: unix.PerfBitExcludeKernel | unix.PerfBitExcludeHv}
	attr.Size = uint32(unsafe.Sizeof(*attr))
	fd, err := unix.PerfEventOpen(attr, 0, -1, -1, unix.PERF_FLAG_FD_CLOEXEC)
	if err == nil {
		unix.Close(fd)
		return true
	}
	if os.Getenv("CI") == "true" || os.Getenv("TASKSCOPE_REQUIRE_DISPLAY") == "1" {
		t.Fatalf("perf events are refused here (%v); the trace tests need them", err)
	}
	t.Skipf("perf events are refused here: %v", err)
	return false
}

func TestTraceJSONOfStartedProgram(t *testing.T) {
	perfAllowed(t)
	var out, errb bytes.Buffer
	code := runTrace([]string{"--json", "--", "/bin/sh", "-c", "/bin/sleep 0.05; echo done"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "done") {
		t.Errorf("the program's output should go to stderr with --json; stderr %q", errb.String())
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(out.Bytes(), &top); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, out.String())
	}
	if miss := missingKeys(out.Bytes(), traceContract["top"]); len(miss) > 0 {
		t.Errorf("top-level keys missing: %v", miss)
	}
	var tr struct {
		Source  string            `json:"source"`
		Exact   bool              `json:"exact"`
		Start   int64             `json:"start_ns"`
		End     int64             `json:"end_ns"`
		Threads []json.RawMessage `json:"threads"`
	}
	json.Unmarshal(out.Bytes(), &tr)
	if tr.Source != "perf" || !tr.Exact || tr.End <= tr.Start {
		t.Errorf("source %q exact %v span %d..%d", tr.Source, tr.Exact, tr.Start, tr.End)
	}
	names := map[string]bool{}
	for _, raw := range tr.Threads {
		if miss := missingKeys(raw, traceContract["thread"]); len(miss) > 0 {
			t.Errorf("thread keys missing: %v", miss)
		}
		var th struct {
			Name  string            `json:"name"`
			Ended *int64            `json:"ended_ns"`
			Runs  []json.RawMessage `json:"runs"`
		}
		json.Unmarshal(raw, &th)
		names[th.Name] = true
		for _, r := range th.Runs {
			if miss := missingKeys(r, traceContract["run"]); len(miss) > 0 {
				t.Errorf("run keys missing: %v", miss)
			}
		}
		if th.Ended == nil || len(th.Runs) == 0 {
			t.Errorf("thread %s: ended %v, %d runs; every task of the program ended inside the trace", th.Name, th.Ended, len(th.Runs))
		}
	}
	if !names["sh"] || !names["sleep"] {
		t.Errorf("threads named %v, want sh and sleep", names)
	}
}

func TestTraceTable(t *testing.T) {
	perfAllowed(t)
	var out, errb bytes.Buffer
	if code := runTrace([]string{"--", "/bin/sleep", "0.02"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	text := out.String()
	for _, want := range []string{"source perf, exact", "program exited with status 0", "PREEMPTED", "sleep"} {
		if !strings.Contains(text, want) {
			t.Errorf("table lacks %q:\n%s", want, text)
		}
	}
}

// TestTraceInjectedRefusal takes the refusal path: one line on stderr that says how to allow
// perf events and that the result is sampled, and a JSON trace labelled "sampled", not exact.
func TestTraceInjectedRefusal(t *testing.T) {
	var out, errb bytes.Buffer
	code := runTraceWith([]string{"--json", "--", "/bin/sleep", "0.05"}, &out, &errb, trace.Options{Refuse: unix.EACCES})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	msg := strings.TrimSpace(errb.String())
	if strings.Contains(msg, "\n") || !strings.Contains(msg, "sampled") || !strings.Contains(msg, "perf_event_open") {
		t.Errorf("stderr %q: want one line naming the refusal and saying sampled", msg)
	}
	var tr struct {
		Source string `json:"source"`
		Exact  bool   `json:"exact"`
		Reason string `json:"reason"`
	}
	if err := json.Unmarshal(out.Bytes(), &tr); err != nil {
		t.Fatal(err)
	}
	if tr.Source != "sampled" || tr.Exact || tr.Reason == "" {
		t.Errorf("trace source %q exact %v reason %q", tr.Source, tr.Exact, tr.Reason)
	}
}

// TestTraceMachineCLI traces the whole machine for a moment (root only; as another user the
// refusal is one line and exit 1).
func TestTraceMachineCLI(t *testing.T) {
	perfAllowed(t)
	var out, errb bytes.Buffer
	code := runTrace([]string{"--machine", "--duration", "200ms", "--json"}, &out, &errb)
	if os.Geteuid() != 0 {
		if code != 1 || strings.Count(strings.TrimSpace(errb.String()), "\n") != 0 || !strings.Contains(errb.String(), "root") {
			t.Errorf("--machine as uid %d: exit %d, stderr %q", os.Geteuid(), code, errb.String())
		}
		return
	}
	var tr struct {
		Source  string            `json:"source"`
		Threads []json.RawMessage `json:"threads"`
	}
	if code != 0 || json.Unmarshal(out.Bytes(), &tr) != nil || tr.Source != "tracepoint" || len(tr.Threads) == 0 {
		t.Errorf("--machine: exit %d, source %q, %d threads; stderr %q", code, tr.Source, len(tr.Threads), errb.String())
	}
}

// TestMainExecsGate runs the real main as the tracer runs its gate: main must hand the process
// to the traced program before doing anything else (here the window would refuse the arguments
// and exit 2).
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
