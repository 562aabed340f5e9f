package inspect

import (
	"os"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
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
	var st taskStat
	if err := parseTaskStat(b, &st); err != nil {
		t.Fatal(err)
	}
	return TaskKey{ID: os.Getpid(), StartTicks: st.startTicks}
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
	// A new thread is found when the main thread's count is next read (within countEvery
	// samples), not necessarily at once.
	var snap *WatchSample
	for i := 0; i <= countEvery; i++ {
		if i > 0 {
			// Long enough apart that the busy thread's share is measured, not a lucky gap.
			time.Sleep(100 * time.Millisecond)
		}
		if snap, err = w.Sample([]TaskKey{self}); err != nil {
			t.Fatal(err)
		}
		if _, ok := findThread(&snap.Processes[0], late); ok {
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
