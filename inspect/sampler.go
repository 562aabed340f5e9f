package inspect

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/prometheus/procfs"
	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/task"
)

// ErrGone means the task asked about has ended, or its PID now belongs to another task.
var ErrGone = task.ErrGone

// Sampler reads the machine's processes and threads from a proc tree and turns the counters of
// two successive reads into rates. It keeps the previous counters of every task, keyed by ID and
// start time, so a PID the kernel hands to a new process starts again from zero.
//
// A Sampler is meant for one goroutine: Sample, MemoryOf and Cmdline must not run concurrently.
// The Snapshots it returns are never written again and may go anywhere.
type Sampler struct {
	root string
	fs   procfs.FS
	// sysRoot is the sysfs tree that goes with root; gpuPresent says it lists a DRM device
	// (checked every sample), and gpuNames remembers each GPU's name.
	sysRoot    string
	gpuPresent bool
	gpuNames   map[string]string
	host       Host
	bootTime   time.Time
	pageSize   uint64
	users      userCache

	// ownerOf, when set, gives the owner of a task instead of its stat file's owner: a fixture
	// tree checked out of git belongs to whoever checked it out, so its tests name the owners.
	ownerOf func(pid int) (uint32, bool)
	// now is the clock; tests of fixture trees replace it to get exact intervals.
	now func() time.Time
	// readRollup reads smaps_rollup; tests replace it to see how errors are reported.
	readRollup func(pid int) (procfs.ProcSMapsRollup, error)
	// taskSig reads the task signature that tells whether /proc must be listed again; nil
	// (always list) unless the root is this PID namespace's live /proc, whose loadavg speaks
	// for it. Tests replace it.
	taskSig func(rootfd int) (taskSignature, bool)
	// listedSig is the signature read just before the last listing; listedOK says there was one.
	listedSig taskSignature
	listedOK  bool
	// procListings counts listings of the proc root, so tests can see one was spared.
	procListings int

	prevTaken time.Time
	prevCores map[int64]coreTimes
	disk      diskState
	procs     map[int]*procMemo
	gen       uint64
	// taskDirReads counts task directories listed, so tests can see what was not read.
	taskDirReads int

	// Scratch, reused by every sample so the hot loop does not allocate.
	path    pathBuf
	statBuf []byte
	dentBuf []byte
	cmdBuf  []byte
	pids    []int
	tids    []int
}

// procMemo is what the sampler remembers of one process between samples.
type procMemo struct {
	start      uint64
	gen        uint64
	name       string
	cmdline    string
	app        string
	io         ioState
	gpu        *gpuMemo
	cpuTicks   uint64
	numThreads int
	// readFrom is when the read that gave cpuTicks began. Rates divide by the time from then
	// to the end of the next read (see readSpan), not by the snapshot's interval: on a loaded
	// machine the sampler can be held up for longer than the interval between taking the time
	// and reading a process, and the snapshot's interval would then credit a process with more
	// CPU than the cores have (seen in TestChurn: 1,100% and 461% on 2 cores).
	readFrom time.Time
	// threads were published in the last Snapshot and must not be changed; ticks holds the CPU
	// time of each, in the same order.
	threads []Thread
	ticks   []uint64
}

// userHZ is the unit of CPU times in stat files.
const userHZ = task.UserHZ

// cmdlineLimit bounds how much of one command line is kept.
const cmdlineLimit = 1 << 20

// NewSampler returns a Sampler that reads the proc tree at procRoot ("/proc" for the live
// machine, a fixture directory in tests). Host facts are read here, once.
func NewSampler(procRoot string) (*Sampler, error) {
	fs, err := procfs.NewFS(procRoot)
	if err != nil {
		return nil, fmt.Errorf("inspect: proc root %q: %w", procRoot, err)
	}
	s := &Sampler{
		root:     procRoot,
		sysRoot:  sysRootFor(procRoot),
		fs:       fs,
		pageSize: uint64(os.Getpagesize()),
		now:      time.Now,
		procs:    make(map[int]*procMemo),
		statBuf:  make([]byte, 1024),
		dentBuf:  make([]byte, 32<<10),
		cmdBuf:   make([]byte, 0, 4096),
	}
	s.readRollup = s.procfsRollup
	if procIsOurs(procRoot) {
		s.taskSig = func(rootfd int) (taskSignature, bool) { return readTaskSignature(rootfd, s.statBuf) }
	}
	s.host, s.bootTime = readHost(context.Background(), procRoot)
	return s, nil
}

// Host returns the host facts read when the Sampler was made; Uptime is as of that moment.
func (s *Sampler) Host() Host { return s.host }

// Sample reads every process and thread once and returns them as a new Snapshot. Rates (CPU
// percentages, core load) cover the time since the previous call and are zero on the first.
// A task that ends while it is read is left out and counted in Skipped; one whose files may not be
// read is left out and counted in Unavailable. Only a proc root that cannot be listed is an error.
func (s *Sampler) Sample() (*Snapshot, error) {
	taken := s.now()
	var interval time.Duration
	if !s.prevTaken.IsZero() {
		interval = taken.Sub(s.prevTaken)
	}
	snap := &Snapshot{Taken: taken, Interval: interval, BootTime: s.bootTime, Host: s.host}
	if !s.bootTime.IsZero() {
		snap.Host.Uptime = taken.Sub(s.bootTime)
	}

	rootfd, err := unix.Open(s.root, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("inspect: open %s: %w", s.root, err)
	}
	// The signature is read before the listing, so a task that begins during the listing moves
	// it by the next sample.
	var sig taskSignature
	sigOK := false
	if s.taskSig != nil {
		sig, sigOK = s.taskSig(rootfd)
	}
	if !sigOK || !s.listedOK || sig != s.listedSig {
		s.pids, err = readDirIDs(rootfd, s.dentBuf, s.pids[:0])
		if err != nil {
			s.listedOK = false
			unix.Close(rootfd)
			return nil, fmt.Errorf("inspect: list %s: %w", s.root, err)
		}
		slices.Sort(s.pids)
		s.listedSig, s.listedOK = sig, sigOK
		s.procListings++
	}

	s.gen++
	s.gpuPresent = hasDRM(s.sysRoot)
	seconds := interval.Seconds()
	snap.Processes = make([]Process, 0, len(s.pids))
	for _, pid := range s.pids {
		var p Process
		if s.readProcess(rootfd, pid, seconds, &p, snap) {
			snap.Processes = append(snap.Processes, p)
		}
	}
	unix.Close(rootfd)
	for pid, m := range s.procs {
		if m.gen != s.gen {
			delete(s.procs, pid)
		}
	}

	snap.Cores = s.readCores(interval > 0)
	snap.Memory = s.readMemory()
	snap.Disk = s.readDisk(seconds)
	s.prevTaken = taken
	return snap, nil
}

// forget drops every remembered counter, so the next Sample reads as the first one did.
func (s *Sampler) forget() {
	clear(s.procs)
	s.prevTaken = time.Time{}
	s.prevCores = nil
	s.disk = diskState{}
}

// readSpan brackets the read of one stat file: the kernel took the task's CPU time at some
// instant between from and to, and no one can say which. Between two reads a task cannot have
// run for longer than from the start of the first to the end of the second, so a rate over that
// span never exceeds what the cores can give, however long the sampler was held up just before
// or just after either read. (Taking the time once before the read was not enough: a sampler
// descheduled between the clock and the read, while the process it measures, often itself, kept
// running, was credited with 461% on 2 cores.) On a machine that does not hold the sampler up,
// a read takes microseconds and the span is the interval between reads.
type readSpan struct{ from, to time.Time }

// readStat reads and parses the stat file "<id>/stat" under dirfd. When uid is not nil it gets
// the owner of the file, which procfs gives every file of a task: its effective UID. When span
// is not nil it gets the times just before and just after the file's contents were read.
func (s *Sampler) readStat(dirfd, id int, st *task.Stat, uid *uint32, span *readSpan) error {
	fd, err := openAt(dirfd, s.path.set(id, "/stat"), 0)
	if err != nil {
		return err
	}
	if uid != nil {
		var sb unix.Stat_t
		if err := unix.Fstat(fd, &sb); err != nil {
			unix.Close(fd)
			return err
		}
		*uid = sb.Uid
		if s.ownerOf != nil {
			if o, ok := s.ownerOf(id); ok {
				*uid = o
			}
		}
	}
	if span != nil {
		span.from = s.now()
	}
	n, err := readOnce(fd, s.statBuf)
	for err == nil && n == len(s.statBuf) && len(s.statBuf) < 1<<16 {
		// The line did not fit (never seen from a real kernel): read it again, whole.
		s.statBuf = make([]byte, 2*len(s.statBuf))
		n, err = unix.Pread(fd, s.statBuf, 0)
	}
	if span != nil {
		span.to = s.now()
	}
	unix.Close(fd)
	if err != nil {
		return err
	}
	return task.ParseStat(s.statBuf[:n], st)
}

// countFailure records why a task was left out of a snapshot.
func countFailure(snap *Snapshot, err error) {
	if isDenied(err) {
		snap.Unavailable++
	} else {
		snap.Skipped++
	}
}

// readProcess fills p for the process pid and reports whether it is to be shown.
func (s *Sampler) readProcess(rootfd, pid int, seconds float64, p *Process, snap *Snapshot) bool {
	var span readSpan
	var st task.Stat
	var uid uint32
	if err := s.readStat(rootfd, pid, &st, &uid, &span); err != nil {
		countFailure(snap, err)
		return false
	}
	m := s.procs[pid]
	isNew := m == nil || m.start != st.StartTicks
	if isNew {
		m = &procMemo{start: st.StartTicks, name: string(st.Comm)}
		if !st.KernelThread() {
			m.cmdline = s.readCmdline(rootfd, pid)
			m.app = s.readApp(rootfd, pid)
		}
		s.procs[pid] = m
	} else if m.name != string(st.Comm) {
		m.name = string(st.Comm)
	}
	m.gen = s.gen

	ticks := st.CPUTicks()
	*p = Process{
		PID:          pid,
		PPID:         st.PPID,
		StartTicks:   st.StartTicks,
		Name:         m.name,
		Cmdline:      m.cmdline,
		App:          m.app,
		UID:          int(uid),
		User:         s.users.name(uid),
		State:        stateString(st.State),
		KernelThread: st.KernelThread(),
		CPUTime:      ticksTime(ticks),
		RSSBytes:     st.RSSPages * s.pageSize,
		NumThreads:   st.NumThreads,
	}
	// seconds > 0 says this is not the sampler's first sample; the rate itself covers the time
	// from the start of this process's last read to the end of this one (see readSpan).
	if !isNew && seconds > 0 {
		seconds = span.to.Sub(m.readFrom).Seconds()
		p.CPUPercent = percent(m.cpuTicks, ticks, seconds)
	}
	ioSeconds := seconds
	if isNew {
		ioSeconds = 0
	}
	s.readIO(rootfd, pid, m, ioSeconds, p)
	if s.gpuPresent && !p.KernelThread {
		s.readGPU(rootfd, pid, m, span.to, ioSeconds, p)
	}
	// main's CPU time is the process's: right for a single-threaded process, the only case
	// where this value is published (keepThreads keeps each thread's own).
	main := Thread{TID: pid, StartTicks: st.StartTicks, Name: m.name, State: p.State,
		CPUPercent: min(p.CPUPercent, 100), CPUTime: p.CPUTime, Core: st.Processor}

	switch {
	case st.NumThreads <= 1 && (isNew || m.numThreads <= 1):
		// The process is its only thread: its own stat line says everything about it. (Not when
		// other threads ended since the last sample: the process's time includes theirs.)
		p.Threads = reuseOrMake(m, main)
		m.ticks = append(m.ticks[:0], ticks)
	case !isNew && ticks == m.cpuTicks && st.NumThreads == m.numThreads && len(m.threads) == st.NumThreads:
		// No thread ran long enough to be counted, and none came or went: the old list holds,
		// at 0%, and only the main thread's state and core are news (they are in this line).
		p.Threads = keepThreads(m.threads, main)
	default:
		threads, tticks, ok := s.readThreads(rootfd, pid, m, isNew, seconds, snap)
		if !ok {
			delete(s.procs, pid)
			snap.Skipped++
			return false
		}
		p.Threads, m.ticks = threads, tticks
	}
	m.threads, m.cpuTicks, m.numThreads, m.readFrom = p.Threads, ticks, st.NumThreads, span.from
	return true
}
