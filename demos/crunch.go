package demos

import (
	"flag"
	"math"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// crunchMaxSeconds limits crunch's --seconds (its other limits are in options.go).
const crunchMaxSeconds = 3600

func init() {
	Register("crunch", runCrunch)
	registerPart("crunch-worker", runCrunchWorker)
}

// crunchConfig is the crunch demo's parsed flags.
type crunchConfig struct {
	model   string // threads, processes or locked-threads
	kind    string // cpu or io
	workers int
	seconds int // 0: until quit
}

func parseCrunch(args []string) (crunchConfig, error) {
	var c crunchConfig
	fs := flag.NewFlagSet("crunch", flag.ContinueOnError)
	fs.StringVar(&c.model, "model", CrunchModels[0], orList(CrunchModels))
	fs.StringVar(&c.kind, "kind", CrunchKinds[0], orList(CrunchKinds))
	fs.IntVar(&c.workers, "workers", 2, "number of workers")
	fs.IntVar(&c.seconds, "seconds", 0, "stop after this many seconds; 0 runs until quit")
	if err := parseDemoFlags(fs, args); err != nil {
		return c, err
	}
	switch {
	case !oneOf(c.model, CrunchModels):
		return c, Usagef("model must be %s, not %q", orList(CrunchModels), c.model)
	case !oneOf(c.kind, CrunchKinds):
		return c, Usagef("kind must be %s, not %q", orList(CrunchKinds), c.kind)
	case c.workers < 1 || c.workers > CrunchMaxWorkers:
		return c, Usagef("workers must be between 1 and %d", CrunchMaxWorkers)
	case c.seconds < 0 || c.seconds > crunchMaxSeconds:
		return c, Usagef("seconds must be between 0 and %d", crunchMaxSeconds)
	}
	return c, nil
}

// runCrunch runs N workers in the chosen model and reports, once a second, how many units of
// work they finished per second, in total and each. On 2+ cores cpu work scales with threads and
// with processes but not behind one lock; io work waits the same in every model.
func runCrunch(s *Session, args []string) error {
	cfg, err := parseCrunch(args)
	if err != nil {
		return err
	}
	quit := watchQuit(s, "crunch")
	counts := make([]atomic.Int64, cfg.workers)
	var stop func()
	failed := make(chan error, 1)
	if cfg.model == "processes" {
		stop, err = startCrunchChildren(s, cfg, counts, failed)
		if err != nil {
			return err
		}
	} else {
		stop = startCrunchThreads(s, cfg, counts)
	}
	defer stop()

	var limit <-chan time.Time
	if cfg.seconds > 0 {
		limit = time.After(time.Duration(cfg.seconds) * time.Second)
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	last := make([]int64, cfg.workers)
	lastAt := time.Now()
	for {
		select {
		case <-quit:
			return nil
		case <-limit:
			return nil
		case err := <-failed:
			return err
		case now := <-tick.C:
			s.Emit(crunchResult(cfg, counts, last, now.Sub(lastAt)))
			lastAt = now
		}
	}
}

// crunchResult builds one result event from the workers' running totals and updates last.
func crunchResult(cfg crunchConfig, counts []atomic.Int64, last []int64, elapsed time.Duration) Event {
	perWorker := make([]float64, len(counts))
	var total int64
	var sum float64
	for i := range counts {
		n := counts[i].Load()
		rate := float64(n-last[i]) / elapsed.Seconds()
		perWorker[i] = round1(rate)
		sum += rate
		total += n
		last[i] = n
	}
	return Event{
		"event": "result", "model": cfg.model, "kind": cfg.kind, "workers": cfg.workers,
		"units_per_sec": round1(sum), "per_worker": perWorker, "units_total": total,
		"cores": runtime.NumCPU(),
	}
}

// startCrunchThreads starts the workers as named OS threads of this process; locked-threads
// shares one mutex among them. The returned function stops and joins them.
func startCrunchThreads(s *Session, cfg crunchConfig, counts []atomic.Int64) (stop func()) {
	restore := LetKernelSchedule(cfg.workers + 1)
	var gil *sync.Mutex
	if cfg.model == "locked-threads" {
		gil = new(sync.Mutex)
	}
	var halt atomic.Bool
	var wg sync.WaitGroup
	for k := range cfg.workers {
		w := crunchWorker{kind: cfg.kind, index: k, gil: gil, units: &counts[k], stop: &halt}
		wg.Add(1)
		tid := GoNamedThread(crunchThreadName(k), func() {
			defer wg.Done()
			w.run()
		})
		s.Emit(Event{"event": "worker", "worker": k, "pid": os.Getpid(), "tid": tid})
	}
	return func() {
		halt.Store(true)
		wg.Wait()
		restore()
	}
}

func crunchThreadName(k int) string { return "worker-" + strconv.Itoa(k) }

func round1(f float64) float64 { return math.Round(f*10) / 10 }
