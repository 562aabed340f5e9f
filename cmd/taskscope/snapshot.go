package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// Bounds of --interval: shorter than a clock tick says nothing about CPU use, and a minute is
// already longer than anyone waits for one line of output.
const (
	minInterval = time.Millisecond
	maxInterval = time.Minute
)

// runSnapshot implements `taskscope snapshot [--json] [--interval D] [--filter TEXT]`: two
// samples D apart, printed as a table or as the JSON format of the README. It returns the exit
// code: 0, 1 when /proc cannot be read, 2 for bad usage.
func runSnapshot(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("taskscope snapshot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the JSON format documented in the README instead of a table")
	interval := fs.Duration("interval", 500*time.Millisecond, "time between the two samples that rates are computed over (1ms to 1m)")
	filter := fs.String("filter", "", "show only processes whose name, command line, user, PID or thread name contains `TEXT` (any case)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: taskscope snapshot [--json] [--interval D] [--filter TEXT]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "taskscope snapshot: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	if *interval < minInterval || *interval > maxInterval {
		fmt.Fprintf(stderr, "taskscope snapshot: --interval %v is out of range: it must be between %v and %v\n",
			*interval, minInterval, maxInterval)
		return 2
	}

	s, err := inspect.NewSampler("/proc")
	if err != nil {
		fmt.Fprintln(stderr, "taskscope snapshot:", err)
		return 1
	}
	if _, err := s.Sample(); err != nil {
		fmt.Fprintln(stderr, "taskscope snapshot:", err)
		return 1
	}
	time.Sleep(*interval)
	snap, err := s.Sample()
	if err != nil {
		fmt.Fprintln(stderr, "taskscope snapshot:", err)
		return 1
	}
	snap = snap.Filtered(*filter)

	if *asJSON {
		err = inspect.WriteJSON(stdout, snap)
	} else {
		err = inspect.WriteTable(stdout, snap)
	}
	if err != nil {
		fmt.Fprintln(stderr, "taskscope snapshot:", err)
		return 1
	}
	return 0
}
