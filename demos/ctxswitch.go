package demos

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// The ctxswitch demo answers the notes' "switching between threads is faster": it makes two
// threads of one process, and then two processes, hand a turn back and forth, with everything
// pinned to ONE core. On one core a hand-off cannot overlap: the waiting side only runs once the
// other has gone to sleep, so every hand-off is one context switch, and the time per hand-off is
// the cost of a switch plus the same small system calls in both cases. The hand-off, the core
// and the thread that drives it are the same for both kinds; only whether the two sides share
// an address space differs.

// Limits and defaults of the ctxswitch demo's flags.
const (
	ctxMinRounds, ctxMaxRounds   = 100, 1_000_000
	ctxMinBatches, ctxMaxBatches = 3, 51
	ctxDefaultRounds             = 20_000
	ctxDefaultBatches            = 9
	ctxQuitEvery                 = 1024
)

func init() {
	Register("ctxswitch", runCtxSwitch)
	registerPart("ctxswitch-partner", runCtxPartner)
}

// ctxConfig is the ctxswitch demo's parsed flags.
type ctxConfig struct {
	via     string // futex or pipe
	rounds  int    // round trips per batch
	batches int    // batches counted, after one warm-up batch
	core    int    // -1: pick one
}

func parseCtxSwitch(args []string) (ctxConfig, error) {
	var c ctxConfig
	fs := flag.NewFlagSet("ctxswitch", flag.ContinueOnError)
	fs.StringVar(&c.via, "via", "futex", "futex (a word in shared memory) or pipe")
	fs.IntVar(&c.rounds, "rounds", ctxDefaultRounds, "round trips (two switches each) per batch")
	fs.IntVar(&c.batches, "batches", ctxDefaultBatches, "batches of each kind counted; the figure is their median")
	fs.IntVar(&c.core, "core", -1, "the core everything runs on; -1 picks the last one allowed")
	if err := parseDemoFlags(fs, args); err != nil {
		return c, err
	}
	switch {
	case c.via != "futex" && c.via != "pipe":
		return c, Usagef("via must be futex or pipe, not %q", c.via)
	case c.rounds < ctxMinRounds || c.rounds > ctxMaxRounds:
		return c, Usagef("rounds must be between %d and %d", ctxMinRounds, ctxMaxRounds)
	case c.batches < ctxMinBatches || c.batches > ctxMaxBatches:
		return c, Usagef("batches must be between %d and %d", ctxMinBatches, ctxMaxBatches)
	case c.core < -1 || c.core >= runtime.NumCPU():
		return c, Usagef("core must be -1 or between 0 and %d", runtime.NumCPU()-1)
	}
	return c, nil
}

// ctxKind is one of the two hand-offs being compared, with what the driver needs to run and
// count it.
type ctxKind struct {
	name      string // "thread" or "process"
	baton     baton
	pid, tid  int // the partner's thread
	samples   []time.Duration
	switches  int64 // counted by the kernel over the counted batches, driver and partner
	countedOK bool  // the kernel's counts could be read every time
}

// runCtxSwitch sets up both pairs, pinned to one core, then times batches of round trips,
// alternating between the two kinds so that a change in the machine's load hits both alike.
func runCtxSwitch(s *Session, args []string) error {
	cfg, err := parseCtxSwitch(args)
	if err != nil {
		return err
	}
	if cfg.core, err = pickCore(cfg.core); err != nil {
		return err
	}
	quit := watchQuit(s, "ctxswitch")
	// The driver, the partner thread and the Go code around them each need a P of their own,
	// or the Go scheduler, not the kernel, would decide who runs.
	defer LetKernelSchedule(4)()
	s.Emit(Event{"event": "ready", "demo": "ctxswitch", "pid": os.Getpid(), "via": cfg.via, "rounds": cfg.rounds,
		"batches": cfg.batches, "core": cfg.core})

	threads, err := startThreadPartner(cfg.via, cfg.core)
	if err != nil {
		return err
	}
	defer threads.baton.stop()
	s.Emit(Event{"event": "task", "role": "thread-partner", "pid": threads.pid, "tid": threads.tid, "core": cfg.core})
	procs, err := startProcessPartner(cfg.via, cfg.core)
	if err != nil {
		return err
	}
	defer procs.baton.stop()
	s.Emit(Event{"event": "task", "role": "process-partner", "pid": procs.pid, "tid": procs.tid, "core": cfg.core})

	kinds := []*ctxKind{threads, procs}
	var driveErr error
	var allOnCore bool
	interrupted := false
	done := make(chan struct{})
	GoNamedThread("switch-driver", func() {
		defer close(done)
		if driveErr = pinThisThread(cfg.core); driveErr != nil {
			return
		}
		s.Emit(Event{"event": "task", "role": "driver", "pid": os.Getpid(), "tid": unix.Gettid(), "core": cfg.core})
		interrupted, driveErr = driveCtxBatches(s, cfg, kinds, quit)
		allOnCore = ctxAllOnCore(cfg.core, [][2]int{{os.Getpid(), 0}, {threads.pid, threads.tid}, {procs.pid, procs.tid}})
	})
	<-done
	if driveErr != nil {
		return driveErr
	}
	if interrupted && (len(threads.samples) == 0 || len(procs.samples) == 0) {
		return nil // quit before one batch of each kind was counted: nothing to report
	}
	s.Emit(ctxResult(cfg, threads, procs, allOnCore, interrupted))
	return nil
}

// driveCtxBatches runs on the pinned driver thread: one warm-up batch of each kind, then
// cfg.batches counted ones, alternating which kind goes first.
func driveCtxBatches(s *Session, cfg ctxConfig, kinds []*ctxKind, quit <-chan struct{}) (interrupted bool, err error) {
	pid, tid := os.Getpid(), unix.Gettid()
	// A batch of the largest size lasts seconds; the loop looks at this flag every
	// ctxQuitEvery rounds so that a quit ends it at once.
	var stopped atomic.Bool
	finished := make(chan struct{})
	defer close(finished)
	go func() {
		select {
		case <-quit:
			stopped.Store(true)
		case <-finished:
		}
	}()
	for b := 0; b <= cfg.batches; b++ {
		order := kinds
		if b%2 == 1 {
			order = []*ctxKind{kinds[1], kinds[0]}
		}
		for _, k := range order {
			if stopped.Load() {
				return true, nil
			}
			before, okBefore := ctxCount(pid, tid, k)
			start := time.Now()
			for r := range cfg.rounds {
				if r%ctxQuitEvery == 0 && stopped.Load() {
					return true, nil
				}
				if err := k.baton.pass(); err != nil {
					return false, fmt.Errorf("%s hand-off: %w", k.name, err)
				}
			}
			took := time.Since(start)
			after, okAfter := ctxCount(pid, tid, k)
			perSwitch := took / time.Duration(2*cfg.rounds)
			if b > 0 {
				k.samples = append(k.samples, perSwitch)
				k.switches += after - before
				k.countedOK = (len(k.samples) == 1 || k.countedOK) && okBefore && okAfter
			}
			s.Emit(Event{"event": "batch", "kind": k.name, "batch": b, "warmup": b == 0,
				"switch_ns": round1(float64(perSwitch.Nanoseconds()))})
		}
	}
	return false, nil
}

// ctxCount adds up the switches so far of the driver and of k's partner.
func ctxCount(pid, tid int, k *ctxKind) (int64, bool) {
	a, errA := taskSwitches(pid, tid)
	b, errB := taskSwitches(k.pid, k.tid)
	return a + b, errA == nil && errB == nil
}

// ctxAllOnCore checks, from /proc, that each task (pid, tid; tid 0: the calling thread) last
// ran on core: the pinning held.
func ctxAllOnCore(core int, tasks [][2]int) bool {
	for _, t := range tasks {
		tid := t[1]
		if tid == 0 {
			tid = unix.Gettid()
		}
		c, err := taskCore(t[0], tid)
		if err != nil || c != core {
			return false
		}
	}
	return true
}

// ctxResult builds the result event from both kinds' batches.
func ctxResult(cfg ctxConfig, threads, procs *ctxKind, allOnCore, interrupted bool) Event {
	t, p := medianNs(threads.samples), medianNs(procs.samples)
	ev := Event{"event": "result", "via": cfg.via, "rounds": cfg.rounds, "batches": len(threads.samples),
		"core": cfg.core, "thread_switch_ns": round1(t), "process_switch_ns": round1(p),
		"all_on_core": allOnCore, "interrupted": interrupted, "cores": runtime.NumCPU()}
	if t > 0 {
		ev["ratio"] = math.Round(p/t*100) / 100
	}
	// Two switches per round trip is what the design promises; the kernel's own counts say
	// whether that is what happened (more means something else ran on the core too).
	for _, k := range []*ctxKind{threads, procs} {
		if k.countedOK && len(k.samples) > 0 {
			ev[k.name+"_switches_per_round"] = math.Round(float64(k.switches)/float64(len(k.samples)*cfg.rounds)*100) / 100
		}
	}
	return ev
}

// medianNs returns the median of samples in nanoseconds, 0 for none.
func medianNs(samples []time.Duration) float64 {
	if len(samples) == 0 {
		return 0
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return float64(s[n/2].Nanoseconds())
	}
	return float64((s[n/2-1] + s[n/2]).Nanoseconds()) / 2
}

// errPartnerGone reports a hand-off whose other side has ended.
var errPartnerGone = errors.New("the partner ended")
