package demos

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

// costJoinLimit bounds the wait for one thread to vanish; a thread that outlives it was not ended
// by the runtime and its sample is dropped.
const costJoinLimit = time.Second

// measureThreadCreate creates and joins n OS threads one after another and returns the time of
// each, from asking for the thread to its being gone, and how many different thread IDs ran.
//
// Go has no call that creates a thread, so each sample starts a goroutine that locks itself to
// its thread and ends while still locked: the runtime must then end that thread, so the next
// goroutine needs a fresh one (clone) from the kernel. Distinct thread IDs, reported beside the
// figure, show that this happened. The join waits until tgkill(tid, 0) says the thread no longer
// exists, which is what pthread_join waits for too. Only the process's first thread (tid == pid)
// is never ended, by Go's design; a sample that lands on it is dropped.
func measureThreadCreate(n int, stopped func() bool) (samples []time.Duration, distinct int, err error) {
	pid := unix.Getpid()
	seen := make(map[int]bool, n)
	for len(samples) < n && !stopped() {
		ready := make(chan int)
		start := time.Now()
		go func() {
			runtime.LockOSThread() // never unlocked: the thread ends with this goroutine
			ready <- unix.Gettid()
		}()
		tid := <-ready
		if tid == pid {
			continue
		}
		if !waitThreadGone(pid, tid, start.Add(costJoinLimit)) {
			continue
		}
		samples = append(samples, time.Since(start))
		seen[tid] = true
	}
	if len(samples) == 0 && !stopped() {
		return nil, 0, errors.New("no thread could be created and joined")
	}
	return samples, len(seen), nil
}

// waitThreadGone polls with signal 0, which checks that the thread exists and sends nothing. It
// spins: a thread's exit takes microseconds, less than a sleep would add to the figure.
func waitThreadGone(pid, tid int, deadline time.Time) bool {
	for i := 0; ; i++ {
		if err := unix.Tgkill(pid, tid, 0); errors.Is(err, unix.ESRCH) {
			return true
		}
		if i%1024 == 1023 && time.Now().After(deadline) {
			return false
		}
	}
}

// measureProcessCreate starts and reaps n processes one after another and returns the time of
// each, from fork to a reaped exit status. path "" runs this program as `demo cost-child`, a Go
// program that exits as soon as its runtime is up; another path runs that file without arguments.
func measureProcessCreate(n int, stopped func() bool, path string) ([]time.Duration, error) {
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			return nil, err
		}
	}
	samples := make([]time.Duration, 0, n)
	for len(samples) < n && !stopped() {
		var cmd *exec.Cmd
		if path == "" {
			var err error
			if cmd, err = SelfCommand("cost-child"); err != nil {
				return nil, err
			}
		} else {
			cmd = exec.Command(path)
		}
		start := time.Now()
		if err := StartChild(cmd); err != nil {
			return nil, fmt.Errorf("starting %s: %w", cmd.Path, err)
		}
		if err := cmd.Wait(); err != nil {
			return nil, fmt.Errorf("%s: %w", cmd.Path, err)
		}
		samples = append(samples, time.Since(start))
	}
	return samples, nil
}
