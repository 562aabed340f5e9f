package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

// Hooks for measuring the window from outside, off unless asked for by the environment.
//
// TASKSCOPE_LOG_FIRST_FRAME=1 writes one line to stderr when the first table of rows is
// applied, "first frame <ms>", counted from when this package was initialised; the speed
// benchmark (cmd/taskscope/guibench_test.go) times the line's arrival from outside, which
// includes exec and dynamic linking.
//
// TASKSCOPE_CPUPROFILE=FILE writes a CPU profile of the whole run to FILE, for `go tool pprof`,
// when the window closes (SIGTERM closes it the same way).
var (
	firstFrameWanted = os.Getenv("TASKSCOPE_LOG_FIRST_FRAME") == "1"
	firstFrameOnce   sync.Once
	packageStart     = time.Now()
)

// noteFirstFrame writes the first-frame line the first time it is called, when asked to.
func noteFirstFrame() {
	if firstFrameWanted {
		firstFrameOnce.Do(func() {
			fmt.Fprintf(os.Stderr, "first frame %d\n", time.Since(packageStart).Milliseconds())
		})
	}
}

// startCPUProfile starts the CPU profile when asked to, and returns what stops and writes it.
func startCPUProfile() (stop func()) {
	path := os.Getenv("TASKSCOPE_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "taskscope: cpu profile:", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// debugStatsEnv names the variable that makes the app report its goroutine count on standard
// error at the given interval ("1m"). The soak test reads these lines: a leak of goroutines is
// invisible from outside the process, unlike its RSS.
const debugStatsEnv = "TASKSCOPE_DEBUG_STATS"

// reportStats prints "taskscope-stats goroutines=N" to w every interval until ctx ends.
func reportStats(ctx context.Context, w io.Writer, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			fmt.Fprintf(w, "taskscope-stats goroutines=%d\n", runtime.NumGoroutine())
		case <-ctx.Done():
			return
		}
	}
}

// startDebugStats starts reportStats when debugStatsEnv holds a valid positive duration.
func startDebugStats(ctx context.Context) {
	d, err := time.ParseDuration(os.Getenv(debugStatsEnv))
	if err != nil || d <= 0 {
		return
	}
	go reportStats(ctx, os.Stderr, d)
}
