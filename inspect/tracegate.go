package inspect

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// The gate: to trace a program from its very first instruction and nothing before, the tracer
// needs a process that exists, waits while the events are opened on it, and then execs the
// program, so that enable_on_exec turns the events on exactly at the exec. Go cannot run code
// between fork and exec, so the tracer starts a copy of its own executable with gateEnv set;
// this init function, which runs before main in any binary that links this package (the app
// and test binaries alike), sees it, waits for one byte on fd 3, and execs the program in
// place. The wait and the exec happen on the main thread (init runs there), which is the task
// the events are opened on. If the tracer goes away instead, the pipe reads end-of-file and
// the gate exits without running anything.
const gateEnv = "TASKSCOPE_TRACE_GATE"

// gateFD is the descriptor the gate reads its go-ahead from (the first of ExtraFiles).
const gateFD = 3

// gateExitNoGo and gateExitExec are the gate's exit codes when the tracer went away, and when
// the program could not be executed (as a shell does for a command it cannot run).
const (
	gateExitNoGo = 125
	gateExitExec = 127
)

func init() {
	if os.Getenv(gateEnv) == "" {
		return
	}
	os.Exit(runGate(os.Args))
}

// runGate waits for the go-ahead and execs args[1] with argv args[2:]. It returns only when it
// cannot.
func runGate(args []string) int {
	os.Unsetenv(gateEnv)
	if len(args) < 3 {
		fmt.Fprintln(os.Stderr, "taskscope trace gate: no program given")
		return gateExitExec
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
