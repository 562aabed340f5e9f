package record

import (
	"fmt"
	"io"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/internal/cmdflag"
)

// ReplayMain implements `taskscope replay FILE --at D [--json]`: it prints the sample of the
// recording D after its first one (the nearest at or before), as `taskscope snapshot` prints a
// live one: a table, or the same JSON format. Problems with the file (cut short, damaged
// chunks) are reported on stderr. It returns 0, 1 for a file that cannot be read, 2 for bad usage.
func ReplayMain(args []string, stdout, stderr io.Writer) int {
	fs := cmdflag.New("taskscope replay", "taskscope replay FILE [--at D] [--json]", stderr)
	at := fs.Duration("at", 0, "the moment to print, `D` after the first sample (e.g. 90s, 1m30s)")
	asJSON := fs.Bool("json", false, "print the JSON format of `taskscope snapshot --json` instead of a table")
	file, code, ok := parseFile(fs, args)
	if !ok {
		return code
	}
	if *at < 0 {
		return cmdflag.Usagef(fs, "--at %v is negative", *at)
	}
	r, err := Open(file)
	if err != nil {
		fmt.Fprintln(stderr, "taskscope replay:", err)
		return 1
	}
	defer r.Close()
	snap, err := r.At(*at)
	report(stderr, "taskscope replay: "+file, r.Problems())
	if err != nil {
		fmt.Fprintln(stderr, "taskscope replay:", err)
		return 1
	}
	if *at > r.Duration() {
		fmt.Fprintf(stderr, "taskscope replay: --at %v is past the end of the recording (%v long): showing its last sample\n",
			*at, r.Duration().Round(time.Millisecond))
	}
	if *asJSON {
		err = inspect.WriteJSON(stdout, snap)
	} else {
		err = inspect.WriteTable(stdout, snap)
	}
	if err != nil {
		fmt.Fprintln(stderr, "taskscope replay:", err)
		return 1
	}
	return 0
}
