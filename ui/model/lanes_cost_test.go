package model

import (
	"context"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
)

// processCPU is the CPU time this process has used so far, user and system.
func processCPU(t *testing.T) time.Duration {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestCoreLanesWatchCost measures what the 10 Hz watch of 20 processes costs on top of the
// normal refresh, for two kinds of process: ones whose threads sleep (most of a desktop, most
// of the time), and ones whose threads all wake 50 times a second, so that every process has
// run at every sample and every thread that ran is read (the worst case for the watch).
//
// The worker runs as in the app (a full Sample a second, on the live machine), and its frames
// feed a lane model as the Cores tab does. Periods without a watch set alternate with periods
// with one, and the difference in this process's CPU time is reported as a share of one core.
// Alternating short periods keeps other load on the shared machine from falling all on one side.
//
//	TASKSCOPE_BENCH=1 go test ./ui/model/ -run CoreLanesWatchCost -count=1 -v
func TestCoreLanesWatchCost(t *testing.T) {
	if os.Getenv("TASKSCOPE_BENCH") == "" {
		t.Skip("set TASKSCOPE_BENCH=1 to measure")
	}
	for _, mode := range []string{"idle", "waking"} {
		t.Run(mode, func(t *testing.T) {
			cost, threads := measureWatchCost(t, mode)
			t.Logf("lanes watch cost, 20 %s processes (%d threads): %.2f%% of one core", mode, threads, cost)
			if cost > 1 {
				t.Errorf("watching 20 %s processes at 10 Hz costs %.2f%% of one core, want at most 1%%", mode, cost)
			}
		})
	}
}

// measureWatchCost starts 20 lane helpers in the given mode and returns the watch's cost in
// percent of one core, and how many threads it saw.
func measureWatchCost(t *testing.T, mode string) (cost float64, threads int) {
	var keys []inspect.TaskKey
	for range 20 {
		keys = append(keys, startLaneHelper(t, mode).key)
	}
	live, err := NewLive("/proc")
	if err != nil {
		t.Fatal(err)
	}
	model := NewLaneModel()
	frames := make(chan Frame, 256)
	done := make(chan struct{})
	go func() {
		for f := range frames {
			if f.Watch != nil {
				model.AddFine(f.Watch)
			}
		}
		close(done)
	}()
	w := NewWorker(live, time.Second, Options{}, func(f Frame) { frames <- f })
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { w.Run(ctx); close(stopped) }()
	const rounds, period = 5, 2 * time.Second
	time.Sleep(period) // warm up: first samples, caches
	var base, watched time.Duration
	for range rounds {
		c0 := processCPU(t)
		time.Sleep(period)
		c1 := processCPU(t)
		w.Post(func(w *Worker) { w.SetWatch(keys) })
		time.Sleep(period)
		w.Post(func(w *Worker) { w.SetWatch(nil) })
		c2 := processCPU(t)
		base += c1 - c0
		watched += c2 - c1
	}
	cancel()
	<-stopped
	close(frames)
	<-done
	for _, tr := range model.tracks {
		if tr.Proc.ID != 0 {
			threads++
		}
	}
	total := time.Duration(rounds) * period
	t.Logf("refresh alone: %v CPU in %v; refresh and watch: %v", base, total, watched)
	return float64(watched-base) / float64(total) * 100, threads
}
