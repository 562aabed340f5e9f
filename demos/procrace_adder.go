package demos

import (
	"flag"
	"io"
	"os"
	"strconv"
	"sync/atomic"
)

// procraceSpins is how often a locker tries the lock before it sleeps in the kernel: the holder
// keeps it for a few nanoseconds, so on a free core waiting a moment beats a system call.
const procraceSpins = 100

// procraceYieldEvery is how many looks at the start line a waiting child takes between yields:
// some tens of microseconds.
const procraceYieldEvery = 4096

// runProcRaceAdder is one child of the procrace demo: it maps the shared page from descriptor 3,
// waits at the start line with its siblings, adds --increments times to the shared counter the
// chosen way, and records how many it made and when it finished.
func runProcRaceAdder(s *Session, args []string) error {
	cfg := procraceConfig{}
	var index int
	fs := flag.NewFlagSet("procrace-adder", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&cfg.sync, "sync", "none", "none, lock or atomic")
	fs.IntVar(&cfg.increments, "increments", 1, "increments to make")
	fs.IntVar(&cfg.procs, "procs", 2, "processes in the run")
	fs.IntVar(&index, "index", 0, "this child's number")
	if err := fs.Parse(args); err != nil {
		return Usagef("procrace-adder: %v", err)
	}
	if err := cfg.check(); err != nil {
		return err
	}
	if index < 0 || index >= cfg.procs {
		return Usagef("index must be between 0 and %d", cfg.procs-1)
	}
	page, err := mapSharedPage(3)
	if err != nil {
		return err
	}
	defer page.close()
	// Each child gets a core of its own, in turn: the kernel would spread them too, but only
	// after a while, and a run of a few milliseconds could be over before two children shared a
	// moment on different cores. More children than cores take turns on theirs.
	cores, err := allowedCores()
	if err != nil {
		return err
	}
	core := cores[index%len(cores)]
	quit := watchQuit(s, "procrace-adder")
	done := make(chan struct{})
	tid := GoNamedThread("adder-"+strconv.Itoa(index), func() {
		defer close(done)
		if err := pinThisThread(core); err != nil {
			s.Errorf("%v", err)
			return
		}
		addShared(page, cfg, index)
	})
	s.Emit(Event{"event": "child", "pid": os.Getpid(), "tid": tid, "core": core})
	select {
	case <-done:
	case <-quit:
	}
	return nil
}

// addShared is the adder's thread: the start line, then the increments.
func addShared(page *sharedPage, cfg procraceConfig, index int) {
	counter := page.word64(prCounter)
	lock := page.word32(prLock)
	halt := page.word32(prHalt)
	gate := page.word32(prGo)
	awake := page.word32(prAwake)

	page.word32(prArrived).Add(1)
	for gate.Load() == 0 {
		futexWait(gate, 0, 0)
	}
	// Waking sleeping processes one by one takes longer than a short run, so each then waits,
	// spinning, until all are awake, and they start adding together. It yields now and then, so
	// that a sibling waiting for the same core gets to arrive; but not at every turn, or the
	// core would go to some other program just as the last sibling arrives.
	awake.Add(1)
	for spins := 1; awake.Load() < uint32(cfg.procs) && halt.Load() == 0; spins++ {
		if spins%procraceYieldEvery == 0 {
			schedYield()
		}
	}
	page.word64(prStarts + 8*index).Store(monotonicNs())
	i := 0
	for ; i < cfg.increments; i++ {
		if i%raceStopEvery == 0 && halt.Load() != 0 {
			break
		}
		switch cfg.sync {
		case "none":
			// count++ as two steps, as in the race demo: another process may store between
			// this load and this store, and its update is then overwritten.
			v := counter.Load()
			counter.Store(v + 1)
		case "lock":
			lockShared(lock)
			v := counter.Load()
			counter.Store(v + 1)
			unlockShared(lock)
		default:
			counter.Add(1)
		}
	}
	page.word64(prAttempts + 8*index).Store(int64(i))
	page.word64(prEnds + 8*index).Store(monotonicNs())
}

// lockShared takes a lock that lives in memory shared between processes: 0 free, 1 held, 2 held
// with sleepers. It tries a while, then marks the lock contended and sleeps in the kernel until
// the holder wakes it. (The scheme is the classic futex mutex; a process that dies holding it
// leaves it held, which a robust lock would handle and this demo does not need.)
func lockShared(w *atomic.Uint32) {
	for range procraceSpins {
		if w.Load() == 0 && w.CompareAndSwap(0, 1) {
			return
		}
	}
	for w.Swap(2) != 0 {
		futexWait(w, 2, 0)
	}
}

// unlockShared frees the lock and wakes one sleeper if there may be any.
func unlockShared(w *atomic.Uint32) {
	if w.Swap(0) == 2 {
		futexWake(w, 1)
	}
}
