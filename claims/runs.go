package claims

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/taskscope/taskscope/demos"
)

// run is one demo started for the claims, with its flags, its time limit, and whether it times
// something: a timing run has the machine to itself among the claims' runs, so that two
// measurements do not slow each other down; the others run beside it.
type run struct {
	key    string
	demo   string
	args   func(o Options) []string
	limit  time.Duration
	timing bool
	// drive talks to the demo while it runs and returns the events its figures come from; nil
	// waits for the demo to end and keeps its "result" events. Every event it reads goes to
	// seen as well, for views that draw the run as its card does.
	drive func(ctx context.Context, r *demos.Running, seen *eventLog) ([]demos.Event, error)
}

// outcome is what one run gave: its result events, or why there are none, and every event
// it gave on the way.
type outcome struct {
	results []demos.Event
	err     error
	events  []demos.Event
}

// maxRunEvents bounds the events kept of one run: a run gives a few hundred at most (batches,
// phases, tab reports); the bound keeps a runaway demo from filling memory.
const maxRunEvents = 5000

// eventLog keeps the events a run gave, in order, up to maxRunEvents, and hands each to its
// tap as it comes.
type eventLog struct {
	events []demos.Event
	tap    tap
}

// add keeps ev unless the log is full.
func (l *eventLog) add(ev demos.Event) {
	l.tap.event(ev)
	if len(l.events) < maxRunEvents {
		l.events = append(l.events, ev)
	}
}

// outcomes maps run keys to what each run gave.
type outcomes map[string]outcome

// result returns the first result event of run key, or the run's error.
func (o outcomes) result(key string) (demos.Event, error) {
	out, ok := o[key]
	switch {
	case !ok:
		return nil, fmt.Errorf("%s was not run", key)
	case out.err != nil:
		return nil, out.err
	case len(out.results) == 0:
		return nil, fmt.Errorf("%s gave no result", key)
	}
	return out.results[0], nil
}

// workers is the number of workers a comparison over the cores uses: one per core, at least two
// (on one core the comparison then shows that nothing is gained).
func workers() string { return strconv.Itoa(max(2, min(runtime.NumCPU(), 16))) }

// runs are every demo run the claims need, by key.
var runs = map[string]run{
	"ctxswitch": {demo: "ctxswitch", timing: true, limit: 30 * time.Second, args: func(o Options) []string {
		if o.Short {
			return []string{"--rounds", "1000", "--batches", "3"}
		}
		return []string{"--rounds", "5000", "--batches", "9"}
	}},
	"cost": {demo: "cost", timing: true, limit: 30 * time.Second, args: func(o Options) []string {
		if o.Short {
			return []string{"--count", "10"}
		}
		return []string{"--count", "50"}
	}},
	"procrace-none":   procraceRun("none"),
	"procrace-lock":   procraceRun("lock"),
	"procrace-atomic": procraceRun("atomic"),
	"singlecore": {demo: "singlecore", timing: true, limit: 30 * time.Second, args: func(o Options) []string {
		if o.Short {
			return []string{"--workers", workers(), "--seconds", "1"}
		}
		return []string{"--workers", workers(), "--seconds", "2"}
	}},
	"python": {demo: "python", timing: true, limit: 50 * time.Second, args: func(o Options) []string {
		return append([]string{"--mode", "compare", "--workers", workers(), "--timeout", "45"}, pythonFlag(o)...)
	}},
	"forkcow": {demo: "forkcow", limit: 30 * time.Second, args: func(o Options) []string {
		if o.Short {
			return append([]string{"--mib", "16", "--children", "1", "--timeout", "25"}, pythonFlag(o)...)
		}
		return append([]string{"--mib", "64", "--children", "2", "--timeout", "25"}, pythonFlag(o)...)
	}},
	"browser-threads":   browserRun("threads"),
	"browser-processes": browserRun("processes"),
}

func init() {
	for k, r := range runs {
		r.key = k
		runs[k] = r
	}
}

func pythonFlag(o Options) []string {
	if o.Python == "" {
		return nil
	}
	return []string{"--python", o.Python}
}

// procraceRun is one of the three procrace runs; all add the same number of times, so their
// expected totals match.
func procraceRun(sync string) run {
	return run{demo: "procrace", timing: true, limit: 30 * time.Second, args: func(o Options) []string {
		n := "2000000"
		if o.Short {
			n = "1000000"
		}
		return []string{"--sync", sync, "--procs", "4", "--increments", n}
	}}
}

// startRun starts r's demo through l and gathers what it gives, within r's time limit and ctx.
// Whatever happens, the demo and its children have ended when startRun returns.
func startRun(ctx context.Context, l *demos.Launcher, r run, o Options) outcome {
	if o.Limit > 0 && o.Limit < r.limit {
		r.limit = o.Limit
	}
	ctx, cancel := context.WithTimeout(ctx, r.limit)
	defer cancel()
	running, err := l.Start(r.demo, r.args(o)...)
	if err != nil {
		return outcome{err: fmt.Errorf("starting demo %s: %w", r.demo, err)}
	}
	seen := eventLog{tap: tap{fn: o.OnEvent, key: r.key, running: running}}
	seen.tap.started()
	// Stop closes the demo's input and kills its process group if it lingers; the demos' own
	// children die with it (parent-death signal), so nothing of the run is left. What the drive
	// left unread goes to the tap only: the figures come from what the drive read.
	defer func() {
		_ = running.Stop()
		seen.tap.rest()
	}()
	drive := r.drive
	if drive == nil {
		drive = collectResults
	}
	results, err := drive(ctx, running, &seen)
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		err = fmt.Errorf("demo %s did not finish within %v; stopped", r.demo, r.limit)
	case errors.Is(err, context.Canceled):
		err = fmt.Errorf("measurement cancelled; demo %s stopped", r.demo)
	}
	return outcome{results: results, err: err, events: seen.events}
}

// collectResults reads a one-shot demo's events to its end and returns its "result" events. A
// demo that ends without success, or without a result, is an error that says why, in the demo's
// own words when it gave any.
func collectResults(ctx context.Context, r *demos.Running, seen *eventLog) ([]demos.Event, error) {
	var results []demos.Event
	var problems []string
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case ev, open := <-r.Events():
			if !open {
				return nil, fmt.Errorf("demo %s ended without a word", r.Name)
			}
			seen.add(ev)
			switch ev.Kind() {
			case "result":
				results = append(results, ev)
			case "error":
				problems = append(problems, ev.String("message"))
			case "exited":
				return finish(r.Name, ev, results, problems)
			}
		}
	}
}

// finish turns a demo's end into its results or an error.
func finish(name string, exited demos.Event, results []demos.Event, problems []string) ([]demos.Event, error) {
	code, hasCode := exited.Int("code")
	ok := hasCode && code == 0
	switch {
	case ok && len(results) > 0:
		return results, nil
	case len(problems) > 0:
		return nil, errors.New(strings.Join(problems, "; "))
	case !ok:
		msg := fmt.Sprintf("demo %s %s", name, exited.String("reason"))
		if tail := lastLine(exited.String("stderr")); tail != "" {
			msg += ": " + tail
		}
		return nil, errors.New(msg)
	default:
		return nil, fmt.Errorf("demo %s ended without a result", name)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
