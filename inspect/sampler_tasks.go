package inspect

// What the sampler reads of a process besides its own stat file: its threads, and, once when it
// is new, its app and command line.

import (
	"slices"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/task"
)

// readThreads lists and reads the threads of pid. It returns false when the process has gone.
func (s *Sampler) readThreads(rootfd, pid int, m *procMemo, isNew bool, seconds float64, snap *Snapshot) ([]Thread, []uint64, bool) {
	taskfd, err := openAt(rootfd, s.path.set(pid, "/task"), unix.O_DIRECTORY)
	if err != nil {
		return nil, nil, false
	}
	s.taskDirReads++
	s.tids, err = readDirIDs(taskfd, s.dentBuf, s.tids[:0])
	if err != nil && len(s.tids) == 0 {
		unix.Close(taskfd)
		return nil, nil, false
	}
	order := ThreadOrder(pid)
	slices.SortFunc(s.tids, order)

	var old []Thread
	var oldTicks []uint64
	if !isNew {
		old, oldTicks = m.threads, m.ticks
	}
	threads := make([]Thread, 0, len(s.tids))
	ticks := make([]uint64, 0, len(s.tids))
	k := 0
	for _, tid := range s.tids {
		var st task.Stat
		if err := s.readStat(taskfd, tid, &st, nil, nil); err != nil {
			countFailure(snap, err)
			continue
		}
		t := st.CPUTicks()
		th := Thread{TID: tid, StartTicks: st.StartTicks, State: stateString(st.State), Core: st.Processor,
			CPUTime: ticksTime(t)}
		for k < len(old) && order(old[k].TID, tid) < 0 {
			k++
		}
		known := k < len(old) && old[k].TID == tid && old[k].StartTicks == st.StartTicks
		// Reuse a name string already held rather than allocate one per thread per sample:
		// most threads keep their name, and many carry their process's.
		switch {
		case known && old[k].Name == string(st.Comm):
			th.Name = old[k].Name
		case m.name == string(st.Comm):
			th.Name = m.name
		default:
			th.Name = string(st.Comm)
		}
		if known && seconds > 0 && k < len(oldTicks) {
			th.CPUPercent = min(percent(oldTicks[k], t, seconds), 100)
		}
		threads = append(threads, th)
		ticks = append(ticks, t)
	}
	unix.Close(taskfd)
	if len(threads) == 0 {
		return nil, nil, false
	}
	return threads, ticks, true
}

// readApp reads a new process's cgroup file and returns its app (see ParseCgroupApp); a
// process gone by now, or one whose file may not be read, has none.
func (s *Sampler) readApp(rootfd, pid int) string {
	fd, err := openAt(rootfd, s.path.set(pid, "/cgroup"), 0)
	if err != nil {
		return ""
	}
	s.cmdBuf, err = readAll(fd, s.cmdBuf, 64<<10)
	unix.Close(fd)
	if err != nil {
		return ""
	}
	return ParseCgroupApp(s.cmdBuf)
}

// readCmdline reads a new process's command line; a zombie or a process gone by now has none.
func (s *Sampler) readCmdline(rootfd, pid int) string {
	fd, err := openAt(rootfd, s.path.set(pid, "/cmdline"), 0)
	if err != nil {
		return ""
	}
	s.cmdBuf, err = readAll(fd, s.cmdBuf, cmdlineLimit)
	unix.Close(fd)
	if err != nil {
		return ""
	}
	return parseCmdline(s.cmdBuf)
}

// stateString turns a state letter into a string without allocating.
func stateString(c byte) string {
	const letters = "RSDZTtXxIKWP"
	for i := 0; i < len(letters); i++ {
		if letters[i] == c {
			return letters[i : i+1]
		}
	}
	return "?"
}
