package demos

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"time"
)

// pythonCompareCPUSeconds is how long one worker takes for one round of the compare mode's
// CPU-bound work (the script calibrates its amount to this), and pythonCompareRounds how many
// rounds of one worker, N threads and N processes take turns. One comparison takes about 0.8 s a
// round on two cores plus 1.7 s of calibration and I/O, about 6 s, so that two (the default
// python3 and a free-threaded one) fit in about 15 s on an idle machine.
const (
	pythonCompareCPUSeconds = 0.3
	pythonCompareRounds     = 5
)

// pythonProbeLimit bounds the quick check of a free-threaded candidate.
const pythonProbeLimit = 15 * time.Second

// pythonCompareAll compares on python, then on every free-threaded build found on PATH that
// really runs without its GIL. A build that claims to be free-threaded by its name but says the
// GIL is on is reported in a note, not measured as free-threaded.
func pythonCompareAll(s *Session, cfg pythonConfig, python string, quit <-chan struct{}) error {
	res, err := pythonCompare(s, cfg, python, quit, true)
	if err != nil || res == nil {
		return err
	}
	s.Emit(res)
	candidates := freeThreadedCandidates(python)
	if len(candidates) == 0 && res["free_threaded"] != true {
		s.Emit(Event{"event": "note", "topic": "free_threaded",
			"message": "no free-threaded CPython (python3.13t or later) on PATH; only the GIL build was measured"})
	}
	for _, ft := range candidates {
		ready, err := pythonProbe(ft, cfg, quit)
		if err != nil {
			s.Emit(Event{"event": "note", "topic": "free_threaded", "python_path": ft,
				"message": fmt.Sprintf("%s could not be checked: %v", ft, err)})
			continue
		}
		if ready == nil {
			return nil // quit
		}
		if ready["free_threaded"] != true {
			why := "it has no sys._is_gil_enabled(), so it is not a free-threaded build"
			if ready["has_gil_check"] == true {
				why = "its sys._is_gil_enabled() says the GIL is on"
			}
			s.Emit(Event{"event": "note", "topic": "free_threaded", "python_path": ft,
				"python": ready.String("python"), "free_threaded": false,
				"message": fmt.Sprintf("%s (Python %s) is named free-threaded, but %s; not measured as free-threaded",
					ft, ready.String("python"), why)})
			continue
		}
		res, err := pythonCompare(s, cfg, ft, quit, false)
		if err != nil {
			s.Emit(Event{"event": "note", "topic": "free_threaded", "python_path": ft,
				"message": fmt.Sprintf("the comparison on %s failed: %v", ft, err)})
			continue
		}
		if res == nil {
			return nil
		}
		s.Emit(res)
	}
	return nil
}

// pythonProbe asks python about itself (its ready line) and returns that, or nil after a quit.
func pythonProbe(python string, cfg pythonConfig, quit <-chan struct{}) (Event, error) {
	p, err := startPython(python, "gil.py", false, "probe")
	if err != nil {
		return nil, err
	}
	defer p.kill()
	limit := time.NewTimer(min(cfg.timeout, pythonProbeLimit))
	defer limit.Stop()
	for {
		select {
		case <-quit:
			return nil, nil
		case <-limit.C:
			return nil, errPythonTimeout
		case ev, ok := <-p.events:
			if !ok {
				return nil, p.failure()
			}
			if ev.Kind() == "ready" {
				return ev, nil
			}
		}
	}
}

// pythonCompare runs one comparison on python within the timeout and returns its result event,
// or nil after a quit. It passes on the script's worker events, and its ready event when first.
func pythonCompare(s *Session, cfg pythonConfig, python string, quit <-chan struct{}, first bool) (Event, error) {
	p, err := startPython(python, "gil.py", false, "compare", "--workers", strconv.Itoa(cfg.workers),
		"--target-s", strconv.FormatFloat(pythonCompareCPUSeconds, 'f', -1, 64), "--rounds", strconv.Itoa(pythonCompareRounds),
		"--data-cap-mib", strconv.Itoa(pythonDataCapMiB))
	if err != nil {
		return nil, err
	}
	defer p.kill()
	limit := time.NewTimer(cfg.timeout)
	defer limit.Stop()
	var ready Event
	for {
		select {
		case <-quit:
			return nil, nil
		case <-limit.C:
			return nil, fmt.Errorf("%s ran for %v: %w", python, cfg.timeout, errPythonTimeout)
		case ev, ok := <-p.events:
			if !ok {
				return nil, p.failure()
			}
			switch ev.Kind() {
			case "ready":
				ready = readyEvent(ev, python, cfg)
				if first {
					s.Emit(ready)
				}
			case "worker", "error":
				ev["python_path"] = python
				s.Emit(ev)
			case "timings":
				if ready == nil {
					return nil, fmt.Errorf("%s: timings before ready: %w", python, errPythonFailed)
				}
				return compareResult(ev, ready, cfg.workers)
			}
		}
	}
}

// errBadTimings reports timings from the script that are missing, not numbers, or not positive.
var errBadTimings = errors.New("python printed timings that make no sense")

// compareKinds are the three ways the CPU-bound work runs, in the script's order within a round.
var compareKinds = []string{"one_worker", "threads", "processes"}

// compareResult builds the compare result from the script's timings line and its ready line.
//
// A speedup is the time of the work on one worker over its time on N workers of the kind. The
// script ran the three kinds in rounds, one after another, so each round gives a speedup measured
// within a second or so, under the same load from whatever else the machine runs; the result is
// the median round's, and each time is the median of its rounds. The I/O runs are single.
// X_cpu_parallelism is CPU seconds over wall seconds, summed over the rounds: how many cores'
// worth that kind kept busy.
func compareResult(t, ready Event, workers int) (Event, error) {
	rounds := map[string][]float64{}
	cpu := map[string][]float64{}
	n := -1
	for _, kind := range compareKinds {
		walls, ok := positiveList(t[kind+"_rounds_s"])
		if !ok || (n >= 0 && len(walls) != n) {
			return nil, fmt.Errorf("%s_rounds_s = %v: %w", kind, t[kind+"_rounds_s"], errBadTimings)
		}
		n = len(walls)
		rounds[kind] = walls
		if c, ok := floatList(t[kind+"_rounds_cpu_s"]); ok && len(c) == n {
			cpu[kind] = c
		}
	}
	ioSeq, ok1 := t.Float("io_sequential_s")
	ioThr, ok2 := t.Float("io_threads_s")
	if !ok1 || !ok2 || !(ioSeq > 0 && ioSeq < 1e6) || !(ioThr > 0 && ioThr < 1e6) {
		return nil, fmt.Errorf("io_sequential_s %v io_threads_s %v: %w", t["io_sequential_s"], t["io_threads_s"], errBadTimings)
	}
	ratios := func(kind string) []float64 {
		r := make([]float64, n)
		for i := range r {
			r[i] = rounds["one_worker"][i] / rounds[kind][i]
		}
		return r
	}
	ft, _ := t["free_threaded"].(bool)
	res := Event{
		"event": "result", "mode": "compare",
		"python": ready.String("python"), "python_path": ready.String("python_path"),
		"free_threaded": ft, "workers": workers, "cores": runtime.NumCPU(), "rounds": n,
		"threads_speedup":   round2(median(ratios("threads"))),
		"processes_speedup": round2(median(ratios("processes"))),
		"io_sequential_s":   round3(ioSeq), "io_threads_s": round3(ioThr),
		"io_speedup": round2(ioSeq / ioThr),
	}
	for _, kind := range compareKinds {
		res[kind+"_s"] = round3(median(rounds[kind]))
		if c, ok := cpu[kind]; ok {
			res[kind+"_cpu_parallelism"] = round2(sum(c) / sum(rounds[kind]))
		}
	}
	for _, k := range []string{"cpu_units", "io_waits", "io_wait_ms"} {
		if f, ok := t.Float(k); ok {
			res[k] = f
		}
	}
	return res, nil
}

// positiveList reads a non-empty JSON array of positive, finite numbers.
func positiveList(v any) ([]float64, bool) {
	xs, ok := floatList(v)
	if !ok || len(xs) == 0 || len(xs) > 100 {
		return nil, false
	}
	for _, x := range xs {
		if !(x > 0) || x > 1e6 {
			return nil, false
		}
	}
	return xs, true
}

// median of a non-empty list; the mean of the middle two for an even length.
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func sum(xs []float64) float64 {
	var t float64
	for _, x := range xs {
		t += x
	}
	return t
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func round3(f float64) float64 { return math.Round(f*1000) / 1000 }
