// Command taskscope-agent is Taskscope's headless agent for servers: the same sampler as the
// window, without the window. It builds with CGO_ENABLED=0 into a static executable that needs no
// X, GL or C library.
//
//	taskscope-agent serve [--listen ADDR] [--interval D] [--threads-for TEXT] [--token-file F] ...
//	taskscope-agent snapshot [--json] [--interval D] [--filter TEXT]
//	taskscope-agent record [flags] -o FILE
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/taskscope/taskscope/cmd/internal/cli"
	"github.com/taskscope/taskscope/record"
	"github.com/taskscope/taskscope/serve"
	"github.com/taskscope/taskscope/trace"
)

const prog = "taskscope-agent"

func main() {
	// The agent never starts a traced program itself, but it links the tracer (record --pid),
	// so it honours the gate as every binary that links it should: explicitly, here.
	trace.ExecIfGate()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve.Main(prog, args[1:], stdout, stderr)
	case "snapshot":
		return cli.Snapshot(prog, args[1:], stdout, stderr)
	case "record":
		return record.RecordMain(prog, args[1:], stdout, stderr)
	case "-h", "--help", "help":
		usage(stdout)
		return 0
	}
	fmt.Fprintf(stderr, "%s: unknown command %q\n", prog, args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintf(w, `usage: %[1]s COMMAND [flags]

commands:
  serve      serve /metrics (Prometheus), /api/v1/snapshot and /api/v1/stream over HTTP
  snapshot   print one sample of the machine's processes and threads
  record     record samples to a file (replay and export it with taskscope)

%[1]s COMMAND --help lists a command's flags.
`, prog)
}
