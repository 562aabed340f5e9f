// Package cli holds the commands that the window's binary and the headless agent both run
// (`snapshot`), so the two binaries share one implementation. It imports no GUI toolkit: the
// agent is built without cgo.
package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/internal/cmdflag"
)

// Bounds of --interval: shorter than a clock tick says nothing about CPU use, and a minute is
// already longer than anyone waits for one line of output.
const (
	minInterval = time.Millisecond
	maxInterval = time.Minute
)

// Snapshot implements `PROG snapshot [--json] [--interval D] [--filter TEXT]`: two samples D
// apart, printed as a table or as the JSON format of the README. prog names the binary in
// messages ("taskscope" or "taskscope-agent"). It returns the exit code: 0, 1 when /proc cannot be
// read, 2 for bad usage.
func Snapshot(prog string, args []string, stdout, stderr io.Writer) int {
	cmd := prog + " snapshot"
	fs := cmdflag.New(cmd, cmd+" [--json] [--interval D] [--filter TEXT]", stderr)
	asJSON := fs.Bool("json", false, "print the JSON format documented in the README instead of a table")
	interval := fs.Duration("interval", 500*time.Millisecond, "time between the two samples that rates are computed over (1ms to 1m)")
	filter := fs.String("filter", "", "show only processes the query `TEXT` matches: a word (name, command line, user, PID or thread name containing it, any case) or terms like 'cpu>5 rss>100M app~gnome' (see docs/desktop.md)")
	if code, ok := cmdflag.Parse(fs, args); !ok {
		return code
	}
	query, err := inspect.ParseQuery(*filter)
	if err != nil {
		fmt.Fprintf(stderr, "%s: --filter: %v\n", cmd, err)
		return 2
	}
	if *interval < minInterval || *interval > maxInterval {
		fmt.Fprintf(stderr, "%s: --interval %v is out of range: it must be between %v and %v\n",
			cmd, *interval, minInterval, maxInterval)
		return 2
	}

	s, err := inspect.NewSampler("/proc")
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return 1
	}
	if _, err := s.Sample(); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return 1
	}
	time.Sleep(*interval)
	snap, err := s.Sample()
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return 1
	}
	snap = snap.Select(query)

	if *asJSON {
		err = inspect.WriteJSON(stdout, snap)
	} else {
		err = inspect.WriteTable(stdout, snap)
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return 1
	}
	return 0
}
