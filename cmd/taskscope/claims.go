package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/taskscope/taskscope/claims"
	"github.com/taskscope/taskscope/internal/cmdflag"
)

// runClaims implements `taskscope claims [--json] [--only IDS] [--quick] [--python PATH]`: every
// claim of the notes measured on this machine, printed as a table or as the JSON object of the
// README. It returns 0 when every claim was measured, 1 when any could not be (the output says
// which and why), 2 for bad usage.
func runClaims(args []string, stdout, stderr io.Writer) int {
	const usage = "taskscope claims [--json] [--only IDS] [--quick] [--python PATH]"
	fs := cmdflag.New("taskscope claims", usage, stderr)
	asJSON := fs.Bool("json", false, "print one JSON object (see README) instead of a table")
	only := fs.String("only", "", "measure only these claims, `IDS` separated by commas (default: all)")
	quick := fs.Bool("quick", false, "smaller runs: rougher figures in about half the time")
	python := fs.String("python", "", "the `PATH` of the Python to measure (default: python3 on PATH)")
	fs.Usage = func() { // cmdflag's usage, with the claims named before the flags
		fmt.Fprintln(stderr, "usage:", usage)
		fmt.Fprintln(stderr, "claims: "+strings.Join(claims.IDs(), ", "))
		fs.PrintDefaults()
	}
	if code, ok := cmdflag.Parse(fs, args); !ok {
		return code
	}
	ids := claims.IDs()
	if *only != "" {
		ids = nil
		for _, id := range strings.Split(*only, ",") {
			id = strings.TrimSpace(id)
			if _, ok := claims.Lookup(id); !ok {
				fmt.Fprintf(stderr, "taskscope claims: no claim %q; the claims are %s\n", id, strings.Join(claims.IDs(), ", "))
				return 2
			}
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}

	// Ctrl+C cancels the measurement, which stops its demos, and the partial table is printed.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	machine := claims.ReadMachine(ctx, *python)
	opts := claims.Options{Short: *quick, Python: *python}
	var results []claims.Result
	for r := range claims.MeasureIDs(ctx, opts, ids...) {
		if !*asJSON {
			state := string(r.Verdict)
			if r.Error != "" {
				state = "not measured"
			}
			fmt.Fprintf(stderr, "measured %s: %s (%.1f s)\n", r.ID, state, r.Took.Seconds())
		}
		results = append(results, r)
	}
	report := claims.NewReport(machine, results)
	var err error
	if *asJSON {
		err = report.WriteJSON(stdout)
	} else {
		fmt.Fprintln(stderr)
		err = report.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "taskscope claims:", err)
		return 1
	}
	if report.Failed() > 0 {
		return 1
	}
	return 0
}
