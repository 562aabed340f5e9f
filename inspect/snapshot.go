// Package inspect samples the live processes and threads of a Linux machine from /proc and hands
// them over as immutable Snapshots. It knows nothing of the user interface: the GUI, the
// `taskscope snapshot` command and the tests are all plain readers of its values.
package inspect

import (
	"cmp"
	"slices"
	"time"
)

// Snapshot is one complete, read-only picture of the machine. Once Sample returns it, nothing
// writes to it again, so it may be shared between goroutines without locks.
type Snapshot struct {
	// Taken is when the sample was read.
	Taken time.Time
	// Interval is the time since the previous sample, over which rates were computed.
	// It is zero for the first sample of a Sampler, whose rates are all zero.
	Interval time.Duration
	// BootTime is when the kernel booted; StartTicks of tasks count from it.
	BootTime time.Time
	// Host holds facts about the machine that rarely change.
	Host Host
	// Cores holds the busy share of each logical CPU, ordered by ID.
	Cores []Core
	// Memory holds the machine's memory totals.
	Memory Memory
	// Disk is the machine's disk traffic over the interval, every process's included.
	Disk Disk
	// Processes holds every process, ordered by PID.
	Processes []Process
	// Skipped counts tasks that vanished or could not be parsed while this sample was read.
	Skipped int
	// Unavailable counts tasks left out because their files may not be read (EACCES, as under
	// hidepid=1).
	Unavailable int
}

// Host describes the machine: values read once and refreshed rarely.
type Host struct {
	Hostname      string
	Kernel        string
	CPUModel      string
	LogicalCores  int
	PhysicalCores int
	// Uptime is the time since boot at Taken.
	Uptime time.Duration
}

// Core is the load of one logical CPU over the last interval.
type Core struct {
	ID int
	// BusyPercent is the share of the interval the core spent on anything but idle and iowait, 0 to 100.
	BusyPercent float64
	// BusyTime is the core's time on anything but idle and iowait since boot: a counter, which
	// a reader that samples at its own pace (a Prometheus server) turns into rates itself.
	BusyTime time.Duration
}

// Memory holds machine-wide memory totals in bytes, from /proc/meminfo.
type Memory struct {
	TotalBytes     uint64
	AvailableBytes uint64
	SwapTotalBytes uint64
	SwapFreeBytes  uint64
}

// UsedBytes is the memory in use: total less what the kernel says is available.
func (m Memory) UsedBytes() uint64 {
	if m.AvailableBytes > m.TotalBytes {
		return 0
	}
	return m.TotalBytes - m.AvailableBytes
}

// Disk is the machine's traffic to and from its disks, from /proc/diskstats.
type Disk struct {
	// Available is false when diskstats could not be read; the rates are then unknown.
	Available bool
	// ReadBytesPerSec and WriteBytesPerSec are the bytes read and written per second over the
	// interval, summed over whole disks (partitions, loop, device-mapper and RAM disks are left
	// out, since their traffic is counted again on the disk beneath them).
	ReadBytesPerSec, WriteBytesPerSec float64
	// ReadBytes and WriteBytes are the counters since boot.
	ReadBytes, WriteBytes uint64
}

// TaskKey names one task for its whole life. A PID alone is not enough: the kernel reuses PIDs,
// and a reused PID with another start time is another task.
type TaskKey struct {
	ID         int
	StartTicks uint64
}

// Process is one process (thread group) at the time of a Snapshot.
type Process struct {
	PID  int
	PPID int
	// StartTicks is the start time in clock ticks since boot (field 22 of stat).
	StartTicks uint64
	// Name is the command name the kernel keeps (comm, at most 15 bytes).
	Name string
	// Cmdline is the command line with arguments joined by spaces; empty for kernel threads and zombies.
	Cmdline string
	// App is the desktop app, container or service the process belongs to, from its cgroup (see
	// ParseCgroupApp); empty when it belongs to none. It is read once, when the process is new.
	App string
	UID int
	// User is the login name of UID, or the number when the name is unknown.
	User string
	// State is the one-letter scheduler state: R, S, D, Z, T, t, I, X.
	State        string
	KernelThread bool
	// CPUPercent is the share of one core used over the interval, as top shows it: it may exceed 100.
	CPUPercent float64
	// CPUTime is the process's user plus system time since it started, its ended threads
	// included, in whole clock ticks (10 ms). Sample fills it; other readers may leave it zero.
	CPUTime  time.Duration
	RSSBytes uint64
	// ReadBytes and WriteBytes are what the process has read from and written to storage since
	// it started (read_bytes and write_bytes of /proc/PID/io), and ReadBytesPerSec and
	// WriteBytesPerSec their rates over the interval. All four are zero when IOUnavailable.
	ReadBytes, WriteBytes             uint64
	ReadBytesPerSec, WriteBytesPerSec float64
	// IOUnavailable says the kernel would not tell this process's I/O (EACCES: another user's
	// process), so its rates are unknown, not zero.
	IOUnavailable bool
	// IONotRecorded says why IOUnavailable is set when the kernel did not refuse: the snapshot
	// came from a source that carries no disk I/O (a recording of format version 1, or an agent
	// older than these fields), so the figures were never kept. Views say "not recorded", not
	// "no permission".
	IONotRecorded bool
	// GPU holds the process's use of each GPU it has open, from DRM fdinfo; nil for the many
	// processes that use none, and on machines whose driver does not report it.
	GPU []GPUUse
	// NumThreads is the thread count the kernel reports; Threads may hold fewer when some vanished.
	NumThreads int
	// Threads holds the process's threads: the main thread (TID == PID) first, then the rest by
	// TID (after PIDs wrap around, a later thread may have a smaller TID than its process).
	Threads []Thread
}

// Key returns the process's lifelong identity.
func (p *Process) Key() TaskKey { return TaskKey{ID: p.PID, StartTicks: p.StartTicks} }

// Thread is one thread (task) of a process.
type Thread struct {
	TID        int
	StartTicks uint64
	// Name is the thread's own comm name, which may differ from its process's (set with prctl).
	Name  string
	State string
	// CPUPercent is the share of one core used over the interval, 0 to 100.
	CPUPercent float64
	// CPUTime is the thread's user plus system time since it started, in whole clock ticks.
	// Sample fills it; other readers may leave it zero.
	CPUTime time.Duration
	// Core is the logical CPU the thread last ran on (field 39 of stat).
	Core int
}

// Key returns the thread's lifelong identity.
func (t *Thread) Key() TaskKey { return TaskKey{ID: t.TID, StartTicks: t.StartTicks} }

// Find returns the process with the given PID, using the PID order of Processes.
func (s *Snapshot) Find(pid int) (*Process, bool) {
	i, ok := slices.BinarySearchFunc(s.Processes, pid, func(p Process, pid int) int { return cmp.Compare(p.PID, pid) })
	if !ok {
		return nil, false
	}
	return &s.Processes[i], true
}

// MemoryBreakdown is one process's memory from smaps_rollup, in bytes.
type MemoryBreakdown struct {
	// Available is false when the kernel would not tell (EACCES on another user's process,
	// or a kernel thread with no address space); Reason then says why.
	Available bool
	Reason    string
	RSS       uint64
	// PSS is the proportional set size: each shared page divided among the processes sharing it.
	PSS uint64
	// Private is memory no other process maps (USS).
	Private uint64
	// Shared is resident memory also mapped by other processes.
	Shared uint64
	Swap   uint64
}
