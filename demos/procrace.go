package demos

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// The procrace demo answers the notes' "multiprocessing removes synchronization primitives":
// separate processes that share memory (here one page, mapped MAP_SHARED by all of them) race
// on it exactly as threads do, and need a lock or an atomic just the same. The lock is one that
// works between processes: a futex word living in the shared page itself.

// Limits of the procrace demo's flags.
const (
	procraceMinProcs, procraceMaxProcs = 2, 16
	procraceMaxIncrements              = 10_000_000
)

// procraceStartLimit bounds the wait for every child to reach the start line.
const procraceStartLimit = 15 * time.Second

// Layout of the shared page. Words that different processes write often sit on cache lines of
// their own, so the figures are of the race, not of false sharing.
const (
	prCounter  = 0    // int64: the counter every child adds to
	prLock     = 64   // uint32: the process-shared lock (0 free, 1 held, 2 held with sleepers)
	prArrived  = 128  // uint32: children at the start line
	prGo       = 192  // uint32: set to 1 by the parent to start them
	prHalt     = 196  // uint32: set to 1 by the parent to stop them early
	prAwake    = 256  // uint32: children past the gate, spinning until all are
	prAttempts = 512  // int64 each: increments made by child k
	prEnds     = 768  // int64 each: CLOCK_MONOTONIC nanoseconds at which child k finished
	prStarts   = 1024 // int64 each: CLOCK_MONOTONIC nanoseconds at which child k began adding
)

func init() {
	Register("procrace", runProcRace)
	registerPart("procrace-adder", runProcRaceAdder)
}

// procraceConfig is the procrace demo's parsed flags.
type procraceConfig struct {
	sync       string // none, lock or atomic
	procs      int
	increments int // per process
}

func parseProcRace(args []string) (procraceConfig, error) {
	var c procraceConfig
	fs := flag.NewFlagSet("procrace", flag.ContinueOnError)
	fs.StringVar(&c.sync, "sync", "none", "none, lock (a futex lock in the shared page) or atomic")
	fs.IntVar(&c.procs, "procs", 4, "number of child processes")
	fs.IntVar(&c.increments, "increments", 1_000_000, "increments made by each process")
	if err := parseDemoFlags(fs, args); err != nil {
		return c, err
	}
	return c, c.check()
}

func (c procraceConfig) check() error {
	switch {
	case !oneOf(c.sync, ProcRaceSyncs):
		return Usagef("sync must be %s, not %q", orList(ProcRaceSyncs), c.sync)
	case c.procs < procraceMinProcs || c.procs > procraceMaxProcs:
		return Usagef("procs must be between %d and %d", procraceMinProcs, procraceMaxProcs)
	case c.increments < 1 || c.increments > procraceMaxIncrements:
		return Usagef("increments must be between 1 and %d", procraceMaxIncrements)
	}
	return nil
}

// runProcRace starts the children, lets them all off the start line at once, waits for them to
// finish, and reports what the counter should hold, what it holds and the updates lost.
func runProcRace(s *Session, args []string) error {
	cfg, err := parseProcRace(args)
	if err != nil {
		return err
	}
	page, err := newSharedPage("procrace")
	if err != nil {
		return err
	}
	defer page.close()
	quit := watchQuit(s, "procrace")
	s.Emit(Event{"event": "ready", "demo": "procrace", "pid": os.Getpid(), "sync": cfg.sync, "procs": cfg.procs,
		"increments": cfg.increments, "shared_bytes": sharedPageBytes})

	kids, err := startAdders(s, cfg, page)
	if err != nil {
		return err
	}
	defer kids.stop(page)
	if err := kids.waitArrived(page, cfg.procs, quit); err != nil {
		return err
	}
	start := monotonicNs()
	page.word32(prGo).Store(1)
	futexWake(page.word32(prGo), cfg.procs)

	interrupted := false
	select {
	case <-kids.allDone:
	case <-quit:
		interrupted = true
		page.word32(prHalt).Store(1)
		futexWake(page.word32(prGo), cfg.procs)
		<-kids.allDone
	}
	if err := kids.failure(); err != nil && !interrupted {
		return err
	}
	var expected, last, lastStart int64
	firstEnd := int64(math.MaxInt64)
	for k := range cfg.procs {
		expected += page.word64(prAttempts + 8*k).Load()
		last = max(last, page.word64(prEnds+8*k).Load())
		firstEnd = min(firstEnd, page.word64(prEnds+8*k).Load())
		lastStart = max(lastStart, page.word64(prStarts+8*k).Load())
	}
	actual := page.word64(prCounter).Load()
	s.Emit(Event{"event": "result", "sync": cfg.sync, "procs": cfg.procs, "increments": cfg.increments,
		"expected": expected, "actual": actual, "lost": expected - actual,
		"seconds": math.Round(float64(max(last-start, 0))/1e3) / 1e6, "interrupted": interrupted,
		"overlap_seconds": math.Round(float64(max(firstEnd-lastStart, 0))/1e3) / 1e6})
	return nil
}

// adders are the running children of one procrace run.
type adders struct {
	cmds    []*exec.Cmd
	inputs  []io.Closer
	allDone chan struct{} // closed when every child has been reaped
	mu      sync.Mutex
	failed  error
}

// startAdders starts cfg.procs children, `demo procrace-adder`, each given the shared page as
// descriptor 3, and passes on their "child" and "error" events.
func startAdders(s *Session, cfg procraceConfig, page *sharedPage) (*adders, error) {
	a := &adders{allDone: make(chan struct{})}
	var reaped sync.WaitGroup
	for k := range cfg.procs {
		cmd, err := SelfCommand("procrace-adder", "--sync", cfg.sync, "--increments", strconv.Itoa(cfg.increments),
			"--index", strconv.Itoa(k), "--procs", strconv.Itoa(cfg.procs))
		if err == nil {
			err = a.start(s, cmd, k, page, &reaped)
		}
		if err != nil {
			go func() { reaped.Wait(); close(a.allDone) }()
			a.stop(page)
			return nil, err
		}
	}
	go func() { reaped.Wait(); close(a.allDone) }()
	return a, nil
}

func (a *adders) start(s *Session, cmd *exec.Cmd, k int, page *sharedPage, reaped *sync.WaitGroup) error {
	cmd.ExtraFiles = []*os.File{page.File}
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		in.Close()
		return err
	}
	if err := StartChild(cmd); err != nil {
		in.Close()
		return fmt.Errorf("starting process %d: %w", k, err)
	}
	a.cmds = append(a.cmds, cmd)
	a.inputs = append(a.inputs, in)
	reaped.Add(1)
	go func() {
		defer reaped.Done()
		forEachEvent(out, func(ev Event) {
			if ev.Kind() == "child" || ev.Kind() == "error" {
				ev["child"] = k
				s.Emit(ev)
			}
		}, nil)
		if err := cmd.Wait(); err != nil {
			a.mu.Lock()
			if a.failed == nil {
				a.failed = fmt.Errorf("process %d: %s", k, exitReason(cmd.ProcessState))
			}
			a.mu.Unlock()
		}
	}()
	return nil
}

func (a *adders) failure() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.failed
}

// waitArrived waits until n children stand at the start line.
func (a *adders) waitArrived(page *sharedPage, n int, quit <-chan struct{}) error {
	deadline := time.Now().Add(procraceStartLimit)
	for page.word32(prArrived).Load() < uint32(n) {
		select {
		case <-a.allDone:
			if err := a.failure(); err != nil {
				return err
			}
			return errors.New("the child processes ended before the start")
		case <-quit:
			return nil
		case <-time.After(time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("only %d of %d processes reached the start line within %v",
				page.word32(prArrived).Load(), n, procraceStartLimit)
		}
	}
	return nil
}

// stop halts the children, closes their input, and kills any that do not end in time.
func (a *adders) stop(page *sharedPage) {
	page.word32(prHalt).Store(1)
	page.word32(prGo).Store(1)
	futexWake(page.word32(prGo), len(a.cmds))
	for _, in := range a.inputs {
		in.Close()
	}
	select {
	case <-a.allDone:
	case <-time.After(crunchChildGrace):
		for _, c := range a.cmds {
			_ = c.Process.Kill()
		}
		<-a.allDone
	}
}

func monotonicNs() int64 {
	var ts unix.Timespec
	_ = unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts) // cannot fail for this clock
	return ts.Nano()
}
