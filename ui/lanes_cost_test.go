package ui

import (
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
// Periods with only the refresh (a full Sample a second) alternate with periods with the
// refresh and the watch (its goroutine, and the lane model fed as the UI feeds it), and the
// difference in this process's CPU time is reported as a share of one core. Alternating short
// periods keeps other load on the shared machine from falling all on one side.
//
//	TASKSCOPE_BENCH=1 go test ./ui/ -run CoreLanesWatchCost -count=1 -v
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
	sampler, err := inspect.NewSampler("/proc")
	if err != nil {
		t.Fatal(err)
	}
	const rounds, period = 5, 2 * time.Second
	// refresh runs the normal 1 s refresh for one period.
	refresh := func() {
		end := time.Now().Add(period)
		for time.Now().Before(end) {
			if _, err := sampler.Sample(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(min(time.Second, time.Until(end)))
		}
	}
	model := newLaneModel()
	samples := make(chan *inspect.WatchSample, 64)
	done := make(chan struct{})
	go func() {
		for ws := range samples {
			model.addFine(ws)
		}
		close(done)
	}()
	lw := newLaneWatch("/proc", func(ws *inspect.WatchSample) { samples <- ws })
	defer lw.close()
	refresh() // warm up: first sample, caches
	var base, watched time.Duration
	for range rounds {
		c0 := processCPU(t)
		refresh()
		time.Sleep(2 * watchEvery) // as long as the watched period's wind-down
		c1 := processCPU(t)
		lw.watch(keys)
		refresh()
		lw.watch(nil)
		time.Sleep(2 * watchEvery) // let the goroutine see the empty set and stop
		c2 := processCPU(t)
		base += c1 - c0
		watched += c2 - c1
	}
	close(samples)
	<-done
	for _, tr := range model.tracks {
		if tr.proc.ID != 0 {
			threads++
		}
	}
	total := time.Duration(rounds) * period
	t.Logf("refresh alone: %v CPU in %v; refresh and watch: %v", base, total, watched)
	return float64(watched-base) / float64(total) * 100, threads
}
