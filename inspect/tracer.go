package inspect

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// drainEvery is how often the reader drains the rings when no wakeup came first.
const drainEvery = 50 * time.Millisecond

// Tracer records the context switches of a set of tasks as they happen. Start one with
// TraceProgram, TraceProcess or TraceMachine (or the sampled fallbacks); Trace returns what was
// seen so far, Stop ends it. Its methods may be called from any goroutine.
type Tracer struct {
	mu      sync.Mutex
	b       *traceBuilder
	horizon int64 // every record up to here has been applied
	stopped *Trace

	rings   []*perfRing
	extra   []int // event fds whose output goes to a ring of the same CPU
	tp      *tpLayout
	epfd    int
	pending []perfRecord

	// sample replaces the rings for a sampled tracer: it appends records seen at time now.
	sample func(now int64, out []perfRecord) []perfRecord
	every  time.Duration // how often the reader runs without a wakeup; 0 is drainEvery

	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once

	prog *program // the program started, if any
}

// monoNow is CLOCK_MONOTONIC in nanoseconds, the clock of every record.
func monoNow() int64 {
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	return ts.Nano()
}

// startReader begins draining the rings (or sampling) in a goroutine of its own.
func (t *Tracer) startReader() error {
	t.stop = make(chan struct{})
	t.done = make(chan struct{})
	t.epfd = -1
	if len(t.rings) > 0 {
		epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
		if err != nil {
			return fmt.Errorf("inspect: epoll: %w", err)
		}
		for i, r := range t.rings {
			ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(i)}
			if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, r.fd, &ev); err != nil {
				unix.Close(epfd)
				return fmt.Errorf("inspect: epoll: %w", err)
			}
		}
		t.epfd = epfd
	}
	t.horizon = t.b.start
	go t.read()
	return nil
}

// read is the reader goroutine: it waits for a wakeup or the timer, drains every ring, and
// applies the records that are old enough to be in order.
func (t *Tracer) read() {
	defer close(t.done)
	events := make([]unix.EpollEvent, len(t.rings)+1)
	every := t.every
	if every == 0 {
		every = drainEvery
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	prev := t.b.start
	for {
		if t.epfd >= 0 {
			unix.EpollWait(t.epfd, events, int(drainEvery/time.Millisecond))
		} else {
			<-tick.C
		}
		select {
		case <-t.stop:
			return
		default:
		}
		now := monoNow()
		t.collect(now)
		// A record is written within microseconds of its timestamp, on its own CPU's ring.
		// Everything stamped before the previous round began was in its ring when this round
		// read it, so those records can be put in time order across CPUs and applied.
		t.apply(prev)
		prev = now
	}
}

// collect reads every ring (or takes a sample) into pending.
func (t *Tracer) collect(now int64) {
	if t.sample != nil {
		t.pending = t.sample(now, t.pending)
		return
	}
	for _, r := range t.rings {
		dropped := r.drain(func(b []byte) {
			rec, _, err := decodeRecord(b, t.tp)
			if err != nil {
				rec = perfRecord{Kind: recLost, CPU: r.cpu, Time: r.lastTime, Lost: 1}
			}
			if rec.Kind == recOther {
				return
			}
			if rec.Kind == recLost {
				// Lost from the last record this ring gave until the LOST record.
				rec.LostFrom, rec.CPU = r.lastTime, r.cpu
			}
			if rec.Time > r.lastTime {
				r.lastTime = rec.Time
			}
			t.pending = append(t.pending, rec)
		})
		if dropped > 0 {
			t.pending = append(t.pending, perfRecord{Kind: recLost, CPU: r.cpu, Time: now, LostFrom: r.lastTime, Lost: 1})
		}
	}
}

// apply applies, in time order, the pending records stamped up to horizon.
func (t *Tracer) apply(horizon int64) {
	slices.SortStableFunc(t.pending, func(a, b perfRecord) int {
		switch {
		case a.Time < b.Time:
			return -1
		case a.Time > b.Time:
			return 1
		}
		return 0
	})
	n := 0
	for n < len(t.pending) && t.pending[n].Time <= horizon {
		n++
	}
	t.mu.Lock()
	for i := range t.pending[:n] {
		r := &t.pending[i]
		if r.Kind == recLost {
			t.b.lostRecords(r.CPU, r.LostFrom, r.Time, r.Lost)
			continue
		}
		t.b.apply(r)
	}
	if horizon > t.horizon {
		t.horizon = horizon
	}
	t.mu.Unlock()
	t.pending = append(t.pending[:0], t.pending[n:]...)
}

// Trace returns everything seen so far, up to a moment at most about a tenth of a second ago
// (records from different CPUs are put in order before they count). It is cheap: the runs are
// shared with the Tracer, not copied, so a window may call it ten times a second.
func (t *Tracer) Trace() *Trace {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped != nil {
		return t.stopped
	}
	return t.b.snapshot(t.horizon)
}

// Stop ends the trace and returns it, complete up to now. Further calls return the same Trace.
// A program the Tracer started is left running (see Kill).
func (t *Tracer) Stop() *Trace {
	t.stopOnce.Do(func() {
		close(t.stop)
		<-t.done
		end := monoNow()
		t.collect(end)
		t.apply(end)
		t.mu.Lock()
		t.stopped = t.b.snapshot(end)
		t.mu.Unlock()
		t.pending = nil
		for _, fd := range t.extra {
			unix.Close(fd)
		}
		for _, r := range t.rings {
			r.close()
		}
		if t.epfd >= 0 {
			unix.Close(t.epfd)
		}
	})
	return t.stopped
}

// closeAll releases events and rings of a Tracer that failed to start.
func (t *Tracer) closeAll() {
	for _, fd := range t.extra {
		unix.Close(fd)
	}
	for _, r := range t.rings {
		r.close()
	}
	t.extra, t.rings = nil, nil
}
