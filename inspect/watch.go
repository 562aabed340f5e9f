package inspect

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/task"
)

// Watcher samples the threads of a few chosen processes, many times a second, for views that
// need finer time than the whole-machine Sample can afford (the core lanes). It keeps counters
// of its own, keyed by TID and start time, so its short intervals never disturb a Sampler's rates.
//
// Each watched thread's stat file is opened once and re-read from offset 0 on every sample: the
// kernel writes the line afresh on each read, and the path lookups that an open costs are most of
// the price of a /proc read. The task directory is listed again only when the thread count
// changes or a thread's file reports that its thread has ended.
//
// A Watcher is meant for one goroutine. Close releases its open files.
type Watcher struct {
	root      string
	rootfd    int
	procs     map[int]*watchedProc
	gen       uint64
	prevTaken time.Time
	now       func() time.Time
	// cpuTime reads a process's total CPU time; nil when the tree is not the live /proc of
	// this PID namespace, and every sample then reads the threads' files.
	cpuTime func(pid int) (uint64, bool)

	path    pathBuf
	statBuf []byte
	dentBuf []byte
	tids    []int
}

// WatchSample is one reading of the watched processes. Like a Snapshot it is never written again
// once returned. Processes carry only what the stat files give: PID, start, name, state, thread
// count and threads with their state, core and CPU share (see Sample); Cmdline, User and memory
// are left empty.
type WatchSample struct {
	// Taken is when the reading was made.
	Taken time.Time
	// Interval is the time since the previous reading of the same Watcher (zero on the first).
	Interval time.Duration
	// Processes holds the watched processes that are alive, in the order they were asked for.
	Processes []Process
}

// watchedProc is what a Watcher keeps of one process between readings.
type watchedProc struct {
	start   uint64
	gen     uint64
	taskfd  int
	threads []watchedThread // ordered by TID
	// ppid and kthread are from the main thread's last stat line.
	ppid    int
	kthread bool
	// cpu is the process's total CPU time at the last full reading; hasCPU says it was read.
	cpu    uint64
	hasCPU bool
}

// watchedThread is one thread's open files and its CPU time at the last reading.
type watchedThread struct {
	tid   int
	start uint64
	fd    int // stat; -1 when the thread is read by path (a process with very many threads)
	// ssfd is the thread's schedstat, whose first field is its run time in nanoseconds: a
	// cheaper read than stat, and exact where stat counts 10 ms ticks. -1 when not kept (or the
	// kernel has no schedstat); ticks are then stat's clock ticks.
	ssfd  int
	ticks uint64
	seen  bool // ticks holds a reading
	// cur is this reading's CPU time, kept apart from ticks until the reading is final: a
	// reading taken again after a relisting must still measure from the previous sample.
	cur     uint64
	curRead bool
	// from is a time taken before the reading that gave ticks, and curFrom the same for cur.
	// A share runs from there to just after the next reading (see readSpan): the kernel took
	// each figure somewhere between, so a watcher held up before or after a read never
	// credits a thread with more time than passed.
	from, curFrom time.Time
	// last is the thread as last read from stat, which stands for it while it does not run.
	last Thread
	// idle counts the readings in a row in which the thread did not run; nextIdle is this
	// sample's value until commit.
	idle, nextIdle int
	// statGen is the sample in which the stat line was last read, and statRun the run time
	// then: when the thread has run since, last may be out of date.
	statGen, statRun uint64
}

// A thread idle for idleAfter readings in a row is read only every idleEvery samples: most
// watched threads (a runtime's helpers, a browser's sleeping tabs, often the main thread too)
// sleep for long stretches, and each reading is a system call. A sleeper that wakes is seen at
// most idleEvery samples late, and its share is spread over the time since it was last read,
// so it is not overstated.
const (
	idleAfter = 5
	idleEvery = 3
)

// A thread that ran for less than statMinShare percent of the interval is not read for its core
// and state until statEvery samples have passed since its stat line was last read: the stat line
// is the costly read, and so little time cannot claim a core in the lanes (which take 5%). Its
// share still comes exact from schedstat.
const (
	statMinShare = 1.0
	statEvery    = 10
)

// maxKeptFiles bounds the stat files kept open for one process: a process with thousands of
// threads is read by path instead, so watching it cannot exhaust the file table.
const maxKeptFiles = 256

// NewWatcher returns a Watcher of the proc tree at procRoot.
func NewWatcher(procRoot string) (*Watcher, error) {
	fd, err := unix.Open(procRoot, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("inspect: open %s: %w", procRoot, err)
	}
	w := &Watcher{
		root: procRoot, rootfd: fd, procs: map[int]*watchedProc{}, now: time.Now,
		statBuf: make([]byte, 1024), dentBuf: make([]byte, 8<<10),
	}
	if procIsOurs(procRoot) {
		w.cpuTime = processCPUTime
	}
	return w, nil
}

// Close releases every file the Watcher holds open.
func (w *Watcher) Close() error {
	for pid, m := range w.procs {
		m.close()
		delete(w.procs, pid)
	}
	if w.rootfd >= 0 {
		unix.Close(w.rootfd)
		w.rootfd = -1
	}
	return nil
}

// Sample reads the threads of the given processes. A process that has ended, or whose PID now
// belongs to another process, is left out; so is one whose files may not be read. A thread's CPU
// share covers the time since it was last read (the previous Sample, or an earlier one for a
// long-idle thread), timed around the reads themselves; it is zero for a thread seen for the
// first time.
func (w *Watcher) Sample(procs []TaskKey) (*WatchSample, error) {
	if w.rootfd < 0 {
		return nil, errors.New("inspect: watcher is closed")
	}
	taken := w.now()
	out := &WatchSample{Taken: taken, Processes: make([]Process, 0, len(procs))}
	if !w.prevTaken.IsZero() {
		out.Interval = taken.Sub(w.prevTaken)
	}
	w.prevTaken = taken
	w.gen++
	for _, k := range procs {
		m := w.procs[k.ID]
		if m != nil && (m.start != k.StartTicks || m.gen == w.gen) {
			if m.gen == w.gen {
				continue // asked for twice
			}
			m.close()
			m = nil
		}
		if m == nil {
			m = &watchedProc{start: k.StartTicks, taskfd: -1}
			w.procs[k.ID] = m
		}
		m.gen = w.gen
		p, ok := w.readProc(k, m)
		if !ok {
			m.close()
			delete(w.procs, k.ID)
			continue
		}
		out.Processes = append(out.Processes, p)
	}
	for pid, m := range w.procs {
		if m.gen != w.gen {
			m.close()
			delete(w.procs, pid)
		}
	}
	return out, nil
}

// readProc reads one process's threads, listing its task directory again when its threads
// changed. It returns false when the process is gone or is not the one asked for.
func (w *Watcher) readProc(k TaskKey, m *watchedProc) (Process, bool) {
	var cpu uint64
	var hasCPU bool
	if w.cpuTime != nil {
		cpu, hasCPU = w.cpuTime(k.ID)
		if hasCPU && m.hasCPU && cpu == m.cpu {
			if p, ok := m.unchanged(k); ok {
				return p, true
			}
		}
	}
	if m.taskfd < 0 {
		fd, err := openAt(w.rootfd, w.path.set(k.ID, "/task"), unix.O_DIRECTORY)
		if err != nil {
			return Process{}, false
		}
		m.taskfd = fd
		if !w.relist(m, k.ID) {
			return Process{}, false
		}
	}
	if n, ok := threadCount(m.taskfd); ok && n != len(m.threads) {
		// A thread began or ended since the list was made.
		if !w.relist(m, k.ID) {
			return Process{}, false
		}
	}
	for attempt := 0; ; attempt++ {
		p, stale, ok := w.readThreads(k, m, w.now())
		if !ok {
			return Process{}, false
		}
		if !stale || attempt > 0 {
			m.commit()
			m.cpu, m.hasCPU = cpu, hasCPU
			return p, p.Name != ""
		}
		// A thread ended or began since the list was made: list again and read once more.
		if !w.relist(m, k.ID) {
			return Process{}, false
		}
	}
}

// readThreads reads every listed thread; from is a time taken before it began. stale reports
// that the list no longer matches the process (a thread ended, or the kernel's thread count
// differs).
func (w *Watcher) readThreads(k TaskKey, m *watchedProc, from time.Time) (p Process, stale, ok bool) {
	p = Process{PID: k.ID, StartTicks: k.StartTicks, Threads: make([]Thread, 0, len(m.threads))}
	for i := range m.threads {
		t := &m.threads[i]
		t.curRead = false
		main := t.tid == k.ID
		var run uint64
		var span float64 // seconds from t.from to just after this reading
		t.nextIdle = t.idle
		if t.ssfd >= 0 && t.seen && t.idle >= idleAfter && w.gen%idleEvery != 0 {
			t.cur, t.curFrom, t.curRead = t.ticks, t.from, true
			p.Threads = append(p.Threads, t.last)
			if main {
				m.fillFromMain(&p, t)
			}
			continue
		}
		if t.ssfd >= 0 {
			r, err := readRunTime(t.ssfd, w.statBuf)
			if err != nil {
				stale = true
				continue
			}
			run, span = r, w.now().Sub(t.from).Seconds()
			if !w.needsStat(t, run, span) {
				th := t.last
				th.CPUPercent = t.share(run, span)
				t.cur, t.curFrom, t.curRead, t.nextIdle = run, from, true, 0
				if run == t.ticks {
					t.nextIdle = t.idle + 1
				}
				p.Threads = append(p.Threads, th)
				p.CPUPercent += th.CPUPercent
				if main {
					m.fillFromMain(&p, t)
				}
				continue
			}
		}
		var st task.Stat
		if err := w.readThreadStat(m, t, &st); err != nil {
			stale = true
			continue
		}
		if t.ssfd < 0 {
			span = w.now().Sub(t.from).Seconds() // the CPU time comes from this line
		}
		if st.StartTicks != t.start {
			// First reading, or (read by path) the TID now names a new thread: its counters
			// start again.
			t.start, t.seen = st.StartTicks, false
		}
		th := Thread{TID: t.tid, StartTicks: st.StartTicks, State: stateString(st.State), Core: st.Processor}
		if th.Name = t.last.Name; th.Name != string(st.Comm) {
			th.Name = string(st.Comm) // renamed, or first read: the only string made here
		}
		t.last = th
		now := st.CPUTicks()
		if t.ssfd >= 0 {
			now = run
		}
		t.nextIdle = 0
		if t.seen && span > 0 && now > t.ticks {
			if t.ssfd >= 0 {
				th.CPUPercent = t.share(now, span)
			} else {
				th.CPUPercent = min(percent(t.ticks, now, span), 100)
			}
		}
		t.cur, t.curFrom, t.curRead, t.statGen, t.statRun = now, from, true, w.gen, now
		if t.tid == k.ID {
			if st.StartTicks != k.StartTicks {
				return p, false, false // the PID is another process's now
			}
			m.ppid, m.kthread = st.PPID, st.KernelThread()
			p.Name, p.State, p.PPID, p.KernelThread = th.Name, th.State, m.ppid, m.kthread
			p.NumThreads = st.NumThreads
			if st.NumThreads != len(m.threads) {
				stale = true
			}
		}
		p.CPUPercent += th.CPUPercent
		p.Threads = append(p.Threads, th)
	}
	// Without the main thread's line the process has ended, or the list is out of date.
	return p, stale || p.Name == "", true
}

// unchanged makes this sample's reading of a process none of whose threads ran since the last
// full reading (its total CPU time is the same to the nanosecond). A thread that does not run
// cannot start or end a thread, rename itself, or move to another core, so every thread's last
// reading still holds, with a share of zero. ok is false when there is no last reading of the
// main thread to stand for the process.
func (m *watchedProc) unchanged(k TaskKey) (p Process, ok bool) {
	if m.taskfd < 0 || len(m.threads) == 0 || m.threads[0].tid != k.ID || !m.threads[0].seen {
		return Process{}, false
	}
	p = Process{PID: k.ID, StartTicks: k.StartTicks, Threads: make([]Thread, 0, len(m.threads))}
	for i := range m.threads {
		t := &m.threads[i]
		t.idle++ // a sample in which it did not run, as if it had been read
		p.Threads = append(p.Threads, t.last)
	}
	m.fillFromMain(&p, &m.threads[0])
	return p, true
}

// needsStat reports whether a thread with a schedstat file must have its stat line read this
// sample, given its run time now. A thread that did not run has the same core, state and name as
// at its last reading, so its line is not read. Nor is that of a thread that ran for less than
// statMinShare, until statEvery samples have passed since its line was last read: then it is
// read even if the thread has stopped running since, so a rename is seen within about a second.
func (w *Watcher) needsStat(t *watchedThread, run uint64, span float64) bool {
	switch {
	case !t.seen:
		return true // first reading: the name, start and state are not known yet
	case run == t.ticks && run == t.statRun:
		return false
	case w.gen-t.statGen >= statEvery:
		return true
	default:
		return t.share(run, span) >= statMinShare
	}
}

// share is the thread's CPU share, in percent of one core, given its schedstat run time now
// and span, the seconds from t.from to just after that reading.
func (t *watchedThread) share(run uint64, span float64) float64 {
	if !t.seen || span <= 0 || run <= t.ticks {
		return 0
	}
	return min(float64(run-t.ticks)/1e9/span*100, 100)
}

// fillFromMain fills in what a process takes from its main thread when that thread's stat line
// was not read this sample (it did not run, or too little to matter): the last line stands for it.
func (m *watchedProc) fillFromMain(p *Process, main *watchedThread) {
	p.Name, p.State, p.PPID, p.KernelThread = main.last.Name, main.last.State, m.ppid, m.kthread
	p.NumThreads = len(m.threads)
}

// commit makes the counters of the final reading the base of the next.
func (m *watchedProc) commit() {
	for i := range m.threads {
		if t := &m.threads[i]; t.curRead {
			t.ticks, t.seen = t.cur, true
			t.from, t.idle = t.curFrom, t.nextIdle
		}
	}
}
