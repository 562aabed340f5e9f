package inspect

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// heldWatchWorld is heldWorld for a Watcher: one process of four threads, each busy half of the
// time, so that together they keep both cores of a 2-core machine busy, and a heldClock that
// lets the test hold the watcher up; each thread's schedstat shows its run time as of the
// instant the clock gives.
type heldWatchWorld struct {
	heldClock
	t    *testing.T
	root string
	boot time.Time
}

const heldWatchThreads = 4

func newHeldWatchWorld(t *testing.T) (*heldWatchWorld, *Watcher) {
	t.Helper()
	w := &heldWatchWorld{t: t, root: t.TempDir(), boot: time.Date(2025, 1, 2, 3, 0, 0, 0, time.UTC)}
	w.heldClock = heldClock{now: w.boot.Add(time.Hour), gap: time.Millisecond, showAt: w.show}
	for i := range heldWatchThreads {
		dir := w.taskDir(heldPID + i)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		// The stat line: state, parent, thread count (field 20), start time (22), core (39).
		fields := strings.Fields("R 1 4242 4242 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 4 0 100 1228800 100 " +
			"18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0")
		line := fmt.Sprintf("%d (busy) %s\n", heldPID+i, strings.Join(fields, " "))
		if err := os.WriteFile(filepath.Join(dir, "stat"), []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w.show(w.now)
	watcher, err := NewWatcher(w.root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { watcher.Close() })
	watcher.now = w.read
	return w, watcher
}

func (w *heldWatchWorld) taskDir(tid int) string {
	return filepath.Join(w.root, fmt.Sprint(heldPID), "task", fmt.Sprint(tid))
}

// show writes every thread's schedstat as it reads at instant at: each has run half the time
// since boot.
func (w *heldWatchWorld) show(at time.Time) {
	run := at.Sub(w.boot).Nanoseconds() / 2
	for i := range heldWatchThreads {
		line := fmt.Sprintf("%d 0 1000\n", run)
		if err := os.WriteFile(filepath.Join(w.taskDir(heldPID+i), "schedstat"), []byte(line), 0o644); err != nil {
			w.t.Fatal(err)
		}
	}
}

// TestHeldUpWatcherStaysWithinCores holds the watcher up, as a loaded machine does, before or
// after its reads, in the first or the second sample. Whatever the hold, the process's threads
// together must not be credited with more than 2 cores can give, and without a hold they must
// still come out near it. (Timing a whole sample once, before its reads, credited each of the
// four threads with a full core.)
func TestHeldUpWatcherStaysWithinCores(t *testing.T) {
	const hold = 200 * time.Millisecond
	for _, c := range []struct {
		name   string
		heldIn int     // the sample during which the watcher is held up; 0 for none
		frac   float64 // where in each hold the files are read
	}{
		{"no hold", 0, 1},
		{"held before the reads in the second sample", 2, 1},
		{"held after the reads in the second sample", 2, 0},
		{"held before the reads in the first sample", 1, 1},
		{"held after the reads in the first sample", 1, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			w, watcher := newHeldWatchWorld(t)
			w.frac = c.frac
			var p Process
			for n := 1; n <= 2; n++ {
				w.gap = time.Millisecond
				if n == c.heldIn {
					w.gap = hold
				}
				ws, err := watcher.Sample([]TaskKey{{ID: heldPID, StartTicks: 100}})
				if err != nil {
					t.Fatal(err)
				}
				if len(ws.Processes) != 1 || len(ws.Processes[0].Threads) != heldWatchThreads {
					t.Fatalf("sample %d: %+v, want one process of %d threads", n, ws.Processes, heldWatchThreads)
				}
				p = ws.Processes[0]
				w.now = w.now.Add(100 * time.Millisecond) // the watch's ticker
			}
			var sum float64
			for _, th := range p.Threads {
				sum += th.CPUPercent
			}
			limit := float64(heldCores * 100)
			if sum > limit {
				t.Errorf("threads credited with %.1f%% CPU in all on %d cores, limit %.0f: %+v", sum, heldCores, limit, p.Threads)
			}
			if c.heldIn == 0 && sum < limit*0.9 {
				t.Errorf("threads keeping both cores busy credited with %.1f%% with no hold, want near %.0f", sum, limit)
			}
			if sum <= 0 {
				t.Errorf("threads keeping both cores busy credited with %.1f%%", sum)
			}
		})
	}
}
