package inspect

import (
	"testing"
	"time"
)

// TestFixtureCPUTime checks the cumulative CPU times against the fixture's stat files: utime plus
// stime in clock ticks of 10 ms, for the process (its ended thread 103 included) and each thread,
// and each core's busy time from /proc/stat.
func TestFixtureCPUTime(t *testing.T) {
	f := newFixture(t)
	f.sample(t, "proc-t0", 0)
	snap := f.sample(t, "proc-t1", time.Second)

	app := mustFind(t, snap, 100)
	if want := (1060 + 200) * 10 * time.Millisecond; app.CPUTime != want {
		t.Errorf("process 100 CPUTime = %v, want %v", app.CPUTime, want)
	}
	want := map[int]time.Duration{100: 4100 * time.Millisecond, 101: 7 * time.Second, 102: 1500 * time.Millisecond}
	for _, th := range app.Threads {
		if th.CPUTime != want[th.TID] {
			t.Errorf("thread %d CPUTime = %v, want %v", th.TID, th.CPUTime, want[th.TID])
		}
	}
	// cpu0 1030 0 520 8040 510 0 0 0 0 0: busy is user+nice+system+irq+softirq+steal.
	if got, want := snap.Cores[0].BusyTime, 15500*time.Millisecond; got != want {
		t.Errorf("core 0 BusyTime = %v, want %v", got, want)
	}
	// A single-threaded process's only thread carries the process's time.
	for _, p := range snap.Processes {
		if len(p.Threads) == 1 && p.NumThreads == 1 && p.Threads[0].CPUTime != p.CPUTime {
			t.Errorf("process %d: thread time %v, process time %v", p.PID, p.Threads[0].CPUTime, p.CPUTime)
		}
	}
}
