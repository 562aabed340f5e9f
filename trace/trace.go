package trace

// Trace sources: where the runs of a Trace came from.
const (
	// SourcePerf: context-switch records of perf events opened on the traced tasks.
	SourcePerf = "perf"
	// SourceTracepoint: the sched:sched_switch tracepoint on every CPU (the whole machine).
	SourceTracepoint = "tracepoint"
	// SourceSampled: /proc read at intervals; runs are what the samples saw, not every switch.
	SourceSampled = "sampled"
)

// ThreadState is what a thread was doing between two of its runs, as far as the records say.
type ThreadState uint8

// The states a thread may be in off a CPU (and Running on one). The perf switch record only
// tells whether the task was preempted (still runnable) or gave the CPU up itself (Blocked:
// sleeping, in uninterruptible wait or stopped, the record does not say which); the
// sched_switch tracepoint tells which.
const (
	StateUnknown  ThreadState = iota // no record says (before the first one, or records lost)
	StateRunning                     // on a CPU
	StateRunnable                    // ready, waiting for a CPU (was preempted)
	StateBlocked                     // off the CPU of its own accord; kind not reported
	StateSleeping                    // interruptible sleep (S)
	StateDiskWait                    // uninterruptible wait, usually I/O (D)
	StateStopped                     // stopped or traced (T, t)
	StateDead                        // ended
)

var stateNames = [...]string{"unknown", "running", "runnable", "blocked", "sleeping", "disk", "stopped", "dead"}

// String names the state as the JSON output and the timeline do.
func (s ThreadState) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "unknown"
}

// Run is one stretch a thread spent on a CPU.
type Run struct {
	Core       int
	Start, End int64 // ns of CLOCK_MONOTONIC
	// After is the thread's state from End until its next run: StateRunning when the run was
	// still going on when the Trace was taken (End is then the Trace's EndNS).
	After ThreadState
}

// Len is the length of the run in nanoseconds.
func (r Run) Len() int64 { return r.End - r.Start }

// Span is a stretch of time, in ns of CLOCK_MONOTONIC.
type Span struct{ Start, End int64 }

// CoreSpan is a stretch of time on one core.
type CoreSpan struct {
	Core       int
	Start, End int64
}

// Thread is everything a Trace knows about one thread.
type Thread struct {
	PID, TID int
	Name     string // the thread's name (comm) last seen
	Process  string // its process's name
	// Born and Ended are when the thread began and ended, or 0 when that was not inside the
	// trace (it existed before, or still runs).
	Born, Ended int64
	// Before is the thread's state from the start of the trace (or its birth) to its first run.
	Before ThreadState
	// Runs are its stretches on a CPU, in time order. They must not be modified: the slice is
	// shared with later Traces of the same Tracer.
	Runs []Run
	// Unknown are stretches where records were lost, so what the thread did is not known.
	Unknown []Span

	// Figures over the whole trace.
	RunNS       int64   // time on a CPU
	Voluntary   int     // switches out of its own accord (blocked)
	Involuntary int     // switches out by preemption
	Migrations  int     // runs that began on another core than the one before
	CoreNS      []int64 // time on each core, indexed by core number
}

// CoreShare is the share of the thread's run time spent on core c, from 0 to 1.
func (t *Thread) CoreShare(c int) float64 {
	if t.RunNS == 0 || c < 0 || c >= len(t.CoreNS) {
		return 0
	}
	return float64(t.CoreNS[c]) / float64(t.RunNS)
}

// Process is a process seen in a Trace: the thread group of the traced threads.
type Process struct {
	PID, PPID   int // PPID is 0 when not known (a process that existed before the trace)
	Name        string
	Born, Ended int64 // as for Thread
}

// Trace is an immutable record of which threads ran where and when, between StartNS and EndNS.
// Nothing in it changes once returned; a later Trace of the same Tracer shares its run slices.
type Trace struct {
	Source string // SourcePerf, SourceTracepoint or SourceSampled
	// Exact is true only when every switch of the traced tasks in [StartNS, EndNS] was seen.
	Exact bool
	// Reason says why the trace is sampled or not exact, in one line ("" when exact).
	Reason string
	// Lost counts records the kernel dropped because a ring buffer was full.
	Lost uint64
	// LostSpans are the stretches on each core where records were dropped.
	LostSpans      []CoreSpan
	StartNS, EndNS int64
	Cores          int
	Threads        []Thread // by PID, then TID
	Processes      []Process
}

// Thread finds the thread tid, or nil.
func (t *Trace) Thread(tid int) *Thread {
	for i := range t.Threads {
		if t.Threads[i].TID == tid {
			return &t.Threads[i]
		}
	}
	return nil
}
