package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/internal/cmdflag"
	"github.com/taskscope/taskscope/trace"
)

// pidTraceDefault is how long --pid and --machine trace without --duration.
const pidTraceDefault = 10 * time.Second

// runTrace implements `taskscope trace [--pid P | --machine | -- CMD ARGS...] [--duration D]
// [--json]`. It returns the exit code: 0, 1 when the trace cannot be made (refused for another
// user's process, no such process, the program cannot start), 2 for bad usage.
func runTrace(args []string, stdout, stderr io.Writer) int {
	return runTraceWith(args, stdout, stderr, trace.Options{})
}

// runTraceWith is runTrace with the tracer's options, which tests set (Refuse takes the
// fallback path on a machine that allows perf events); the command itself has no such switch.
func runTraceWith(args []string, stdout, stderr io.Writer, opts trace.Options) int {
	fs := cmdflag.New("taskscope trace", "taskscope trace [--pid P | --machine | -- CMD ARGS...] [--duration D] [--json]", stderr)
	pid := fs.Int("pid", 0, "attach to the running process `P` (yours, or any as root) instead of starting a program")
	machine := fs.Bool("machine", false, "trace every task of the machine with the sched_switch tracepoint (root or CAP_PERFMON)")
	duration := fs.Duration("duration", 0, "trace for `D` (default: until the program exits; 10s for --pid and --machine)")
	asJSON := fs.Bool("json", false, "print the JSON format documented in the README instead of a table")
	if err := fs.Parse(args); err != nil {
		return cmdflag.ExitCode(err)
	}
	argv := fs.Args()
	modes := 0
	for _, on := range []bool{*pid != 0, *machine, len(argv) > 0} {
		if on {
			modes++
		}
	}
	switch {
	case modes != 1:
		return cmdflag.Usagef(fs, "give exactly one of --pid P, --machine, or -- CMD ARGS...")
	case *pid < 0:
		return cmdflag.Usagef(fs, "--pid %d: a PID is a positive number", *pid)
	case *duration < 0:
		return cmdflag.Usagef(fs, "--duration %v: must not be negative", *duration)
	}
	// The program's own output goes to our stdout, except with --json, where stdout is ours.
	prog := trace.Program{Argv: argv, Stdin: os.Stdin, Stdout: stdout, Stderr: stderr}
	if *asJSON {
		prog.Stdout = stderr
	}
	tr, err := startTrace(prog, *pid, *machine, opts, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "taskscope trace:", err)
		return 1
	}
	wait := *duration
	if wait == 0 && len(argv) == 0 {
		wait = pidTraceDefault
	}
	waitTrace(tr, *pid, wait)
	res := tr.Stop()
	// A started program still running after --duration ends with us (it has Pdeathsig set);
	// kill it now so its end is not left to chance.
	tr.Kill()

	if *asJSON {
		err = trace.WriteJSON(stdout, res)
	} else {
		err = writeTraceTable(stdout, res, tr.ExitStatus())
	}
	if err != nil {
		fmt.Fprintln(stderr, "taskscope trace:", err)
		return 1
	}
	return 0
}

// startTrace starts the exact tracer, or the sampled one when perf events are refused (saying
// so on stderr, in one line). Refusal for another user's process is an error: sampling is no
// answer there.
func startTrace(prog trace.Program, pid int, machine bool, opts trace.Options, stderr io.Writer) (*trace.Tracer, error) {
	var tr *trace.Tracer
	var err error
	switch {
	case machine:
		tr, err = trace.Machine(opts)
	case pid != 0:
		tr, err = trace.Attach(pid, opts)
	default:
		tr, err = trace.Start(prog, opts)
	}
	var refusal *trace.PerfRefusedError
	if err == nil || !errors.As(err, &refusal) || refusal.NotOwner || machine {
		if errors.Is(err, inspect.ErrGone) {
			return nil, fmt.Errorf("no process with pid %d", pid)
		}
		return tr, err
	}
	fmt.Fprintf(stderr, "taskscope trace: %v; falling back to sampling (the result says \"sampled\")\n", err)
	if pid != 0 {
		return trace.SampleProcess(pid, err.Error())
	}
	return trace.SampleProgram(prog, err.Error())
}

// waitTrace returns when the started program ends, the attached process ends, d passes (d > 0)
// or SIGINT/SIGTERM arrives.
func waitTrace(tr *trace.Tracer, pid int, d time.Duration) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var timeout <-chan time.Time
	if d > 0 {
		timer := time.NewTimer(d)
		defer timer.Stop()
		timeout = timer.C
	}
	gone := make(chan struct{})
	if pid != 0 {
		go waitPid(ctx, pid, gone)
	}
	select {
	case <-tr.Exited():
	case <-gone:
	case <-timeout:
	case <-ctx.Done():
	}
}

// waitPid closes gone when process pid ends.
func waitPid(ctx context.Context, pid int, gone chan<- struct{}) {
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return
	}
	defer unix.Close(fd)
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	for ctx.Err() == nil {
		if n, _ := unix.Poll(fds, 200); n > 0 {
			close(gone)
			return
		}
	}
}

// writeTraceTable prints the per-thread summary.
func writeTraceTable(w io.Writer, tr *trace.Trace, exit string) error {
	exact := "exact"
	if !tr.Exact {
		exact = "not exact: " + tr.Reason
	}
	fmt.Fprintf(w, "source %s, %s, %d records lost, %.3f s, %d cores\n",
		tr.Source, exact, tr.Lost, float64(tr.EndNS-tr.StartNS)/1e9, tr.Cores)
	if exit != "" {
		fmt.Fprintf(w, "program %s\n", exit)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "PID\tTID\tPROCESS\tTHREAD\tRUNS\tRUN ms\tVOLUNTARY\tPREEMPTED\tMIGRATIONS\tCORES\t")
	for i := range tr.Threads {
		th := &tr.Threads[i]
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%d\t%.3f\t%d\t%d\t%d\t%s\t\n", th.PID, th.TID, th.Process, th.Name,
			len(th.Runs), float64(th.RunNS)/1e6, th.Voluntary, th.Involuntary, th.Migrations, coreShares(th))
	}
	return tw.Flush()
}

// coreShares lists the share of run time on each core that was used, "0:75% 1:25%".
func coreShares(th *trace.Thread) string {
	var parts []string
	for c := range th.CoreNS {
		if th.CoreNS[c] > 0 {
			parts = append(parts, strconv.Itoa(c)+":"+strconv.Itoa(int(th.CoreShare(c)*100+0.5))+"%")
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, " ")
}
