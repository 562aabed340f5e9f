package inspect

import (
	"errors"
	"fmt"
	"strconv"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/task"
)

// ErrNotAllowed means the kernel refused to change another user's task (or to raise a task's
// priority) for lack of privilege.
var ErrNotAllowed = errors.New("not allowed")

// The scheduling calls (sched_setaffinity, setpriority) take a bare TID, and the kernel reuses
// TIDs. So that a reused TID is never touched, each change goes through a task handle: the
// task's directory under /proc, opened first. Its stat, read through the handle, must show the
// expected start time; then the call is made; then the stat is read through the handle again.
// A /proc task directory stops answering once its task is gone, and a TID is not handed out
// again while its task exists, so a second read that succeeds proves the TID still named the
// same task when the call was made. If the task ended in between, the change is reported as
// not made (ErrGone); on that rare path the call may have reached a newcomer, which the error
// says.

// taskHandle is an open /proc task directory and the task's start time.
type taskHandle struct {
	fd    int
	tid   int
	start uint64
}

// openTask opens thread tid of process pid and checks its start time (when want is not 0).
func openTask(pid, tid int, want uint64) (*taskHandle, error) {
	path := "/proc/" + strconv.Itoa(pid) + "/task/" + strconv.Itoa(tid)
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if errors.Is(err, unix.ENOENT) || errors.Is(err, unix.ESRCH) {
		return nil, fmt.Errorf("inspect: thread %d of %d: %w", tid, pid, ErrGone)
	}
	if err != nil {
		return nil, fmt.Errorf("inspect: open %s: %w", path, err)
	}
	h := &taskHandle{fd: fd, tid: tid}
	st, err := h.stat()
	if err != nil {
		h.close()
		return nil, err
	}
	if want != 0 && st.StartTicks != want {
		h.close()
		return nil, fmt.Errorf("inspect: thread %d started at %d, not %d: %w", tid, st.StartTicks, want, ErrGone)
	}
	h.start = st.StartTicks
	return h, nil
}

// stat reads the task's stat through the handle.
func (h *taskHandle) stat() (task.Stat, error) {
	var st task.Stat
	fd, err := openAt(h.fd, []byte("stat\x00"), 0)
	if err != nil {
		return st, fmt.Errorf("inspect: thread %d: %w", h.tid, ErrGone)
	}
	buf := make([]byte, 1024)
	n, err := readOnce(fd, buf)
	unix.Close(fd)
	if err != nil || n == 0 {
		return st, fmt.Errorf("inspect: thread %d: %w", h.tid, ErrGone)
	}
	if err := task.ParseStat(buf[:n], &st); err != nil {
		return st, fmt.Errorf("inspect: thread %d: %w", h.tid, err)
	}
	return st, nil
}

// do makes the call on the task and confirms it was still the same task afterwards.
func (h *taskHandle) do(what string, call func(tid int) error) error {
	if err := call(h.tid); err != nil {
		if errors.Is(err, unix.ESRCH) {
			return fmt.Errorf("inspect: %s thread %d: %w", what, h.tid, ErrGone)
		}
		if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
			return fmt.Errorf("inspect: %s thread %d: %w: %w", what, h.tid, ErrNotAllowed, err)
		}
		return fmt.Errorf("inspect: %s thread %d: %w", what, h.tid, err)
	}
	if _, err := h.stat(); err != nil {
		return fmt.Errorf("inspect: thread %d ended while it was changed (%s may have reached a new task with its TID): %w", h.tid, what, ErrGone)
	}
	return nil
}

func (h *taskHandle) close() { unix.Close(h.fd) }

// SetThreadAffinity pins thread k of process pid to the given CPUs (sched_setaffinity).
func SetThreadAffinity(pid int, k TaskKey, cpus []int) error {
	set, err := cpuSet(cpus)
	if err != nil {
		return err
	}
	return onThread(pid, k, "pin", func(tid int) error { return unix.SchedSetaffinity(tid, &set) })
}

// SetProcessAffinity pins every thread of process k to the given CPUs; threads it starts later
// inherit the setting from the thread that starts them.
func SetProcessAffinity(k TaskKey, cpus []int) error {
	set, err := cpuSet(cpus)
	if err != nil {
		return err
	}
	return onProcess(k, "pin", func(tid int) error { return unix.SchedSetaffinity(tid, &set) })
}

// SetThreadNice sets the nice value (-20 to 19) of thread k of process pid. Lowering it below
// its current value needs root (or CAP_SYS_NICE).
func SetThreadNice(pid int, k TaskKey, nice int) error {
	if err := checkNice(nice); err != nil {
		return err
	}
	return onThread(pid, k, "renice", func(tid int) error { return unix.Setpriority(unix.PRIO_PROCESS, tid, nice) })
}

// SetProcessNice sets the nice value of every thread of process k (on Linux, nice belongs to
// each thread).
func SetProcessNice(k TaskKey, nice int) error {
	if err := checkNice(nice); err != nil {
		return err
	}
	return onProcess(k, "renice", func(tid int) error { return unix.Setpriority(unix.PRIO_PROCESS, tid, nice) })
}

// ThreadNice reads the nice value of thread tid.
func ThreadNice(tid int) (int, error) {
	// The raw getpriority returns 20 - nice, so that it never looks like an error.
	v, err := unix.Getpriority(unix.PRIO_PROCESS, tid)
	if err != nil {
		return 0, fmt.Errorf("inspect: nice of %d: %w", tid, err)
	}
	return 20 - v, nil
}

func checkNice(n int) error {
	if n < -20 || n > 19 {
		return fmt.Errorf("inspect: nice %d: must be from -20 to 19", n)
	}
	return nil
}

// cpuSet builds the kernel's CPU mask, refusing CPUs that are not online.
func cpuSet(cpus []int) (unix.CPUSet, error) {
	var set unix.CPUSet
	if len(cpus) == 0 {
		return set, errors.New("inspect: no CPU chosen")
	}
	online, err := task.OnlineCPUs()
	if err != nil {
		return set, err
	}
	for _, c := range cpus {
		ok := false
		for _, o := range online {
			ok = ok || o == c
		}
		if !ok {
			return set, fmt.Errorf("inspect: CPU %d is not online (online: %v)", c, online)
		}
		set.Set(c)
	}
	return set, nil
}

// onThread runs call on thread k of pid through a checked handle.
func onThread(pid int, k TaskKey, what string, call func(int) error) error {
	h, err := openTask(pid, k.ID, k.StartTicks)
	if err != nil {
		return err
	}
	defer h.close()
	return notAllowedText(h.do(what, call), pid, what)
}

// onProcess runs call on every thread of process k. The process is checked by its start time
// and held open meanwhile; each thread is opened under the process's own task directory, so
// only threads of that very process are touched.
func onProcess(k TaskKey, what string, call func(int) error) error {
	proc, err := openTask(k.ID, k.ID, k.StartTicks)
	if err != nil {
		return err
	}
	defer proc.close()
	tids, err := task.Threads(k.ID)
	if err != nil {
		return err
	}
	done := 0
	for _, tid := range tids {
		h, err := openTask(k.ID, tid, 0)
		if errors.Is(err, ErrGone) {
			continue // a thread that ended meanwhile
		}
		if err != nil {
			return err
		}
		err = h.do(what, call)
		h.close()
		if errors.Is(err, ErrGone) && tid != k.ID {
			continue
		}
		if err != nil {
			return notAllowedText(err, k.ID, what)
		}
		done++
	}
	if _, err := proc.stat(); err != nil || done == 0 {
		return fmt.Errorf("inspect: process %d ended while it was changed: %w", k.ID, ErrGone)
	}
	return nil
}

// notAllowedText puts a refusal in words: another user's task, or a priority raise.
func notAllowedText(err error, pid int, what string) error {
	if !errors.Is(err, ErrNotAllowed) {
		return err
	}
	if !task.OwnedByUs(pid) {
		return fmt.Errorf("cannot %s pid %d: it belongs to another user; only root may change it: %w", what, pid, err)
	}
	if what == "renice" {
		return fmt.Errorf("cannot lower the nice value of pid %d (raise its priority): that needs root or CAP_SYS_NICE: %w", pid, err)
	}
	return fmt.Errorf("cannot %s pid %d: %w", what, pid, err)
}

// TaskStartTicks reads the start time (clock ticks since boot) of thread tid of process pid,
// to build the TaskKey the Set functions take when only IDs are known. It wraps ErrGone when
// there is no such thread.
func TaskStartTicks(pid, tid int) (uint64, error) {
	h, err := openTask(pid, tid, 0)
	if err != nil {
		return 0, err
	}
	defer h.close()
	return h.start, nil
}
