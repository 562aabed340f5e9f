package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"
)

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
