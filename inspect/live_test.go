package inspect

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/proctest"
)

// TestLiveWorkload samples the live machine while a workload of known threads runs, and checks
// the sampler against the workload and against ps.
func TestLiveWorkload(t *testing.T) {
	h, err := proctest.StartWorkload()
	if err != nil {
		t.Fatal(err)
	}
	defer h.Stop()
	s, err := NewSampler("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var bornAfter uint64
	var before map[[2]int]bool
	// The kernel's own account of the busy thread over the same interval, from schedstat: on a
	// shared machine, or with other tests spinning on core 0, it may get much less than a core.
	busyTID := h.Threads[proctest.BusyThread]
	var snap *Snapshot
	kernelShare, err := proctest.BusyShare(h.PID, busyTID, func() {
		if _, err := s.Sample(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
		bornAfter = uptimeTicks(t)
		before = psTasks(t)
		snap, err = s.Sample()
	})
	if err != nil {
		t.Fatal(err)
	}
	after := psTasks(t)

	w, ok := snap.Find(h.PID)
	if !ok {
		t.Fatalf("workload %d not in the snapshot", h.PID)
	}
	if w.Name != proctest.WorkloadName || w.PPID != os.Getpid() || w.User != "root" || w.Cmdline == "" || w.KernelThread {
		t.Errorf("workload process = %+v", *w)
	}
	if w.CPUPercent < 20 {
		t.Errorf("workload at %.1f%% CPU, want more (one thread spins)", w.CPUPercent)
	}
	threads := map[int]Thread{}
	for _, th := range w.Threads {
		threads[th.TID] = th
	}
	busy := threads[h.Threads[proctest.BusyThread]]
	if busy.Name != proctest.BusyThread || busy.Core != 0 || !busyEnough(busy.CPUPercent, kernelShare) {
		t.Errorf("busy thread = %+v, want %s on core 0 near %.0f%% (the kernel's figure)", busy, proctest.BusyThread, kernelShare)
	}
	t.Logf("busy thread: %.1f%% here, %.1f%% by schedstat", busy.CPUPercent, kernelShare)
	sleepCore := 1
	if runtime.NumCPU() < 2 {
		sleepCore = 0
	}
	sleeper := threads[h.Threads[proctest.SleepThread]]
	if sleeper.Name != proctest.SleepThread || sleeper.Core != sleepCore || sleeper.State != "S" || sleeper.CPUPercent > 10 {
		t.Errorf("sleeping thread = %+v, want %s asleep on core %d", sleeper, proctest.SleepThread, sleepCore)
	}
	child, ok := snap.Find(h.Child)
	if !ok || child.Name != proctest.ChildName || child.PPID != h.PID {
		t.Errorf("child %d = %+v (found %v), want %s with parent %d", h.Child, child, ok, proctest.ChildName, h.PID)
	}

	// The (pid, tid) set must be what ps sees: every task ps saw both before and after the sample
	// is in it, and every task in it was seen by ps or was born after the first ps began.
	sampled := map[[2]int]uint64{}
	for _, p := range snap.Processes {
		for _, th := range p.Threads {
			sampled[[2]int{p.PID, th.TID}] = th.StartTicks
		}
	}
	for task := range before {
		if _, ok := after[task]; ok {
			if _, ok := sampled[task]; !ok {
				t.Errorf("task %v listed by ps before and after the sample is missing from it", task)
			}
		}
	}
	for task, start := range sampled {
		_, b := before[task]
		_, a := after[task]
		if !a && !b && start+1 < bornAfter {
			t.Errorf("task %v (started at tick %d, before tick %d) is in the sample but not in ps", task, start, bornAfter)
		}
	}
	t.Logf("%d tasks sampled, ps saw %d before and %d after; skipped %d", len(sampled), len(before), len(after), snap.Skipped)
}

// TestLiveSelf checks the detail reads on the test process itself.
func TestLiveSelf(t *testing.T) {
	s, err := NewSampler("/proc")
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.Sample()
	if err != nil {
		t.Fatal(err)
	}
	me, ok := snap.Find(os.Getpid())
	if !ok {
		t.Fatal("test process not in its own snapshot")
	}
	if me.NumThreads != len(me.Threads) || me.Threads[0].TID != me.PID {
		t.Errorf("threads of the test process: %d listed, %d counted, first %d", len(me.Threads), me.NumThreads, me.Threads[0].TID)
	}
	if m := s.MemoryOf(me.PID, me.StartTicks); !m.Available || m.RSS == 0 || m.PSS == 0 || m.Private == 0 {
		t.Errorf("MemoryOf(self) = %+v", m)
	}
	cmd, err := s.Cmdline(me.PID, me.StartTicks)
	if err != nil || !strings.Contains(cmd, "-test.") {
		t.Errorf("Cmdline(self) = %q, %v", cmd, err)
	}
	if snap.Host.Hostname == "" || snap.Host.Kernel == "" || snap.Host.LogicalCores != runtime.NumCPU() || snap.Host.Uptime <= 0 {
		t.Errorf("host = %+v", snap.Host)
	}
	if len(snap.Cores) != runtime.NumCPU() || snap.Memory.TotalBytes == 0 {
		t.Errorf("cores %+v, memory %+v", snap.Cores, snap.Memory)
	}
}

// envDenied makes the test binary a helper that drops root and asks for the memory of the
// process "PID:START" named in it (see runDenied).
const envDenied = "TASKSCOPE_TEST_DENIED"

// TestLiveMemoryDenied gets a real EACCES: a copy of the test binary that has dropped to the
// user nobody asks for the memory breakdown of this (root) process.
func TestLiveMemoryDenied(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to drop to another user")
	}
	s, err := NewSampler("/proc")
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.Sample()
	if err != nil {
		t.Fatal(err)
	}
	me, _ := snap.Find(os.Getpid())
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d:%d", envDenied, me.PID, me.StartTicks))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("helper: %v %s", err, out)
	}
	var m MemoryBreakdown
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("helper said %q: %v", out, err)
	}
	if m.Available || m.Reason != reasonDenied {
		t.Errorf("MemoryOf another user's process = %+v, want unavailable: %q", m, reasonDenied)
	}
}

// runDenied is the helper of TestLiveMemoryDenied.
func runDenied() int {
	pid, start, _ := strings.Cut(os.Getenv(envDenied), ":")
	p, _ := strconv.Atoi(pid)
	st, _ := strconv.ParseUint(start, 10, 64)
	const nobody = 65534
	if err := syscall.Setgroups(nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := syscall.Setgid(nobody); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := syscall.Setuid(nobody); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	s, err := NewSampler("/proc")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	// A full sample must work for an unprivileged user too.
	if snap, err := s.Sample(); err != nil || len(snap.Processes) == 0 {
		fmt.Fprintln(os.Stderr, "sample as nobody:", err)
		return 1
	}
	json.NewEncoder(os.Stdout).Encode(s.MemoryOf(p, st))
	return 0
}

// busyEnough reports whether a spinning thread's CPU percentage is plausible: near what the
// kernel's schedstat says it ran (measured over a slightly longer window, hence the margin), and
// clearly busy; above 50% whenever the kernel gave it most of a core.
func busyEnough(got, kernel float64) bool {
	if got > 100.5 || got < 20 {
		return false
	}
	if kernel > 60 && got < 50 {
		return false
	}
	return got > kernel*0.75-10
}

// psTasks lists the (pid, tid) pairs ps sees.
func psTasks(t *testing.T) map[[2]int]bool {
	t.Helper()
	out, err := exec.Command("ps", "-eLo", "pid,tid", "--no-headers").Output()
	if err != nil {
		t.Skipf("ps: %v", err)
	}
	tasks := map[[2]int]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 {
			continue
		}
		pid, err1 := strconv.Atoi(f[0])
		tid, err2 := strconv.Atoi(f[1])
		if err1 == nil && err2 == nil {
			tasks[[2]int{pid, tid}] = true
		}
	}
	return tasks
}

// uptimeTicks is the time since boot in clock ticks, the unit of start times.
func uptimeTicks(t *testing.T) uint64 {
	t.Helper()
	b, err := os.ReadFile("/proc/uptime")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b))
	secs, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		t.Fatal(err)
	}
	return uint64(secs * userHZ)
}
