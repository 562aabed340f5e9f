package trace

import (
	"slices"

	"github.com/taskscope/taskscope/trace/internal/perf"
)

// threadBuild is the builder's running account of one thread.
type threadBuild struct {
	pid, tid    int
	name        string
	born, ended int64
	before      ThreadState
	seen        bool // a switch record of it has been applied

	runs    []Run  // closed runs, append-only (Traces share the backing array)
	unknown []Span // closed unknown stretches, append-only

	onCPU    bool
	runCore  int
	runStart int64

	state       ThreadState // while off the CPU
	offSince    int64       // when it last left the CPU (or the trace began, or it was born)
	unknownFrom int64       // while state == StateUnknown after lost records: since when
	lastCore    int

	runNS      int64
	vol, invol int
	migrations int
	coreNS     []int64
}

// procBuild is the builder's account of one process.
type procBuild struct {
	pid, ppid   int
	name        string
	born, ended int64
}

// traceBuilder turns perf records, applied in time order, into Traces. It is a plain state
// machine with no I/O, so it is tested on hand-made records.
type traceBuilder struct {
	source    string
	start     int64
	cores     int
	threads   map[int]*threadBuild
	procs     map[int]*procBuild
	lost      uint64
	lostSpans []CoreSpan
	reason    string // why the trace is not exact even without loss ("" when it is)
	// tgidOf finds the process of a thread first met in a record that does not say (the
	// tracepoint's next task); nil means the thread is its own process.
	tgidOf func(tid int) int
	// onCore is, for a whole-machine trace, the task each core last switched to (0: idle),
	// or -1 before the core's first switch; onCoreAt is when. See checkCore.
	onCore   []int
	onCoreAt []int64
}

func newTraceBuilder(source string, start int64, cores int) *traceBuilder {
	return &traceBuilder{
		source:  source,
		start:   start,
		cores:   cores,
		threads: map[int]*threadBuild{},
		procs:   map[int]*procBuild{},
	}
}

// thread returns the account of tid, making one (of process pid, pid <= 0 meaning unknown)
// when it is new.
func (b *traceBuilder) thread(pid, tid int) *threadBuild {
	if th := b.threads[tid]; th != nil {
		return th
	}
	if pid <= 0 {
		pid = tid
		if b.tgidOf != nil {
			if p := b.tgidOf(tid); p > 0 {
				pid = p
			}
		}
	}
	th := &threadBuild{pid: pid, tid: tid, lastCore: -1, offSince: b.start, coreNS: make([]int64, b.cores)}
	b.threads[tid] = th
	if p := b.process(pid); p.name == "" && b.tgidOf != nil {
		// A process met mid-life on the whole machine: its name from /proc.
		p.name = readComm(pid, pid)
	}
	return th
}

// process returns the account of process pid, making one when it is new.
func (b *traceBuilder) process(pid int) *procBuild {
	p := b.procs[pid]
	if p == nil {
		p = &procBuild{pid: pid}
		b.procs[pid] = p
	}
	return p
}

// apply applies one record; records must come in time order.
func (b *traceBuilder) apply(r *perf.Record) {
	switch r.Kind {
	case perf.SwitchIn:
		b.switchIn(b.thread(r.PID, r.TID), r.CPU, r.Time)
	case perf.SwitchOut:
		state := StateBlocked
		if r.Preempt {
			state = StateRunnable
		}
		b.switchOut(b.thread(r.PID, r.TID), r.CPU, r.Time, state)
	case perf.SchedSwitch:
		b.checkCore(r)
		if r.PrevTID != 0 {
			th := b.thread(r.PID, r.PrevTID)
			if r.PrevComm != "" {
				th.name = r.PrevComm
			}
			b.switchOut(th, r.CPU, r.Time, stateFromSched(r.PrevState))
		}
		if r.NextTID != 0 {
			th := b.thread(0, r.NextTID)
			if th.name == "" {
				th.name = r.NextComm
			}
			b.switchIn(th, r.CPU, r.Time)
		}
	case perf.Comm:
		th := b.thread(r.PID, r.TID)
		th.name = r.Name
		if r.TID == r.PID {
			b.process(r.PID).name = r.Name
		}
		// An exec'ing task is on a CPU: with enable_on_exec this is the first record of the
		// program, and its first run starts here.
		if r.Exec && !th.onCPU && !th.seen {
			b.switchIn(th, r.CPU, r.Time)
		}
	case perf.Fork:
		b.fork(r)
	case perf.Exit:
		b.exit(b.thread(r.PID, r.TID), r.CPU, r.Time)
	}
}

// switchIn starts a run of th on core at t.
func (b *traceBuilder) switchIn(th *threadBuild, core int, t int64) {
	if th.onCPU {
		// An "in" without the "out" before it: the out was lost. What happened since the
		// run began is not known.
		th.unknown = append(th.unknown, Span{max(th.runStart, b.start), max(t, b.start)})
		th.onCPU = false
	} else if th.state == StateUnknown && th.unknownFrom != 0 {
		th.unknown = append(th.unknown, Span{th.unknownFrom, max(t, th.unknownFrom)})
		th.unknownFrom = 0
	}
	if !th.seen {
		th.seen = true
		th.before = th.state
	}
	if th.lastCore >= 0 && th.lastCore != core && t >= b.start {
		th.migrations++
	}
	th.onCPU, th.runCore, th.runStart = true, core, t
	th.lastCore = core
}

// switchOut ends the run of th on core at t; state is what it does next.
func (b *traceBuilder) switchOut(th *threadBuild, core int, t int64, state ThreadState) {
	switch {
	case th.onCPU:
		b.closeRun(th, t, state)
	case th.state == StateUnknown && th.unknownFrom != 0:
		// It ran at some point after the loss, but when it began is not known.
		th.unknown = append(th.unknown, Span{th.unknownFrom, max(t, th.unknownFrom)})
		th.unknownFrom = 0
		th.seen = true
		th.state, th.offSince = state, t
		th.countOut(t >= b.start, state)
	case !th.seen:
		// Its first record is an "out": it was on this core when tracing began (or when it
		// was born), so the run is known from then.
		th.seen = true
		th.onCPU, th.runStart, th.runCore, th.lastCore = true, max(b.start, th.born), core, core
		b.closeRun(th, t, state)
	default:
		// An "out" while off the CPU: its "in" was never seen. Only the state is kept.
		th.state, th.offSince = state, t
	}
}

// countOut counts a switch out of the thread, when inside the trace.
func (th *threadBuild) countOut(inside bool, after ThreadState) {
	if !inside {
		return
	}
	switch after {
	case StateRunnable:
		th.invol++
	case StateDead, StateUnknown:
	default:
		th.vol++
	}
}

// closeRun ends th's current run at t, clipped to the start of the trace.
func (b *traceBuilder) closeRun(th *threadBuild, t int64, after ThreadState) {
	th.onCPU = false
	th.state, th.offSince = after, t
	start := max(th.runStart, b.start)
	if t <= start {
		th.countOut(t >= b.start, after)
		return
	}
	th.runs = append(th.runs, Run{Core: th.runCore, Start: start, End: t, After: after})
	th.runNS += t - start
	if th.runCore >= 0 && th.runCore < len(th.coreNS) {
		th.coreNS[th.runCore] += t - start
	}
	th.countOut(true, after)
}

// fork records the birth of a thread or (TID == PID) a process.
func (b *traceBuilder) fork(r *perf.Record) {
	th := b.threads[r.TID]
	if th == nil {
		th = b.thread(r.PID, r.TID)
	}
	th.pid = r.PID
	th.born = r.Time
	th.state, th.offSince = StateRunnable, r.Time // new, waiting for its first run
	if parent := b.threads[r.PTID]; parent != nil && th.name == "" {
		th.name = parent.name
	}
	p := b.process(r.PID)
	if r.TID == r.PID {
		p.ppid, p.born = r.PPID, r.Time
		if parent := b.procs[r.PPID]; parent != nil && p.name == "" {
			p.name = parent.name
		}
	}
}

// exit records the end of a thread; it ran until then.
func (b *traceBuilder) exit(th *threadBuild, core int, t int64) {
	if th.onCPU {
		b.closeRun(th, t, StateDead)
	} else if !th.seen && th.born == 0 && th.unknownFrom == 0 && b.source != SourceSampled {
		// No switch record at all, and it existed before the trace: it was on this core
		// from the start until it ended (a task exits on a CPU).
		th.onCPU, th.runStart, th.runCore = true, b.start, core
		b.closeRun(th, t, StateDead)
	}
	th.seen = true
	th.ended = t
	th.state, th.offSince = StateDead, t
	th.unknownFrom = 0
}

// lostRecords marks that records of core were lost between from and to: what any thread did in
// that stretch, except one on another core throughout, is unknown.
func (b *traceBuilder) lostRecords(core int, from, to int64, n uint64) {
	b.lost += n
	from = max(from, b.start)
	if to < from {
		to = from
	}
	b.lostSpans = append(b.lostSpans, CoreSpan{Core: core, Start: from, End: to})
	for _, th := range b.threads {
		if th.state == StateDead {
			continue
		}
		switch {
		case th.onCPU && th.runCore == core:
			// Its "out" may be among the lost records.
			b.closeRun(th, max(from, th.runStart), StateUnknown)
			th.state, th.unknownFrom = StateUnknown, max(from, th.runStart, b.start)
		case th.onCPU:
			// Running elsewhere now, but before this run began it may have run on core.
			if th.runStart > from && th.offSince < th.runStart {
				th.unknown = append(th.unknown, Span{max(from, th.offSince), th.runStart})
			}
		case th.state == StateUnknown && th.unknownFrom != 0:
		default:
			th.state, th.unknownFrom = StateUnknown, max(from, th.offSince)
		}
	}
}

// snapshot returns an immutable Trace of everything applied so far, ending at end. Run slices
// are shared, not copied, so this costs O(threads).
func (b *traceBuilder) snapshot(end int64) *Trace {
	tr := &Trace{
		Source:  b.source,
		Lost:    b.lost,
		StartNS: b.start,
		EndNS:   end,
		Cores:   b.cores,
	}
	tr.LostSpans = slices.Clone(b.lostSpans)
	tr.Exact = b.lost == 0 && b.reason == "" && b.source != SourceSampled
	tr.Reason = b.reason
	if b.lost > 0 && tr.Reason == "" {
		tr.Reason = "the kernel dropped records: the stretches where it did are unknown"
	}
	tr.Threads = make([]Thread, 0, len(b.threads))
	for _, th := range b.threads {
		tt := Thread{
			PID: th.pid, TID: th.tid, Name: th.name,
			Born: th.born, Ended: th.ended, Before: th.before,
			Runs:        th.runs[:len(th.runs):len(th.runs)],
			Unknown:     th.unknown[:len(th.unknown):len(th.unknown)],
			RunNS:       th.runNS,
			Voluntary:   th.vol,
			Involuntary: th.invol,
			Migrations:  th.migrations,
			CoreNS:      slices.Clone(th.coreNS),
		}
		if !th.seen {
			tt.Before = th.state
		}
		if th.onCPU {
			s := max(th.runStart, b.start)
			if end > s {
				tt.Runs = append(tt.Runs, Run{Core: th.runCore, Start: s, End: end, After: StateRunning})
				tt.RunNS += end - s
				if th.runCore >= 0 && th.runCore < len(tt.CoreNS) {
					tt.CoreNS[th.runCore] += end - s
				}
			}
		}
		if th.state == StateUnknown && th.unknownFrom != 0 && !th.onCPU && end > th.unknownFrom {
			tt.Unknown = append(tt.Unknown, Span{th.unknownFrom, end})
		}
		if p := b.procs[th.pid]; p != nil && p.name != "" {
			tt.Process = p.name
		} else if leader := b.threads[th.pid]; leader != nil {
			tt.Process = leader.name
		}
		tr.Threads = append(tr.Threads, tt)
	}
	slices.SortFunc(tr.Threads, func(a, c Thread) int {
		if a.PID != c.PID {
			return a.PID - c.PID
		}
		return a.TID - c.TID
	})
	tr.Processes = make([]Process, 0, len(b.procs))
	for _, p := range b.procs {
		tp := Process{PID: p.pid, PPID: p.ppid, Name: p.name, Born: p.born}
		if leader := b.threads[p.pid]; tp.Name == "" && leader != nil {
			tp.Name = leader.name
		}
		tp.Ended = b.processEnded(p.pid)
		tr.Processes = append(tr.Processes, tp)
	}
	slices.SortFunc(tr.Processes, func(a, c Process) int { return a.PID - c.PID })
	return tr
}

// processEnded is when the last thread of process pid ended, or 0 while any still runs.
func (b *traceBuilder) processEnded(pid int) int64 {
	var last int64
	for _, th := range b.threads {
		if th.pid != pid {
			continue
		}
		if th.ended == 0 {
			return 0
		}
		last = max(last, th.ended)
	}
	return last
}

// stateFromSched turns the prev_state of a sched_switch tracepoint into a ThreadState. The
// low byte holds the task state bits (0: still runnable); a bit above them (TASK_REPORT_MAX)
// marks a preemption.
func stateFromSched(s int64) ThreadState {
	switch {
	case s&0xff == 0 || s&0x100 != 0:
		return StateRunnable
	case s&0x02 != 0:
		return StateDiskWait
	case s&0x0c != 0:
		return StateStopped
	case s&0x30 != 0:
		return StateDead
	case s&0x80 != 0: // TASK_IDLE: an idle kernel thread, not waiting on anything
		return StateSleeping
	}
	return StateSleeping
}
