package inspect

import (
	"errors"
	"os"
	"runtime"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/proctest"
	"github.com/taskscope/taskscope/internal/task"
)

// TestAffinityAndNice pins and renices the workload's busy thread and its whole process, and
// reads the result back from the kernel.
func TestAffinityAndNice(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skip("needs two CPUs to see a pin")
	}
	h, err := proctest.StartWorkload()
	if err != nil {
		t.Fatal(err)
	}
	defer h.Stop()
	sleeper := h.Threads[proctest.SleepThread]
	start, err := TaskStartTicks(h.PID, sleeper)
	if err != nil {
		t.Fatal(err)
	}
	k := TaskKey{ID: sleeper, StartTicks: start}
	if err := SetThreadAffinity(h.PID, k, []int{0}); err != nil {
		t.Fatal(err)
	}
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(sleeper, &set); err != nil || set.Count() != 1 || !set.IsSet(0) {
		t.Errorf("after pinning to core 0: %v, set %v", err, set)
	}
	if err := SetThreadNice(h.PID, k, 7); err != nil {
		t.Fatal(err)
	}
	if n, err := ThreadNice(sleeper); err != nil || n != 7 {
		t.Errorf("nice after setting 7: %d, %v", n, err)
	}

	pstart, err := TaskStartTicks(h.PID, h.PID)
	if err != nil {
		t.Fatal(err)
	}
	pk := TaskKey{ID: h.PID, StartTicks: pstart}
	if err := SetProcessAffinity(pk, []int{1}); err != nil {
		t.Fatal(err)
	}
	if err := SetProcessNice(pk, 3); err != nil {
		t.Fatal(err)
	}
	tids, _ := task.Threads(h.PID)
	for _, tid := range tids {
		if err := unix.SchedGetaffinity(tid, &set); err != nil || set.Count() != 1 || !set.IsSet(1) {
			t.Errorf("thread %d after pinning the process to core 1: %v, set %v", tid, err, set)
		}
		if n, _ := ThreadNice(tid); n != 3 {
			t.Errorf("thread %d nice %d after setting the process to 3", tid, n)
		}
	}

	// A stale start time (the TID reused by another task) is never touched.
	stale := TaskKey{ID: sleeper, StartTicks: start + 1}
	if err := SetThreadAffinity(h.PID, stale, []int{0}); !errors.Is(err, ErrGone) {
		t.Errorf("stale start time: %v, want ErrGone", err)
	}
	if err := unix.SchedGetaffinity(sleeper, &set); err != nil || !set.IsSet(1) || set.IsSet(0) {
		t.Errorf("the stale request changed the thread: %v", set)
	}
	if err := SetProcessNice(TaskKey{ID: h.PID, StartTicks: pstart + 1}, 5); !errors.Is(err, ErrGone) {
		t.Errorf("stale process start time: %v, want ErrGone", err)
	}
	// Bad requests are errors, not calls.
	for _, cpus := range [][]int{nil, {-1}, {1 << 20}} {
		if err := SetThreadAffinity(h.PID, k, cpus); err == nil {
			t.Errorf("pin to %v accepted", cpus)
		}
	}
	if err := SetThreadNice(h.PID, k, 20); err == nil {
		t.Error("nice 20 accepted")
	}
	if _, err := TaskStartTicks(h.PID, 1<<22+5); !errors.Is(err, ErrGone) {
		t.Errorf("no such thread: %v", err)
	}
	if os.Getuid() == 0 {
		// Root may raise priority; the unprivileged test checks the refusals.
		if err := SetThreadNice(h.PID, k, -2); err != nil {
			t.Errorf("root lowering nice: %v", err)
		}
	}
}
