package demos

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"
)

// Limits and defaults of the python demo's flags.
const (
	pythonMaxWorkers     = 16
	pythonMaxSeconds     = 3600
	pythonMaxTimeout     = 600
	pythonDefaultTimeout = 60
	// pythonDataCapMiB caps the heap of the Python process and of each of its worker processes.
	pythonDataCapMiB = 256
)

func init() {
	Register("python", runPython)
	// The Python processes are small, but there may be one per worker beside the interpreter.
	RegisterFootprint("python", func(args []string) (int64, error) {
		cfg, err := parsePython(args)
		if err != nil {
			return 0, err
		}
		return int64(cfg.workers+1) * 32 << 20, nil
	})
}

// pythonConfig is the python demo's parsed flags.
type pythonConfig struct {
	mode    string // live or compare
	model   string // threads or processes (live)
	kind    string // cpu or io (live)
	workers int
	seconds int // live; 0 runs until quit
	python  string
	timeout time.Duration
}

func parsePython(args []string) (pythonConfig, error) {
	var c pythonConfig
	var timeout int
	fs := flag.NewFlagSet("python", flag.ContinueOnError)
	fs.StringVar(&c.mode, "mode", "compare", "live (workers until quit) or compare (one worker, N threads, N processes, I/O; then exit)")
	fs.StringVar(&c.model, "model", "threads", "live: threads or processes")
	fs.StringVar(&c.kind, "kind", "cpu", "live: cpu or io")
	fs.IntVar(&c.workers, "workers", min(runtime.NumCPU(), pythonMaxWorkers), "number of Python workers (default: the number of cores)")
	fs.IntVar(&c.seconds, "seconds", 0, "live: stop after this many seconds; 0 runs until quit")
	fs.StringVar(&c.python, "python", "", "the Python to run (default: python3 on PATH)")
	fs.IntVar(&timeout, "timeout", pythonDefaultTimeout, "seconds a Python may run (compare) or stay silent (live) before it is killed")
	if err := parseDemoFlags(fs, args); err != nil {
		return c, err
	}
	c.timeout = time.Duration(timeout) * time.Second
	switch {
	case c.mode != "live" && c.mode != "compare":
		return c, Usagef("mode must be live or compare, not %q", c.mode)
	case c.model != "threads" && c.model != "processes":
		return c, Usagef("model must be threads or processes, not %q", c.model)
	case c.kind != "cpu" && c.kind != "io":
		return c, Usagef("kind must be cpu or io, not %q", c.kind)
	}
	if err := checkRange("workers", c.workers, 1, pythonMaxWorkers); err != nil {
		return c, err
	}
	if err := checkRange("seconds", c.seconds, 0, pythonMaxSeconds); err != nil {
		return c, err
	}
	if err := checkRange("timeout", timeout, 1, pythonMaxTimeout); err != nil {
		return c, err
	}
	return c, nil
}

// runPython runs the notes' threading and multiprocessing examples on a real python3: in compare
// mode it times the same CPU-bound work on one worker, on N threads and on N processes, and
// I/O-bound work on one thread and on N, and reports the speedups; in live mode it runs N workers
// and reports their throughput once a second.
func runPython(s *Session, args []string) error {
	cfg, err := parsePython(args)
	if err != nil {
		return err
	}
	python, err := ResolvePython(cfg.python)
	if err != nil {
		return err
	}
	quit := watchQuit(s, "python")
	if cfg.mode == "live" {
		return pythonLive(s, cfg, python, quit)
	}
	return pythonCompareAll(s, cfg, python, quit)
}

// readyEvent turns the script's ready line into the demo's: the script's own facts (pid,
// version, free_threaded as the interpreter reports it) and which python3 ran it.
func readyEvent(ev Event, python string, cfg pythonConfig) Event {
	out := Event{}
	for k, v := range ev {
		out[k] = v
	}
	out["demo"] = "python"
	out["python_path"] = python
	out["demo_pid"] = os.Getpid()
	out["mode"] = cfg.mode
	out["workers"] = cfg.workers
	if _, ok := out["free_threaded"].(bool); !ok {
		out["free_threaded"] = false
	}
	return out
}

// pythonLive runs the workers until quit, the --seconds limit, or the script's failure, and turns
// the script's running totals into a result event each second.
func pythonLive(s *Session, cfg pythonConfig, python string, quit <-chan struct{}) error {
	p, err := startPython(python, "gil.py", false, "live", "--model", cfg.model, "--kind", cfg.kind,
		"--workers", strconv.Itoa(cfg.workers), "--data-cap-mib", strconv.Itoa(pythonDataCapMiB))
	if err != nil {
		return err
	}
	defer p.kill()
	var limit <-chan time.Time
	if cfg.seconds > 0 {
		limit = time.After(time.Duration(cfg.seconds) * time.Second)
	}
	// A live script prints its totals every second; silence for longer than the timeout means it hangs.
	silence := time.NewTimer(cfg.timeout)
	defer silence.Stop()
	var last Event
	version := ""
	for {
		select {
		case <-quit:
			return nil
		case <-limit:
			return nil
		case <-silence.C:
			return fmt.Errorf("%s printed nothing for %v: %w", python, cfg.timeout, errPythonTimeout)
		case ev, ok := <-p.events:
			if !ok {
				return p.failure()
			}
			silence.Reset(cfg.timeout)
			switch ev.Kind() {
			case "ready":
				version = ev.String("python")
				s.Emit(readyEvent(ev, python, cfg))
			case "worker", "error":
				s.Emit(ev)
			case "count":
				if last != nil {
					if res, err := liveResult(last, ev, cfg); err == nil {
						res["python"] = version
						s.Emit(res)
					} else {
						s.Errorf("%v", err)
					}
				}
				last = ev
			}
		}
	}
}

// errBadCount reports a count line from the script that cannot be turned into a rate.
var errBadCount = errors.New("python printed a count that makes no sense")

// liveResult computes the workers' throughput between two of the script's count lines, each
// {t: seconds on the script's monotonic clock, units: [total of worker 1, ...]}.
func liveResult(prev, cur Event, cfg pythonConfig) (Event, error) {
	t0, ok0 := prev.Float("t")
	t1, ok1 := cur.Float("t")
	a, okA := floatList(prev["units"])
	b, okB := floatList(cur["units"])
	if !ok0 || !ok1 || !okA || !okB || len(a) != len(b) || len(b) != cfg.workers || !(t1 > t0) {
		return nil, errBadCount
	}
	dt := t1 - t0
	per := make([]float64, len(b))
	var sum, total float64
	for i := range b {
		if b[i] < a[i] {
			return nil, errBadCount
		}
		per[i] = round1((b[i] - a[i]) / dt)
		sum += (b[i] - a[i]) / dt
		total += b[i]
	}
	return Event{
		"event": "result", "model": cfg.model, "kind": cfg.kind, "workers": cfg.workers,
		"units_per_sec": round1(sum), "per_worker": per, "units_total": total,
		"cores": runtime.NumCPU(),
	}, nil
}

// floatList reads a JSON array of finite, non-negative numbers.
func floatList(v any) ([]float64, bool) {
	xs, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]float64, len(xs))
	for i, x := range xs {
		f, ok := Event{"x": x}.Float("x")
		if !ok || f < 0 || f > 1e18 {
			return nil, false
		}
		out[i] = f
	}
	return out, true
}
