// Command taskscope is a live viewer of Linux processes and threads, with teaching demos.
//
//	taskscope [--filter TEXT] [--tab processes|cores|demos|timeline|claims] [--presentation]   opens the window
//	taskscope --open FILE                                                      replays a recording in it
//	taskscope snapshot [--json] [--interval D] [--filter TEXT]                 prints one sample
//	taskscope demo NAME [flags]                                                runs one demo (JSON lines)
//	taskscope serve [--listen ADDR] [--interval D] [--token-file F] ...        serves metrics and snapshots
//	taskscope --remote URL [--token-file F]                                    the window on an agent's host
//	taskscope fleet --prometheus URL [--json]                                  the hosts a Prometheus scrapes agents on
//	taskscope --prometheus URL                                                 the window on that fleet
//	taskscope record|replay|export ...                                         recordings (see README)
package main

import (
	"os"
	"runtime"

	"github.com/taskscope/taskscope/cmd/internal/cli"
	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/fleet"
	"github.com/taskscope/taskscope/record"
	"github.com/taskscope/taskscope/serve"
	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui"
)

func init() {
	// Keep the main goroutine on the process's first thread: the GUI toolkit needs that, and a
	// demo whose threads are named and counted must not have its main work hop between threads.
	runtime.LockOSThread()
}

func main() {
	// `taskscope trace -- CMD` and the Timeline tab start a copy of this executable as the gate
	// of the program they trace: that copy becomes the program here, before anything else runs.
	trace.ExecIfGate()
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "snapshot":
			return cli.Snapshot("taskscope", args[1:], os.Stdout, os.Stderr)
		case "demo":
			return demos.Main(args[1:])
		case "serve":
			return serve.Main("taskscope", args[1:], os.Stdout, os.Stderr)
		case "record", "replay", "export":
			return record.Main(args[0], args[1:], os.Stdout, os.Stderr)
		case "fleet":
			return fleet.Main("taskscope", args[1:], os.Stdout, os.Stderr)
		case "trace":
			return runTrace(args[1:], os.Stdout, os.Stderr)
		case "claims":
			return runClaims(args[1:], os.Stdout, os.Stderr)
		case "lesson":
			return runLesson(args[1:], os.Stdout, os.Stderr)
		}
	}
	return ui.Main(args)
}
