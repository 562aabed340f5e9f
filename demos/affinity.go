package demos

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// allowedCores lists, in order, the cores the calling thread may run on. Demos call it before
// pinning anything, so it is the mask the process was started with (taskset, a container's cpuset).
func allowedCores() ([]int, error) {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		return nil, fmt.Errorf("reading CPU affinity: %w", err)
	}
	var cores []int
	for c := 0; c < len(set)*64; c++ {
		if set.IsSet(c) {
			cores = append(cores, c)
		}
	}
	if len(cores) == 0 {
		return nil, fmt.Errorf("no core in this process's CPU affinity")
	}
	return cores, nil
}

// pickCore returns the core a demo pins to: want when the process may use it, or the last
// core it may use when want is -1. The last, because the first is where the kernel tends to
// start everything else, so the demo's core is a little less crowded.
func pickCore(want int) (int, error) {
	cores, err := allowedCores()
	if err != nil {
		return 0, err
	}
	if want == -1 {
		return cores[len(cores)-1], nil
	}
	for _, c := range cores {
		if c == want {
			return c, nil
		}
	}
	return 0, Usagef("core %d is not one this process may run on (%s)", want, joinInts(cores))
}

// pinThisThread lets the calling OS thread run only on the given cores. The caller must hold
// its thread (runtime.LockOSThread), or the mask lands on a thread the runtime hands to others.
func pinThisThread(cores ...int) error {
	var set unix.CPUSet
	for _, c := range cores {
		set.Set(c)
	}
	if err := unix.SchedSetaffinity(0, &set); err != nil {
		return fmt.Errorf("pinning thread %d to cores %s: %w", unix.Gettid(), joinInts(cores), err)
	}
	return nil
}

// taskCore returns the core thread tid of process pid last ran on: field 39 of its stat file,
// the same figure the process table shows.
func taskCore(pid, tid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/stat", pid, tid))
	if err != nil {
		return 0, err
	}
	c, err := parseStatCore(b)
	if err != nil {
		return 0, fmt.Errorf("stat of %d/%d: %w", pid, tid, err)
	}
	return c, nil
}

// parseStatCore reads field 39 (processor) from the text of a stat file.
func parseStatCore(b []byte) (int, error) {
	// The command name in parentheses may hold spaces or ')'; the fields after its last ')' do
	// not. Field 39 is the 37th after the name (fields 1 and 2 are pid and name).
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("no command name in %q", truncate(b, 40))
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 37 {
		return 0, fmt.Errorf("%d fields after the command name, want at least 37", len(f))
	}
	c, err := strconv.Atoi(f[36])
	if err != nil || c < 0 {
		return 0, fmt.Errorf("processor field %q is not a core number", f[36])
	}
	return c, nil
}

// taskSwitches returns how many times thread tid of process pid has left its core so far, of its
// own accord (it blocked) or not (it was preempted), from its status file.
func taskSwitches(pid, tid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/status", pid, tid))
	if err != nil {
		return 0, err
	}
	n, err := parseSwitches(b)
	if err != nil {
		return 0, fmt.Errorf("status of %d/%d: %w", pid, tid, err)
	}
	return n, nil
}

// parseSwitches adds up voluntary_ctxt_switches and nonvoluntary_ctxt_switches from the text of
// a status file; both must be there.
func parseSwitches(b []byte) (int64, error) {
	var total int64
	found := 0
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || (k != "voluntary_ctxt_switches" && k != "nonvoluntary_ctxt_switches") {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n < 0 || n > math.MaxInt64-total {
			return 0, fmt.Errorf("%s: %q is not a count", k, strings.TrimSpace(v))
		}
		total += n
		found++
	}
	if found != 2 {
		return 0, fmt.Errorf("no context switch counts")
	}
	return total, nil
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}
