package trace

import (
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/trace/internal/perf"
)

// drainEvery is how often the reader drains the rings (sooner when they fill). Each wakeup
// of a Go program costs a few hundred microseconds of CPU on a virtual machine, so the reader
// wakes ten times a second, as often as a window redraws.
const drainEvery = 100 * time.Millisecond

// Tracer records the context switches of a set of tasks as they happen. Start one with
// Start, Attach or Machine (or the sampled fallbacks); Trace returns what was
// seen so far, Stop ends it. Its methods may be called from any goroutine.
type Tracer struct {
	mu      sync.Mutex
	b       *traceBuilder
	horizon int64 // every record up to here has been applied
	stopped *Trace

	rings []*perf.Ring
	extra []int // event fds whose output goes to a ring of the same CPU
	tp    *perf.Layout
	// queues hold the records read but not yet applied, one queue per ring (or one for the
	// sampler). Each ring's records come in time order, so putting them in order across CPUs
	// is a merge, not a sort.
	queues [][]perf.Record

	// sample replaces the rings for a sampled tracer: it appends records seen at time now.
	sample func(now int64, out []perf.Record) []perf.Record
	every  time.Duration // how often the reader runs without a wakeup; 0 is drainEvery

	// drainMu serialises drains (the reader's and Trace's); prev is when the last began.
	drainMu  sync.Mutex
	closed   bool // the rings are unmapped (under drainMu)
	prev     int64
	timer    *time.Timer
	interval time.Duration

	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once

	prog *program // the program started, if any
	// keep bounds what the builder holds (Options.Keep); 0 keeps everything.
	keep time.Duration
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
	t.horizon = t.b.start
	t.prev = t.b.start
	t.interval = t.every
	if t.interval == 0 {
		t.interval = drainEvery
	}
	t.timer = time.NewTimer(t.interval)
	go t.read()
	return nil
}

// read is the reader goroutine: it drains every ring on a timer. A Go timer costs far less
// than waiting in epoll (a blocking system call makes the runtime hand its processor to
// another thread each time), and a ring holds well over one interval of records at any rate
// the machine can switch; when a drain finds a ring more than a quarter full, the next comes
// sooner. While someone calls Trace regularly, Trace drains and pushes the timer back, so the
// reader does not wake at all.
func (t *Tracer) read() {
	defer close(t.done)
	defer t.timer.Stop()
	for {
		select {
		case <-t.stop:
			return
		case <-t.timer.C:
		}
		t.drain()
	}
}

// drain reads the rings and applies what is old enough to be in order, then sets the timer
// for the next drain.
func (t *Tracer) drain() {
	t.drainMu.Lock()
	defer t.drainMu.Unlock()
	if t.closed {
		return // stopped: the rings are gone
	}
	now := monoNow()
	fill := t.collect(now)
	// A record is written within microseconds of its timestamp, on its own CPU's ring.
	// Everything stamped before the previous drain began was in its ring when this drain read
	// it, so those records can be put in time order across CPUs and applied.
	t.apply(t.prev)
	t.prev = now
	if fill > 0.25 {
		t.timer.Reset(t.interval / 10)
	} else {
		t.timer.Reset(t.interval)
	}
}

// collect reads every ring (or takes a sample) into the queues, and returns how full the
// fullest ring was, from 0 to 1.
func (t *Tracer) collect(now int64) (fill float64) {
	if t.sample != nil {
		if len(t.queues) == 0 {
			t.queues = make([][]perf.Record, 1)
		}
		t.queues[0] = t.sample(now, t.queues[0])
		return 0
	}
	if len(t.queues) != len(t.rings) {
		t.queues = make([][]perf.Record, len(t.rings))
	}
	for i, r := range t.rings {
		q := t.queues[i]
		dropped, f := r.Drain(func(b []byte) {
			rec, _, err := perf.Decode(b, t.tp)
			if err != nil {
				rec = perf.Record{Kind: perf.Lost, CPU: r.CPU, Time: r.LastTime, Lost: 1}
			}
			if rec.Kind == perf.Other {
				return
			}
			if rec.Kind == perf.Lost {
				// Lost from the last record this ring gave until the LOST record.
				rec.LostFrom, rec.CPU = r.LastTime, r.CPU
			}
			if rec.Time > r.LastTime {
				r.LastTime = rec.Time
			}
			q = append(q, rec)
		})
		if dropped > 0 {
			q = append(q, perf.Record{Kind: perf.Lost, CPU: r.CPU, Time: now, LostFrom: r.LastTime, Lost: 1})
		}
		t.queues[i] = q
		fill = max(fill, f)
	}
	return fill
}

// apply applies the queued records stamped up to horizon, merged in time order.
func (t *Tracer) apply(horizon int64) {
	pos := make([]int, len(t.queues))
	t.mu.Lock()
	for {
		best := -1
		for i, q := range t.queues {
			if pos[i] < len(q) && q[pos[i]].Time <= horizon && (best < 0 || q[pos[i]].Time < t.queues[best][pos[best]].Time) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		r := &t.queues[best][pos[best]]
		pos[best]++
		if r.Kind == perf.Lost {
			t.b.lostRecords(r.CPU, r.LostFrom, r.Time, r.Lost)
			continue
		}
		t.b.apply(r)
	}
	if horizon > t.horizon {
		t.horizon = horizon
	}
	if t.keep > 0 {
		t.b.trim(t.horizon - int64(t.keep))
	}
	t.mu.Unlock()
	for i, q := range t.queues {
		// Keep the rest; clear what was applied so its strings can be collected.
		n := copy(q, q[pos[i]:])
		clear(q[n:])
		t.queues[i] = q[:n]
	}
}

// Trace returns everything seen so far, up to a moment at most about a tenth of a second ago
// (records from different CPUs are put in order before they count). It is cheap: the runs are
// shared with the Tracer, not copied, so a window may call it ten times a second.
func (t *Tracer) Trace() *Trace {
	t.mu.Lock()
	stopped := t.stopped
	t.mu.Unlock()
	if stopped != nil {
		return stopped
	}
	t.drain()
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
		// The last drain and the unmapping happen under drainMu, so a Trace call racing with
		// Stop either drains before the rings go or finds them closed.
		t.drainMu.Lock()
		defer t.drainMu.Unlock()
		end := monoNow()
		t.collect(end)
		t.apply(end)
		t.mu.Lock()
		t.stopped = t.b.snapshot(end)
		t.mu.Unlock()
		t.queues = nil
		t.closed = true
		for _, fd := range t.extra {
			unix.Close(fd)
		}
		for _, r := range t.rings {
			r.Close()
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
		r.Close()
	}
	t.extra, t.rings = nil, nil
}
