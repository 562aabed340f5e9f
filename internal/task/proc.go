package task

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// ErrGone means the task asked about has ended, or its PID now belongs to another task.
var ErrGone = errors.New("process has exited")

// UserHZ is the unit of CPU and start times in stat files (clock ticks a second). The kernel
// fixes USER_HZ at 100 on every architecture Go supports, whatever its internal tick rate.
const UserHZ = 100

// Threads lists the thread IDs of process pid from /proc/PID/task, in directory order. A
// process that does not exist gives ErrGone.
func Threads(pid int) ([]int, error) {
	ents, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/task")
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("pid %d: %w", pid, ErrGone)
	}
	if err != nil {
		return nil, fmt.Errorf("threads of %d: %w", pid, err)
	}
	tids := make([]int, 0, len(ents))
	for _, e := range ents {
		if tid, err := strconv.Atoi(e.Name()); err == nil {
			tids = append(tids, tid)
		}
	}
	return tids, nil
}

// OwnedByUs reports whether process pid runs as our effective user (or we are root). A process
// that cannot be looked up counts as ours: the call that follows then fails with the errno that
// says why.
func OwnedByUs(pid int) bool {
	if os.Geteuid() == 0 {
		return true
	}
	var st unix.Stat_t
	if err := unix.Stat("/proc/"+strconv.Itoa(pid), &st); err != nil {
		return true
	}
	return int(st.Uid) == os.Geteuid()
}

// OnlineCPUs lists the CPUs that are online, from the kernel's list ("0-3,5,7-8"): the CPUs
// perf events are opened on, and the ones an affinity mask may name.
func OnlineCPUs() ([]int, error) {
	b, err := os.ReadFile("/sys/devices/system/cpu/online")
	if err != nil {
		return nil, fmt.Errorf("online CPUs: %w", err)
	}
	return ParseCPUList(strings.TrimSpace(string(b)))
}

// ParseCPUList parses the kernel's CPU list format ("0-3,5,7-8").
func ParseCPUList(s string) ([]int, error) {
	var cpus []int
	for part := range strings.SplitSeq(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		if err != nil || a < 0 || a > 1<<16 {
			return nil, fmt.Errorf("CPU list %q: bad entry %q", s, part)
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil || b < a || b > 1<<16 {
				return nil, fmt.Errorf("CPU list %q: bad range %q", s, part)
			}
		}
		for c := a; c <= b; c++ {
			cpus = append(cpus, c)
		}
	}
	if len(cpus) == 0 {
		return nil, fmt.Errorf("CPU list %q is empty", s)
	}
	return cpus, nil
}
