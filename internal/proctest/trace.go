package proctest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Helper modes of the tracer's workloads, started by a tracer (not by Start): TraceWorkload
// gives the argv and environment to hand it.
const (
	// ModeTokens: two threads, TokenA and TokenB, pinned to one core, hand a token back and
	// forth through pipes; each holds it for TOKEN_HOLD_US microseconds (default 2000) of its
	// own CPU time, for TOKEN_SECONDS (default 2) seconds. Prints a TokenReport without Holds
	// once both threads are in place, and one with Holds at the end.
	ModeTokens = "trace-tokens"
	// ModeRhythm: one thread, RhythmThread, runs 5 ms then sleeps 5 ms, RHYTHM_CYCLES times
	// (default 100). Prints a RhythmReport.
	ModeRhythm = "trace-rhythm"
	// ModeFamily: starts FamilyThreads named threads that each work briefly and end, then
	// FamilyChildren child processes (this binary again, as ModeFamilyChild) named
	// FamilyChild1..., each of which starts one thread named FamilyChildThread and ends.
	// Prints a FamilyReport.
	ModeFamily      = "trace-family"
	modeFamilyChild = "trace-family-child"
)

// Names the workloads give their threads and processes.
const (
	TokenA            = "tok-a"
	TokenB            = "tok-b"
	RhythmThread      = "rhythm"
	FamilyThreads     = 3
	FamilyChildren    = 2
	FamilyChildThread = "fam-kid-worker"
)

// FamilyThreadName and FamilyChildName name the family workload's threads and children.
func FamilyThreadName(i int) string { return "fam-thread-" + strconv.Itoa(i) }

// FamilyChildName names child i of the family workload.
func FamilyChildName(i int) string { return "fam-child-" + strconv.Itoa(i) }

// TokenReport is what the tokens workload prints when it ends.
type TokenReport struct {
	PID  int `json:"pid"`
	Core int `json:"core"`
	// PinnedNS is when both threads were pinned (CLOCK_MONOTONIC): from then on they run
	// only on Core.
	PinnedNS int64          `json:"pinned_ns"`
	TIDs     map[string]int `json:"tids"`
	// Holds counts how many times each thread got the token.
	Holds map[string]int `json:"holds"`
}

// RhythmReport is what the rhythm workload prints.
type RhythmReport struct {
	PID    int `json:"pid"`
	TID    int `json:"tid"`
	Cycles int `json:"cycles"`
}

// FamilyReport is what the family workload prints: the TID of each named thread and the PID
// of each child, with the TID of the child's thread.
type FamilyReport struct {
	PID          int            `json:"pid"`
	Threads      map[string]int `json:"threads"`
	Children     map[string]int `json:"children"`
	ChildThreads map[string]int `json:"child_threads"`
}

func init() {
	HandleMode(ModeTokens, runTokens)
	HandleMode(ModeRhythm, runRhythm)
	HandleMode(ModeFamily, runFamily)
	HandleMode(modeFamilyChild, runFamilyChild)
}

// TraceWorkload returns the argv and environment that run workload mode in a copy of this
// binary, for a tracer to start; extra are more NAME=value settings.
func TraceWorkload(mode string, extra ...string) (argv, env []string, err error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, nil, fmt.Errorf("proctest: %w", err)
	}
	return []string{exe}, append(append(os.Environ(), HelperEnv(mode)), extra...), nil
}

// envInt reads a positive number from the environment, or returns def.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// threadCPU is the CPU time of the calling thread.
func threadCPU() time.Duration {
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts)
	return time.Duration(ts.Nano())
}

// spinCPU burns d of the calling thread's own CPU time: on a shared core, wall time would
// include the stretches another task ran.
func spinCPU(d time.Duration) {
	end := threadCPU() + d
	for threadCPU() < end {
	}
}

// pin names the calling thread (locked to its goroutine) and pins it to core.
func pin(name string, core int) error {
	if err := setName(name); err != nil {
		return err
	}
	if core < 0 {
		return nil
	}
	var set unix.CPUSet
	set.Set(core)
	return unix.SchedSetaffinity(0, &set)
}

// runTokens is ModeTokens.
func runTokens() error {
	holdUS := envInt("TOKEN_HOLD_US", 2000)
	seconds := envInt("TOKEN_SECONDS", 2)
	core := runtime.NumCPU() - 1
	// Each player blocks in raw read calls, which keep their P: with a P for each player and
	// one to spare, the runtime never parks a player's thread to hand its P over, so the only
	// times a player blocks are when it waits for the token.
	runtime.GOMAXPROCS(4)
	var ab, ba [2]int
	if err := unix.Pipe2(ab[:], unix.O_CLOEXEC); err != nil {
		return err
	}
	if err := unix.Pipe2(ba[:], unix.O_CLOEXEC); err != nil {
		return err
	}
	rep := TokenReport{PID: os.Getpid(), Core: core, TIDs: map[string]int{}, Holds: map[string]int{}}
	var mu sync.Mutex
	deadline := time.Now().Add(time.Duration(seconds) * time.Second)
	hold := time.Duration(holdUS) * time.Microsecond
	var wg, ready sync.WaitGroup
	start := make(chan struct{})
	player := func(name string, in, out int, first bool) {
		defer wg.Done()
		runtime.LockOSThread()
		err := pin(name, core)
		mu.Lock()
		rep.TIDs[name] = unix.Gettid()
		mu.Unlock()
		ready.Done()
		if err != nil {
			fmt.Fprintln(os.Stderr, "tokens:", err)
			return
		}
		<-start
		var b [1]byte
		holds := 0
		if first {
			b[0] = 1
		} else if !rawIO(unix.SYS_READ, in, b[:]) {
			return
		}
		for b[0] == 1 {
			holds++
			spinCPU(hold)
			if time.Now().After(deadline) {
				b[0] = 0 // tell the other to stop
			}
			rawIO(unix.SYS_WRITE, out, b[:])
			if b[0] == 0 {
				break
			}
			if !rawIO(unix.SYS_READ, in, b[:]) {
				break
			}
		}
		mu.Lock()
		rep.Holds[name] = holds
		mu.Unlock()
	}
	wg.Add(2)
	ready.Add(2)
	go player(TokenA, ba[0], ab[1], true)
	go player(TokenB, ab[0], ba[1], false)
	ready.Wait()
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	rep.PinnedNS = ts.Nano()
	mu.Lock()
	err := report2(rep)
	mu.Unlock()
	if err != nil {
		return err
	}
	deadline = time.Now().Add(time.Duration(seconds) * time.Second)
	close(start)
	wg.Wait()
	return report2(rep)
}

// rawIO reads or writes one byte with a raw system call (see runTokens), reporting success.
func rawIO(call uintptr, fd int, b []byte) bool {
	for {
		n, _, errno := unix.RawSyscall(call, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), 1)
		if errno == unix.EINTR {
			continue
		}
		return errno == 0 && n == 1
	}
}

// runRhythm is ModeRhythm.
func runRhythm() error {
	cycles := envInt("RHYTHM_CYCLES", 100)
	done := make(chan RhythmReport)
	go func() {
		runtime.LockOSThread()
		setName(RhythmThread)
		r := RhythmReport{PID: os.Getpid(), TID: unix.Gettid()}
		for range cycles {
			spinCPU(5 * time.Millisecond)
			time.Sleep(5 * time.Millisecond)
			r.Cycles++
		}
		done <- r
	}()
	return report2(<-done)
}

// runFamily is ModeFamily.
func runFamily() error {
	rep := FamilyReport{PID: os.Getpid(), Threads: map[string]int{}, Children: map[string]int{}, ChildThreads: map[string]int{}}
	for i := 1; i <= FamilyThreads; i++ {
		tid := make(chan int)
		go func() {
			// Locked and never unlocked: the thread ends when the goroutine does.
			runtime.LockOSThread()
			setName(FamilyThreadName(i))
			spinCPU(2 * time.Millisecond)
			tid <- unix.Gettid()
		}()
		rep.Threads[FamilyThreadName(i)] = <-tid
		time.Sleep(5 * time.Millisecond) // let it end before the next begins
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	for i := 1; i <= FamilyChildren; i++ {
		name := FamilyChildName(i)
		cmd := exec.Command(exe)
		cmd.Env = append(os.Environ(), envMode+"="+modeFamilyChild, "FAMILY_NAME="+name)
		cmd.Stderr = os.Stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("child %s: %w", name, err)
		}
		var kid struct{ PID, TID int }
		if err := json.Unmarshal(out, &kid); err != nil {
			return fmt.Errorf("child %s said %q: %w", name, out, err)
		}
		rep.Children[name] = kid.PID
		rep.ChildThreads[name] = kid.TID
	}
	return report2(rep)
}

// runFamilyChild names itself, starts one named thread that ends, and reports.
func runFamilyChild() error {
	if err := setName(os.Getenv("FAMILY_NAME")); err != nil {
		return err
	}
	tid := make(chan int)
	go func() {
		runtime.LockOSThread()
		setName(FamilyChildThread)
		spinCPU(time.Millisecond)
		tid <- unix.Gettid()
	}()
	t := <-tid
	time.Sleep(5 * time.Millisecond)
	return report2(struct{ PID, TID int }{os.Getpid(), t})
}

// report2 writes any value as one JSON line.
func report2(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(append(b, '\n'))
	return err
}

// ModePingPong: two threads bounce a byte through two pipes, PINGPONG_RATE round trips a
// second (0: as fast as they can), for PINGPONG_MS milliseconds (default 2000). A round trip
// is four context switches when the two share a core, and at least two blocks either way.
// Prints a PingPongReport.
const ModePingPong = "trace-pingpong"

// PingPongReport is what the ping-pong workload prints.
type PingPongReport struct {
	PID        int `json:"pid"`
	RoundTrips int `json:"round_trips"`
}

func init() { HandleMode(ModePingPong, runPingPong) }

// runPingPong is ModePingPong. The pacing thread does the round trips due each millisecond,
// then sleeps to the next, so the rate holds without a busy wait.
func runPingPong() error {
	rate := envInt("PINGPONG_RATE", 0)
	ms := envInt("PINGPONG_MS", 2000)
	runtime.GOMAXPROCS(4)
	var ab, ba [2]int
	if err := unix.Pipe2(ab[:], unix.O_CLOEXEC); err != nil {
		return err
	}
	if err := unix.Pipe2(ba[:], unix.O_CLOEXEC); err != nil {
		return err
	}
	go func() {
		runtime.LockOSThread()
		setName("pong")
		var b [1]byte
		for rawIO(unix.SYS_READ, ab[0], b[:]) && b[0] == 1 {
			rawIO(unix.SYS_WRITE, ba[1], b[:])
		}
	}()
	runtime.LockOSThread()
	setName("ping")
	var b [1]byte
	trips := 0
	start := time.Now()
	end := start.Add(time.Duration(ms) * time.Millisecond)
	for now := start; now.Before(end); now = time.Now() {
		due := trips + 1000
		if rate > 0 {
			due = int(float64(rate) * now.Sub(start).Seconds())
		}
		for trips < due {
			b[0] = 1
			rawIO(unix.SYS_WRITE, ab[1], b[:])
			rawIO(unix.SYS_READ, ba[0], b[:])
			trips++
		}
		if rate > 0 {
			time.Sleep(time.Millisecond)
		}
	}
	b[0] = 0
	rawIO(unix.SYS_WRITE, ab[1], b[:])
	return report2(PingPongReport{PID: os.Getpid(), RoundTrips: trips})
}
