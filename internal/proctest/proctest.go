// Package proctest starts real workloads for tests and benchmarks of the sampler, the tracer
// and the packages above them: helper
// processes, re-executed from the running test binary, with many sleeping OS threads or with
// named threads pinned to known cores. A test binary that uses it must call Main first thing in
// its TestMain, so that a re-executed copy runs the helper instead of the tests.
package proctest

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"
	"time"
)

// Environment variables that tell a re-executed test binary which helper to run.
const (
	envMode    = "TASKSCOPE_PROCTEST_MODE"
	envThreads = "TASKSCOPE_PROCTEST_THREADS"
)

// Names the workload gives its threads and processes. BusyThread spins on core 0; SleepThread,
// fifteen bytes long (the most a thread name may hold), sleeps on core 1.
const (
	WorkloadName = "ts-workload"
	BusyThread   = "ts-busy"
	SleepThread  = "ts-sleep-core-1"
	ChildName    = "ts-child"
)

func init() {
	// The main goroutine keeps the main thread, in helpers and in tests alike. A helper names
	// its process by renaming that thread; a test that ends a locked goroutine expects its
	// thread to end too, which Go cannot do for the main thread (it parks it, still named).
	runtime.LockOSThread()
}

// Main runs the helper named in the environment and exits, or returns at once in a normal test
// run. Call it at the top of TestMain.
func Main() {
	mode := os.Getenv(envMode)
	if mode == "" {
		return
	}
	var err error
	switch mode {
	case "sleepers":
		n, _ := strconv.Atoi(os.Getenv(envThreads))
		err = runSleepers(n)
	case "workload":
		err = runWorkload()
	case "child":
		err = runChild()
	case "churn":
		err = runChurn()
	default:
		run := modes[mode]
		if run == nil {
			err = fmt.Errorf("unknown helper mode %q", mode)
		} else {
			err = run()
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "proctest helper:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// modes holds the helper modes tests add with HandleMode.
var modes = map[string]func() error{}

// HandleMode adds a helper mode of a test package's own: Main runs run in a copy of the test
// binary started with HelperEnv(mode) in its environment. Call it from an init function, so the
// mode is known before TestMain runs Main.
func HandleMode(mode string, run func() error) {
	modes[mode] = run
}

// HelperEnv is the environment entry that makes a re-executed test binary run the helper mode.
func HelperEnv(mode string) string { return envMode + "=" + mode }

// Ready is what a helper reports, as one JSON line on stdout, once its threads are in place.
type Ready struct {
	PID int `json:"pid"`
	// Threads maps thread names to TIDs (the workload's named threads).
	Threads map[string]int `json:"threads,omitempty"`
	// Child is the PID of the workload's child process.
	Child int `json:"child,omitempty"`
	// ThreadCount is how many tasks the helper has (sleepers).
	ThreadCount int `json:"thread_count,omitempty"`
}

// Helper is a running helper process. Stop ends it.
type Helper struct {
	Ready
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// StartSleepers starts a helper process with n extra OS threads, all asleep, and returns when
// they exist.
func StartSleepers(n int) (*Helper, error) {
	return Start("sleepers", envThreads+"="+strconv.Itoa(n))
}

// StartWorkload starts a helper process named WorkloadName with a thread BusyThread spinning on
// core 0, a thread SleepThread asleep on core 1 (core 0 on a one-core machine), and a child
// process named ChildName; it returns when all are in place.
func StartWorkload() (*Helper, error) {
	return Start("workload")
}

// spawn re-executes the test binary as helper mode with the extra environment, its standard
// input and output piped to the caller. The helper must not outlive a test binary that crashed,
// so the kernel kills it when its parent dies.
func spawn(mode string, env ...string) (cmd *exec.Cmd, stdin io.WriteCloser, stdout io.ReadCloser, err error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("proctest: %w", err)
	}
	cmd = exec.Command(exe)
	cmd.Env = append(append(os.Environ(), envMode+"="+mode), env...)
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if stdin, err = cmd.StdinPipe(); err != nil {
		return nil, nil, nil, fmt.Errorf("proctest: %w", err)
	}
	if stdout, err = cmd.StdoutPipe(); err != nil {
		return nil, nil, nil, fmt.Errorf("proctest: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, nil, fmt.Errorf("proctest: start %s: %w", mode, err)
	}
	return cmd, stdin, stdout, nil
}

// Start re-executes the test binary as the helper mode (one of this package's, or one a test
// package added with HandleMode) with the extra environment, and waits up to a minute for the
// Ready line the helper prints on stdout once its threads are in place.
func Start(mode string, env ...string) (*Helper, error) {
	cmd, stdin, stdout, err := spawn(mode, env...)
	if err != nil {
		return nil, err
	}
	h := &Helper{cmd: cmd, stdin: stdin}
	line := make(chan error, 1)
	go func() {
		r := bufio.NewReader(stdout)
		b, err := r.ReadBytes('\n')
		if err == nil {
			err = json.Unmarshal(b, &h.Ready)
		}
		line <- err
		io.Copy(io.Discard, r)
	}()
	select {
	case err = <-line:
	case <-time.After(60 * time.Second):
		err = errors.New("no ready line within 60s")
	}
	if err != nil {
		h.Stop()
		return nil, fmt.Errorf("proctest: %s helper: %w", mode, err)
	}
	return h, nil
}

// Stop ends the helper (closing its stdin, then killing it if it lingers) and waits for it.
func (h *Helper) Stop() error {
	h.stdin.Close()
	done := make(chan error, 1)
	go func() { done <- h.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		h.cmd.Process.Kill()
		return <-done
	}
}

// RunTime returns how long thread tid of process pid has run on a CPU, from the first field of
// its schedstat file (nanoseconds, kept by the scheduler independently of stat's tick counts).
// Tests use it to check the sampler's CPU percentages against the kernel on a shared machine,
// where a busy thread cannot be promised a whole core.
func RunTime(pid, tid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/schedstat", pid, tid))
	if err != nil {
		return 0, fmt.Errorf("proctest: %w", err)
	}
	var ns int64
	if _, err := fmt.Sscan(string(b), &ns); err != nil {
		return 0, fmt.Errorf("proctest: schedstat of %d: %w", tid, err)
	}
	return time.Duration(ns), nil
}

// BusyShare measures, as a percentage of one core, how much thread tid of pid runs while f runs.
func BusyShare(pid, tid int, f func()) (float64, error) {
	r0, err := RunTime(pid, tid)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	f()
	wall := time.Since(start)
	r1, err := RunTime(pid, tid)
	if err != nil {
		return 0, err
	}
	return float64(r1-r0) / float64(wall) * 100, nil
}
