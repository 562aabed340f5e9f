package trace

import (
	"fmt"
	"os"
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

// The gate: to trace a program from its very first instruction and nothing before, the tracer
// needs a process that exists, waits while the events are opened on it, and then execs the
// program, so that enable_on_exec turns the events on exactly at the exec. Go cannot run code
// between fork and exec, so the tracer starts a copy of its own executable with gateEnv set.
// That copy's main calls ExecIfGate first thing (as moby's reexec.Init is called), which sees
// the variable, waits for one byte on fd 3, and execs the program in place. Every binary that
// calls Start must therefore call ExecIfGate at the top of main (test binaries in TestMain);
// nothing happens behind main's back. The wait and the exec must happen on the main thread,
// the task the events are opened on: an exec from another thread would replace that task and
// its events with it. If the tracer goes away instead, the pipe reads end-of-file and the gate
// exits without running anything.
//
// Start sets gateEnv to gateHandshake: the gate then first writes one byte on fd 4, so Start
// knows it is waiting in ExecIfGate before it opens events on it. A binary that forgot to call
// ExecIfGate never writes it, and Start fails saying so instead of tracing the wrong program.
const gateEnv = "TASKSCOPE_TRACE_GATE"

// gateHandshake is gateEnv's value when the gate reports on gateReadyFD that it waits.
const gateHandshake = "ready"

// gateFD is the descriptor the gate reads its go-ahead from (the first of ExtraFiles), and
// gateReadyFD the one it says it is waiting on (the second, with gateHandshake).
const (
	gateFD      = 3
	gateReadyFD = 4
)

// gateReadyTimeout is how long Start waits for the gate to report: the start of the whole
// executable, with every package's init, on a busy machine. A variable for tests.
var gateReadyTimeout = 15 * time.Second

// gateExitNoGo and gateExitExec are the gate's exit codes when the tracer went away, and when
// the program could not be executed (as a shell does for a command it cannot run).
const (
	gateExitNoGo = 125
	gateExitExec = 127
)

func init() {
	// Only in a gate: keep the main goroutine on the main thread until main calls ExecIfGate
	// (Go runs init on the main thread, and a lock taken here holds into main). Outside a gate
	// this package leaves the thread alone.
	if os.Getenv(gateEnv) != "" {
		runtime.LockOSThread()
	}
}

// ExecIfGate returns at once, doing nothing, unless this process was started by Start as the
// gate of a program to trace. In the gate it never returns: it waits until the tracer has
// opened its events, then replaces this process with the program, or exits (status 125 when
// the tracer went away, 127 when the program cannot run). Call it first thing in main, in
// every binary that may call Start, before anything starts threads of its own.
func ExecIfGate() {
	if os.Getenv(gateEnv) == "" {
		return
	}
	os.Exit(runGate(os.Args))
}

// runGate waits for the go-ahead and execs args[1] with argv args[2:]. It returns only when it
// cannot.
func runGate(args []string) int {
	handshake := os.Getenv(gateEnv) == gateHandshake
	os.Unsetenv(gateEnv)
	if unix.Gettid() != unix.Getpid() {
		// Not the task the events are on: better to refuse than to run the program untraced.
		fmt.Fprintln(os.Stderr, "taskscope trace gate: not on the main thread (ExecIfGate must be called from main)")
		return gateExitExec
	}
	if len(args) < 3 {
		fmt.Fprintln(os.Stderr, "taskscope trace gate: no program given")
		return gateExitExec
	}
	if handshake {
		unix.Write(gateReadyFD, []byte{1})
		unix.Close(gateReadyFD)
	}
	var b [1]byte
	for {
		n, err := unix.Read(gateFD, b[:])
		if err == unix.EINTR {
			continue
		}
		if n != 1 {
			return gateExitNoGo
		}
		break
	}
	unix.Close(gateFD)
	err := unix.Exec(args[1], args[2:], os.Environ())
	fmt.Fprintf(os.Stderr, "taskscope: cannot run %s: %v\n", args[1], err)
	return gateExitExec
}
