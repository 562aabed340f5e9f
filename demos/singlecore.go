package demos

import (
	"flag"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// The singlecore demo answers the question one note leaves open, "single core multiprocessing:
// how does this work": several CPU-bound workers (crunch's prime counting) pinned to ONE core
// all make progress, because the kernel gives each a slice of that core's time in turn, but
// together they do no more than one worker alone; the same workers spread over all cores do
// about as many times more as there are cores. Three phases, --seconds each: one worker alone on
// the core, all workers pinned to that core, all workers free to use every core.

// Limits of the singlecore demo's flags.
const (
	singleMaxWorkers = 16
	singleMaxSeconds = 60
)

func init() { Register("singlecore", runSingleCore) }

// singleConfig is the singlecore demo's parsed flags.
type singleConfig struct {
	workers int
	seconds int // per phase
	core    int // -1: pick one
}

func parseSingleCore(args []string) (singleConfig, error) {
	var c singleConfig
	fs := flag.NewFlagSet("singlecore", flag.ContinueOnError)
	fs.IntVar(&c.workers, "workers", max(2, runtime.NumCPU()), "CPU-bound worker threads")
	fs.IntVar(&c.seconds, "seconds", 3, "length of each of the three phases")
	fs.IntVar(&c.core, "core", -1, "the one core of the pinned phases; -1 picks the last one allowed")
	if err := parseDemoFlags(fs, args); err != nil {
		return c, err
	}
	switch {
	case c.workers < 1 || c.workers > singleMaxWorkers:
		return c, Usagef("workers must be between 1 and %d", singleMaxWorkers)
	case c.seconds < 1 || c.seconds > singleMaxSeconds:
		return c, Usagef("seconds must be between 1 and %d", singleMaxSeconds)
	case c.core < -1 || c.core >= runtime.NumCPU():
		return c, Usagef("core must be -1 or between 0 and %d", runtime.NumCPU()-1)
	}
	return c, nil
}

// singlePhase is what one phase's workers did: units of work each, over how long.
type singlePhase struct {
	units   []int64
	elapsed time.Duration
}

// add sums two stretches of the same phase; a nil p is an empty one.
func (p *singlePhase) add(q singlePhase) *singlePhase {
	if p == nil {
		p = &singlePhase{units: make([]int64, len(q.units))}
	}
	for k, n := range q.units {
		p.units[k] += n
	}
	p.elapsed += q.elapsed
	return p
}

// singleRates is a phase's throughput: units per second in total and per worker.
type singleRates struct {
	rate      float64
	perWorker []float64
}

func (p *singlePhase) rates() singleRates {
	r := singleRates{perWorker: make([]float64, len(p.units))}
	secs := p.elapsed.Seconds()
	if secs <= 0 {
		return r
	}
	for k, n := range p.units {
		r.perWorker[k] = round1(float64(n) / secs)
		r.rate += float64(n) / secs
	}
	return r
}

func runSingleCore(s *Session, args []string) error {
	cfg, err := parseSingleCore(args)
	if err != nil {
		return err
	}
	all, err := allowedCores()
	if err != nil {
		return err
	}
	if cfg.core, err = pickCore(cfg.core); err != nil {
		return err
	}
	quit := watchQuit(s, "singlecore")
	defer LetKernelSchedule(cfg.workers + 1)()
	s.Emit(Event{"event": "ready", "demo": "singlecore", "pid": os.Getpid(), "workers": cfg.workers, "seconds": cfg.seconds,
		"core": cfg.core, "cores": len(all)})

	phases := []struct {
		name    string
		workers int
		cores   []int
	}{
		{"alone", 1, []int{cfg.core}},
		{"pinned", cfg.workers, []int{cfg.core}},
		{"spread", cfg.workers, all},
	}
	// The phases take turns a second at a time, rather than one long phase after another, so
	// that a change in the machine's other load falls on all three alike.
	got := map[string]*singlePhase{}
	for round := 1; round <= cfg.seconds; round++ {
		for _, ph := range phases {
			p, ok := runSinglePhase(s, ph.name, round, ph.workers, ph.cores, quit)
			if !ok {
				return nil // quit: a partial comparison would mislead
			}
			got[ph.name] = got[ph.name].add(p)
		}
	}
	alone, pinned, spread := got["alone"].rates(), got["pinned"].rates(), got["spread"].rates()
	ev := Event{"event": "result", "workers": cfg.workers, "cores": len(all), "core": cfg.core,
		"seconds": cfg.seconds, "alone_units_per_sec": round1(alone.rate),
		"pinned_units_per_sec": round1(pinned.rate), "spread_units_per_sec": round1(spread.rate),
		"pinned_per_worker": pinned.perWorker, "spread_per_worker": spread.perWorker}
	if pinned.rate > 0 {
		ev["speedup"] = math.Round(spread.rate/pinned.rate*100) / 100
		// The smallest worker's share of the pinned total, against the fair 1/workers: every
		// worker got turns on the core when this is near 1/workers, none starved when it is > 0.
		ev["pinned_min_share"] = math.Round(slices.Min(pinned.perWorker)/pinned.rate*1000) / 1000
	}
	if alone.rate > 0 {
		ev["pinned_vs_alone"] = math.Round(pinned.rate/alone.rate*100) / 100
	}
	s.Emit(ev)
	return nil
}

// runSinglePhase runs n workers, each a named thread allowed only on cores, for one second, and
// emits a "rate" event. It reports false when the driver quit meanwhile.
func runSinglePhase(s *Session, phase string, round, n int, cores []int, quit <-chan struct{}) (singlePhase, bool) {
	counts := make([]atomic.Int64, n)
	var halt atomic.Bool
	var wg, ready sync.WaitGroup
	gate := make(chan struct{})
	tids := make([]int, n)
	for k := range n {
		wg.Add(1)
		ready.Add(1)
		w := crunchWorker{kind: "cpu", index: k, units: &counts[k], stop: &halt}
		tid := GoNamedThread(phase+"-"+strconv.Itoa(k), func() {
			defer wg.Done()
			err := pinThisThread(cores...)
			ready.Done()
			if err != nil {
				s.Errorf("%v", err)
				return
			}
			<-gate
			w.run()
		})
		tids[k] = tid
	}
	ready.Wait()
	// Reported once every worker has set its affinity, so a reader of /proc sees it in force.
	for k, tid := range tids {
		ev := Event{"event": "worker", "phase": phase, "round": round, "worker": k, "pid": os.Getpid(), "tid": tid}
		if len(cores) == 1 {
			ev["core"] = cores[0]
		} else {
			ev["cores"] = joinInts(cores)
		}
		s.Emit(ev)
	}
	start := time.Now()
	close(gate)
	interrupted := false
	select {
	case <-quit:
		interrupted = true
	case <-time.After(time.Second):
	}
	halt.Store(true)
	elapsed := time.Since(start)
	wg.Wait()
	if interrupted {
		return singlePhase{}, false
	}
	p := singlePhase{units: make([]int64, n), elapsed: elapsed}
	for k := range n {
		p.units[k] = counts[k].Load()
	}
	r := p.rates()
	s.Emit(Event{"event": "rate", "phase": phase, "round": round, "workers": n,
		"units_per_sec": round1(r.rate), "per_worker": r.perWorker})
	return p, true
}
