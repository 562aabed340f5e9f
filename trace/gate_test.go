package trace

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/proctest"
)

// envGateProbe makes a copy of this test binary report, from TestMain and before ExecIfGate,
// that it got there: proof that linking this package does not hijack a process at init.
const envGateProbe = "TASKSCOPE_TRACE_TEST_GATE_PROBE"

// gateProbe is what TestMain runs first when envGateProbe is set.
func gateProbe() {
	if os.Getenv(envGateProbe) == "" {
		return
	}
	fmt.Printf("reached main, gate=%q, main thread=%v\n", os.Getenv(gateEnv), unix.Gettid() == unix.Getpid())
	os.Exit(0)
}

func TestGateEnvAgreesWithHelper(t *testing.T) {
	if gateEnv != proctest.GateEnv {
		t.Fatalf("gateEnv %q, proctest.GateEnv %q: the test helper would not start a gate", gateEnv, proctest.GateEnv)
	}
}

// TestGateNotAtInit starts a copy of this binary marked as a gate, with arguments that would
// make a gate fail: its package inits ran, and it still reached main, on the main thread
// (where ExecIfGate needs to be).
func TestGateNotAtInit(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, code, err := proctest.RunGate(self, []string{envGateProbe + "=1"}, false)
	if err != nil || code != 0 || !strings.Contains(out, `reached main, gate="1", main thread=true`) {
		t.Fatalf("gate-marked process: exit %d, %v, said %q; want it to reach main on the main thread", code, err, out)
	}
}

// TestExecIfGate runs this binary as a gate: TestMain calls ExecIfGate as the app's main does.
// Released, it becomes the program; without the go-ahead it runs nothing and exits 125; a
// program that cannot run gives 127, as a shell does.
func TestExecIfGate(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		goAhead bool
		prog    []string
		code    int
		out     string
	}{
		{"released", true, []string{"/bin/echo", "echo", "gate-ok"}, 0, "gate-ok\n"},
		{"tracer gone", false, []string{"/bin/echo", "echo", "gate-ok"}, gateExitNoGo, ""},
		{"no such program", true, []string{"/no/such/program", "x"}, gateExitExec, ""},
		{"no program", true, nil, gateExitExec, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, code, err := proctest.RunGate(self, nil, c.goAhead, c.prog...)
			if err != nil || code != c.code || out != c.out {
				t.Errorf("exit %d (%v), stdout %q; want exit %d, stdout %q", code, err, out, c.code, c.out)
			}
		})
	}
}

// TestStartNeedsGate: when the executable started as the gate never reaches ExecIfGate (a main
// that forgot the call), Start says so, soon, and leaves nothing running: whether the stand-in
// ends at once or lingers.
func TestStartNeedsGate(t *testing.T) {
	needPerf(t)
	dir := t.TempDir()
	lingers := dir + "/lingers"
	if err := os.WriteFile(lingers, []byte("#!/bin/sh\nexec sleep 30\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	oldExe, oldWait := gateExecutable, gateReadyTimeout
	t.Cleanup(func() { gateExecutable, gateReadyTimeout = oldExe, oldWait })
	gateReadyTimeout = 300 * time.Millisecond
	for _, exe := range []string{"/bin/true", lingers} {
		gateExecutable = func() (string, error) { return exe, nil }
		began := time.Now()
		tr, err := Start(Program{Argv: []string{"/bin/echo", "traced"}}, Options{})
		if err == nil {
			tr.Stop()
			tr.Kill()
			t.Fatalf("%s as the gate: Start succeeded", exe)
		}
		if !errors.Is(err, ErrNoGate) || !strings.Contains(err.Error(), "trace.ExecIfGate") {
			t.Errorf("%s as the gate: %v, want ErrNoGate naming ExecIfGate", exe, err)
		}
		if d := time.Since(began); d > 3*time.Second {
			t.Errorf("%s as the gate: Start took %v to give up", exe, d)
		}
	}
}
