package demos

import (
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// One unit of cpu work counts the primes among crunchSpan numbers by trial division: about a
// millisecond of pure arithmetic on a current core, short enough that stop requests and the
// global lock change hands often, long enough that the lock itself costs nothing by comparison.
const (
	crunchBase  = 5_000_000
	crunchSpan  = 5_000
	crunchSlots = 64 // units cycle through this many spans, so every unit costs about the same
)

// One unit of io work waits this long in a blocking system call, then handles what "arrived" with
// a little cpu work (crunchIOSpan numbers), the way a thread serving a slow device or network does.
const (
	crunchIOWait = 10 * time.Millisecond
	crunchIOSpan = 50
)

// crunchSink keeps the prime counts observable, so the compiler cannot drop the loops that make them.
var crunchSink atomic.Int64

// countPrimes counts the primes in [from, from+n) by trial division by odd numbers.
func countPrimes(from, n uint64) int64 {
	var found int64
	for v := from; v < from+n; v++ {
		if v < 2 || (v%2 == 0 && v != 2) {
			continue
		}
		prime := true
		for d := uint64(3); d*d <= v; d += 2 {
			if v%d == 0 {
				prime = false
				break
			}
		}
		if prime {
			found++
		}
	}
	return found
}

// crunchWorker is one worker's loop, the same in every model: a thread of this process, the only
// worker of a child process, or a thread that must hold gil (nil in the other models) while it
// computes. It adds one to units after each unit, and returns once stop is set.
type crunchWorker struct {
	kind  string // "cpu" or "io"
	index int
	gil   *sync.Mutex
	units *atomic.Int64
	stop  *atomic.Bool
}

func (w crunchWorker) run() {
	var found int64
	for i := 0; !w.stop.Load(); i++ {
		slot := uint64((i + w.index*7) % crunchSlots)
		if w.kind == "io" {
			// The wait holds no lock, as Python releases its GIL around blocking I/O; only the
			// short handling afterwards takes it.
			ts := unix.NsecToTimespec(int64(crunchIOWait))
			for unix.Nanosleep(&ts, &ts) == unix.EINTR {
			}
			found += w.locked(func() int64 { return countPrimes(crunchBase+slot*crunchIOSpan, crunchIOSpan) })
		} else {
			found += w.locked(func() int64 { return countPrimes(crunchBase+slot*crunchSpan, crunchSpan) })
		}
		w.units.Add(1)
	}
	crunchSink.Add(found)
}

func (w crunchWorker) locked(work func() int64) int64 {
	if w.gil != nil {
		w.gil.Lock()
		defer w.gil.Unlock()
	}
	return work()
}
