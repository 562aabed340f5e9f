package demos

import (
	"flag"
	"math"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// raceStopEvery is how many increments a thread makes between looks at the stop flag, so a quit
// ends even the largest run at once without slowing the loop that races.
const raceStopEvery = 4096

func init() { Register("race", runRace) }

// raceConfig is the race demo's parsed flags.
type raceConfig struct {
	sync       string // none, mutex or atomic
	threads    int
	increments int // per thread
}

func parseRace(args []string) (raceConfig, error) {
	var c raceConfig
	fs := flag.NewFlagSet("race", flag.ContinueOnError)
	fs.StringVar(&c.sync, "sync", RaceSyncs[0], orList(RaceSyncs))
	fs.IntVar(&c.threads, "threads", 4, "number of threads")
	fs.IntVar(&c.increments, "increments", 1_000_000, "increments made by each thread")
	if err := parseDemoFlags(fs, args); err != nil {
		return c, err
	}
	switch {
	case !oneOf(c.sync, RaceSyncs):
		return c, Usagef("sync must be %s, not %q", orList(RaceSyncs), c.sync)
	case c.threads < 1 || c.threads > RaceMaxThreads:
		return c, Usagef("threads must be between 1 and %d", RaceMaxThreads)
	case c.increments < 1 || c.increments > RaceMaxIncrements:
		return c, Usagef("increments must be between 1 and %d", RaceMaxIncrements)
	}
	return c, nil
}

// raceCounter is the one counter every thread adds to.
type raceCounter struct {
	mu sync.Mutex
	n  atomic.Int64
}

// increment adds one in the chosen way.
//
// "none" is the unprotected count++ of the lesson: read the value, then write value+1, as two
// separate steps. Both steps are atomic operations on their own, which keeps the program free of
// undefined behaviour, stops the compiler from keeping the counter in a register (each step must
// touch memory), and leaves `go vet` and the race detector useful for the rest of the code. What
// it does not do is make the pair one step: another thread may write between this thread's load
// and store, and that write is then overwritten and lost, exactly as with a plain count++. A plain
// data race would lose updates the same way, but the race detector would stop the tests on it.
//
// "mutex" makes the same two steps while holding a lock, so no other thread can come between them;
// "atomic" asks the processor for one indivisible read-modify-write (LOCK XADD on x86).
func (c *raceCounter) increment(mode string) {
	switch mode {
	case "none":
		v := c.n.Load()
		c.n.Store(v + 1)
	case "mutex":
		c.mu.Lock()
		v := c.n.Load()
		c.n.Store(v + 1)
		c.mu.Unlock()
	default:
		c.n.Add(1)
	}
}

// runRace starts the threads together, lets each add one to the shared counter the given number
// of times, and reports what the counter should hold, what it holds, and the updates lost.
func runRace(s *Session, args []string) error {
	cfg, err := parseRace(args)
	if err != nil {
		return err
	}
	quit := watchQuit(s, "race")
	defer LetKernelSchedule(cfg.threads + 1)()

	var counter raceCounter
	var halt atomic.Bool
	var attempted atomic.Int64 // increments made; less than planned only after a quit
	var ready atomic.Int64     // threads past the gate
	gate := make(chan struct{})
	var wg sync.WaitGroup
	for k := range cfg.threads {
		wg.Add(1)
		GoNamedThread("adder-"+strconv.Itoa(k), func() {
			defer wg.Done()
			<-gate
			// Waking parked threads one by one takes longer than a short run lasts, so each
			// thread then spins until all are awake: they start adding together, on every core.
			ready.Add(1)
			for ready.Load() < int64(cfg.threads) {
			}
			i := 0
			for ; i < cfg.increments; i++ {
				if i%raceStopEvery == 0 && halt.Load() {
					break
				}
				counter.increment(cfg.sync)
			}
			attempted.Add(int64(i))
		})
	}
	done := make(chan struct{})
	start := time.Now()
	close(gate)
	go func() { wg.Wait(); close(done) }()
	interrupted := false
	select {
	case <-done:
	case <-quit:
		interrupted = true
		halt.Store(true)
		<-done
	}
	took := time.Since(start)

	expected := attempted.Load()
	actual := counter.n.Load()
	s.Emit(Event{
		"event": "result", "sync": cfg.sync, "threads": cfg.threads, "increments": cfg.increments,
		"expected": expected, "actual": actual, "lost": expected - actual,
		"seconds": math.Round(took.Seconds()*1e6) / 1e6, "interrupted": interrupted,
	})
	return nil
}
