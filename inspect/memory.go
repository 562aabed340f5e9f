package inspect

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/prometheus/procfs"
	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/task"
)

// readMemory reads the machine's memory totals from meminfo with procfs. A field the file lacks
// stays zero.
func (s *Sampler) readMemory() Memory {
	mi, err := s.fs.Meminfo()
	if err != nil {
		return Memory{}
	}
	val := func(p *uint64) uint64 {
		if p == nil {
			return 0
		}
		return *p
	}
	return Memory{
		TotalBytes:     val(mi.MemTotalBytes),
		AvailableBytes: val(mi.MemAvailableBytes),
		SwapTotalBytes: val(mi.SwapTotalBytes),
		SwapFreeBytes:  val(mi.SwapFreeBytes),
	}
}

// Reasons a MemoryBreakdown is unavailable.
const (
	reasonGone       = "the process has exited"
	reasonKernel     = "a kernel thread has no user memory"
	reasonZombie     = "a zombie has already released its memory"
	reasonDenied     = "permission denied: another user's process"
	reasonUnreadable = "smaps_rollup could not be read"
)

// MemoryOf returns the memory breakdown of the process pid, from its smaps_rollup. startTicks
// must be the process's start time as a Snapshot gave it: if the PID now names another process,
// the answer is unavailable rather than that process's memory. Reading smaps_rollup walks the
// whole address space, so call this only for a process on screen.
func (s *Sampler) MemoryOf(pid int, startTicks uint64) MemoryBreakdown {
	st, err := s.checkStart(pid, startTicks)
	switch {
	case errors.Is(err, ErrGone):
		return MemoryBreakdown{Reason: reasonGone}
	case isDenied(err):
		return MemoryBreakdown{Reason: reasonDenied}
	case err != nil:
		return MemoryBreakdown{Reason: fmt.Sprintf("%s: %v", reasonUnreadable, err)}
	case st.KernelThread():
		return MemoryBreakdown{Reason: reasonKernel}
	case st.State == 'Z' || st.State == 'X':
		return MemoryBreakdown{Reason: reasonZombie}
	}
	r, err := s.readRollup(pid)
	switch {
	case isGone(err):
		return MemoryBreakdown{Reason: reasonGone}
	case isDenied(err):
		return MemoryBreakdown{Reason: reasonDenied}
	case err != nil:
		return MemoryBreakdown{Reason: fmt.Sprintf("%s: %v", reasonUnreadable, err)}
	}
	return breakdownOf(r)
}

// breakdownOf converts procfs's sums into the fields the views show.
func breakdownOf(r procfs.ProcSMapsRollup) MemoryBreakdown {
	return MemoryBreakdown{
		Available: true,
		RSS:       r.Rss,
		PSS:       r.Pss,
		Private:   r.PrivateClean + r.PrivateDirty,
		Shared:    r.SharedClean + r.SharedDirty,
		Swap:      r.Swap,
	}
}

// procfsRollup reads /proc/PID/smaps_rollup with procfs.
func (s *Sampler) procfsRollup(pid int) (procfs.ProcSMapsRollup, error) {
	p, err := s.fs.Proc(pid)
	if err != nil {
		return procfs.ProcSMapsRollup{}, err
	}
	return p.ProcSMapsRollup()
}

// checkStart reads the stat line of pid and confirms it is still the process that started at
// startTicks. It returns ErrGone (wrapped) when the process ended or its PID was reused.
func (s *Sampler) checkStart(pid int, startTicks uint64) (task.Stat, error) {
	var st task.Stat
	if pid <= 0 {
		return st, fmt.Errorf("pid %d: %w", pid, ErrGone)
	}
	rootfd, err := unix.Open(s.root, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return st, fmt.Errorf("open %s: %w", s.root, err)
	}
	err = s.readStat(rootfd, pid, &st, nil, nil)
	unix.Close(rootfd)
	switch {
	case isGone(err), errors.Is(err, fs.ErrNotExist):
		return st, fmt.Errorf("pid %d: %w", pid, ErrGone)
	case err != nil:
		return st, fmt.Errorf("pid %d: %w", pid, err)
	case st.StartTicks != startTicks:
		return st, fmt.Errorf("pid %d started at %d, not %d: %w", pid, st.StartTicks, startTicks, ErrGone)
	}
	return st, nil
}
