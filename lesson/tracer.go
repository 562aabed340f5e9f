package lesson

// This is the one file of the package that uses the tracer's types: when the tracer moves or
// renames them, only this file changes.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/taskscope/taskscope/trace"
)

// TraceProgram starts argv in dir and traces it until it exits or ctx ends, exactly with perf
// context-switch events, or by sampling /proc when the kernel refuses them (the Trace then
// says so). The program's output goes to stdout; exit is how it ended ("exit 0", "killed by
// ..."). When it returns, the program and every process it started have been killed.
func TraceProgram(ctx context.Context, argv []string, dir string, stdout io.Writer) (tr *Trace, exit string, err error) {
	// In a process group of its own, so that a cancelled step (or one whose program leaves
	// workers behind) ends with every process the program started.
	prog := trace.Program{Argv: argv, Dir: dir, Stdout: stdout, Stderr: stdout, Group: true}
	t, err := trace.Start(prog, trace.Options{})
	var refusal *trace.PerfRefusedError
	if err != nil && errors.As(err, &refusal) {
		t, err = trace.SampleProgram(prog, err.Error())
	}
	if err != nil {
		return nil, "", fmt.Errorf("lesson: trace %s: %w", argv[0], err)
	}
	select {
	case <-t.Exited():
	case <-ctx.Done():
	}
	res := t.Stop()
	t.KillGroup()
	select { // reaped, so that its exit status is known
	case <-t.Exited():
	case <-time.After(5 * time.Second):
	}
	exit = t.ExitStatus()
	if ctx.Err() != nil {
		return FromTracer(res), exit, fmt.Errorf("lesson: trace %s: %w", argv[0], ctx.Err())
	}
	return FromTracer(res), exit, nil
}

// FromTracer copies what the figures and the zoom need out of the tracer's result (nil for
// nil), so that the Timeline tab can show the same figures for whatever it traces.
func FromTracer(in *trace.Trace) *Trace {
	if in == nil {
		return nil
	}
	out := &Trace{StartNS: in.StartNS, EndNS: in.EndNS, Exact: in.Exact, Reason: in.Reason, Cores: in.Cores}
	for _, th := range in.Threads {
		t := Thread{PID: th.PID, TID: th.TID, Name: th.Name, Process: th.Process}
		for _, r := range th.Runs {
			t.Runs = append(t.Runs, Span{Start: r.Start, End: r.End})
		}
		out.Threads = append(out.Threads, t)
	}
	return out
}
