package inspect

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/task"
)

// nameThread names the calling OS thread.
func nameThread(t *testing.T, name string) {
	b, err := unix.BytePtrFromString(name)
	if err == nil {
		err = unix.Prctl(unix.PR_SET_NAME, uintptr(unsafe.Pointer(b)), 0, 0, 0)
	}
	if err != nil {
		t.Error(err)
	}
}

// startThread runs a named OS thread in this process until stop closes, spinning when busy
// and asleep otherwise, and returns its TID.
func startThread(t *testing.T, name string, busy bool, stop chan struct{}) int {
	tid := make(chan int)
	go func() {
		// Locked and never unlocked: the OS thread ends with the goroutine.
		runtime.LockOSThread()
		nameThread(t, name)
		tid <- unix.Gettid()
		if !busy {
			<-stop
			return
		}
		for x := 0; ; x++ {
			if x%1024 == 0 {
				select {
				case <-stop:
					return
				default:
				}
			}
		}
	}()
	return <-tid
}

// selfKey is this test process's identity.
func selfKey(t testing.TB) TaskKey {
	t.Helper()
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		t.Fatal(err)
	}
	var st task.Stat
	if err := task.ParseStat(b, &st); err != nil {
		t.Fatal(err)
	}
	return TaskKey{ID: os.Getpid(), StartTicks: st.StartTicks}
}

func findThread(p *Process, tid int) (Thread, bool) {
	for _, th := range p.Threads {
		if th.TID == tid {
			return th, true
		}
	}
	return Thread{}, false
}

// TestWatcherLive watches this test process: a busy named thread shows CPU time on re-reads of
// its kept files, a thread named later is seen with its name, one that ended is dropped, and a key
// whose start time does not match (a reused PID) is left out.
func TestWatcherLive(t *testing.T) {
	w, err := NewWatcher("/proc")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	self := selfKey(t)
	stop := make(chan struct{})
	defer close(stop)
	busy := startThread(t, "watch-busy", true, stop)

	wrong := TaskKey{ID: self.ID, StartTicks: self.StartTicks + 1}
	first, err := w.Sample([]TaskKey{self, {ID: 1 << 30}})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Processes) != 1 || first.Interval != 0 {
		t.Fatalf("first sample: %d processes, interval %v; want only this one, no interval", len(first.Processes), first.Interval)
	}
	time.Sleep(300 * time.Millisecond)
	stop2 := make(chan struct{})
	late := startThread(t, "watch-late", false, stop2)
	// A new thread is found at the next sample, since the process's thread count changed. But
	// the runtime may give the goroutine a thread it had already: one idle so long that it is
	// read only every idleEvery samples, and which ran too little for its stat line to be read
	// again before statEvery samples have passed. Its new name is then seen that late.
	var snap *WatchSample
	for i := 0; i <= statEvery+idleEvery; i++ {
		if i > 0 {
			// Long enough apart that the busy thread's share is measured, not a lucky gap.
			time.Sleep(100 * time.Millisecond)
		}
		if snap, err = w.Sample([]TaskKey{self}); err != nil {
			t.Fatal(err)
		}
		if th, ok := findThread(&snap.Processes[0], late); ok && th.Name == "watch-late" {
			break
		}
	}
	p := &snap.Processes[0]
	if p.PID != self.ID || p.StartTicks != self.StartTicks || p.Name == "" {
		t.Errorf("process = %d/%d %q, want %d/%d", p.PID, p.StartTicks, p.Name, self.ID, self.StartTicks)
	}
	th, ok := findThread(p, busy)
	if !ok || th.Name != "watch-busy" || th.CPUPercent < 10 || th.State == "" {
		t.Errorf("busy thread = %+v (found %v), want watch-busy with CPU time", th, ok)
	}
	// (The runtime may hand the goroutine a thread it already had, so the thread is not
	// necessarily new to the watcher, but its new name must be read.)
	if th, ok := findThread(p, late); !ok || th.Name != "watch-late" {
		t.Errorf("thread named between samples = %+v (found %v), want watch-late", th, ok)
	}

	close(stop2)
	deadline := time.Now().Add(5 * time.Second)
	for {
		snap, err = w.Sample([]TaskKey{self})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := findThread(&snap.Processes[0], late); !ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a thread that ended is still listed")
		}
		time.Sleep(50 * time.Millisecond)
	}

	snap, err = w.Sample([]TaskKey{wrong})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Processes) != 0 {
		t.Errorf("a key with another start time was read as %+v", snap.Processes[0])
	}
	if len(w.procs) != 0 {
		t.Errorf("files of an unwatched process kept open: %d", len(w.procs))
	}
}

// BenchmarkWatcherSelf measures one reading of this process's threads from kept files.
func BenchmarkWatcherSelf(b *testing.B) {
	w, err := NewWatcher("/proc")
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	keys := []TaskKey{selfKey(b)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := w.Sample(keys); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWatcherSkipsIdleProcesses checks the gate that spares the reads of a process that did not
// run: while the process's CPU clock reads the same, the busy thread is reported from its last
// reading with no share; once the clock moves, its share is measured again.
func TestWatcherSkipsIdleProcesses(t *testing.T) {
	w, err := NewWatcher("/proc")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.cpuTime == nil {
		t.Fatal("the live /proc was not recognised as this namespace's: the gate is off")
	}
	self := selfKey(t)
	stop := make(chan struct{})
	defer close(stop)
	busy := startThread(t, "watch-gated", true, stop)

	frozen := false
	var held uint64
	w.cpuTime = func(pid int) (uint64, bool) {
		ns, ok := processCPUTime(pid)
		if frozen {
			return held, ok
		}
		held = ns
		return ns, ok
	}
	share := func() float64 {
		t.Helper()
		time.Sleep(100 * time.Millisecond)
		s, err := w.Sample([]TaskKey{self})
		if err != nil || len(s.Processes) != 1 {
			t.Fatalf("sample: %v, %d processes", err, len(s.Processes))
		}
		th, ok := findThread(&s.Processes[0], busy)
		if !ok || th.Name != "watch-gated" {
			t.Fatalf("busy thread = %+v (found %v)", th, ok)
		}
		return th.CPUPercent
	}
	share()
	if got := share(); got < 10 {
		t.Fatalf("busy thread's share = %.1f%%, want it measured", got)
	}
	frozen = true
	if got := share(); got != 0 {
		t.Errorf("process whose clock did not move: busy thread's share = %.1f%%, want 0 (not read)", got)
	}
	frozen = false
	if got := share(); got < 10 {
		t.Errorf("after the clock moved again, busy thread's share = %.1f%%, want it measured", got)
	}
}

// TestProcessCPUTime checks the CPU clock against the kernel's own count in /proc, and that an
// unknown PID is refused.
func TestProcessCPUTime(t *testing.T) {
	for x := 0; x < 50_000_000; x++ { // use some CPU, so the two counts have something to agree on
	}
	ns, ok := processCPUTime(os.Getpid())
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil || !ok {
		t.Fatalf("clock: %v, stat: %v", ok, err)
	}
	var st task.Stat
	if err := task.ParseStat(b, &st); err != nil {
		t.Fatal(err)
	}
	ticks := float64(st.CPUTicks()) // the process's ticks: a lower bound for the process
	if float64(ns)/1e9*userHZ < ticks-2 {
		t.Errorf("process clock %v ns is below its main thread's %v ticks", ns, ticks)
	}
	b, err = os.ReadFile("/proc/sys/kernel/pid_max")
	if err != nil {
		t.Fatal(err)
	}
	pidMax, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	// PIDs are below pid_max, so pid_max itself names no process.
	for _, pid := range []int{0, -1, pidMax, 1 << 30} {
		if _, ok := processCPUTime(pid); ok {
			t.Errorf("PID %d, which no process has, was read", pid)
		}
	}
	if !procIsOurs("/proc") || procIsOurs("testdata/proc-t0") {
		t.Error("procIsOurs: want the live /proc only")
	}
}
