package proctest

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Names the churn generator gives itself and its passing threads.
const (
	ChurnName   = "ts-churn"
	ChurnThread = "ts-churn-thread"
)

// Environment of the churn helper: target rates, per second.
const (
	envChurnProcs   = "TASKSCOPE_PROCTEST_CHURN_PROCS"
	envChurnThreads = "TASKSCOPE_PROCTEST_CHURN_THREADS"
)

// Bounds that keep a churn generator from swamping a shared machine when it falls behind: it
// catches up on a missed tick, but never holds more than this many children or threads at once.
const (
	churnMaxChildren = 128
	churnMaxThreads  = 128
	// churnMaxLife is the longest a churn child or thread lives; each lives a random time up to it,
	// so some are gone before a sample lists them and some vanish while it reads them.
	churnMaxLife = 40 * time.Millisecond
)

// ChurnStats is what a churn generator has done so far. Counts are cumulative.
type ChurnStats struct {
	PID int `json:"pid"`
	// Elapsed is how long the generator has run, in seconds.
	Elapsed float64 `json:"elapsed"`
	// Started and Ended count child processes started and reaped; Failed counts starts the
	// kernel refused (EAGAIN on a loaded machine), which are not errors of the generator.
	Started int64 `json:"started"`
	Ended   int64 `json:"ended"`
	Failed  int64 `json:"failed"`
	// Threads counts OS threads that were created, named ChurnThread, and ended.
	Threads int64 `json:"threads"`
	// Final is set on the last report, written after every child has been reaped.
	Final bool `json:"final,omitempty"`
}

// Churn is a running churn generator: a helper process that keeps starting short-lived child
// processes (each lives up to 40 ms) and threads that end on their own.
type Churn struct {
	PID   int
	cmd   *exec.Cmd
	stdin io.WriteCloser

	mu   sync.Mutex
	last ChurnStats
	done chan struct{}
}

// StartChurn starts a churn generator aiming at procs processes and threads threads per second.
// It returns once the generator runs. Stop ends it and returns its final counts.
func StartChurn(procs, threads int) (*Churn, error) {
	cmd, stdin, stdout, err := spawn("churn",
		envChurnProcs+"="+strconv.Itoa(procs), envChurnThreads+"="+strconv.Itoa(threads))
	if err != nil {
		return nil, err
	}
	c := &Churn{PID: cmd.Process.Pid, cmd: cmd, stdin: stdin, done: make(chan struct{})}
	first := make(chan struct{})
	go func() {
		defer close(c.done)
		sc := bufio.NewScanner(stdout)
		once := sync.OnceFunc(func() { close(first) })
		defer once()
		for sc.Scan() {
			var st ChurnStats
			if json.Unmarshal(sc.Bytes(), &st) == nil {
				c.mu.Lock()
				c.last = st
				c.mu.Unlock()
				once()
			}
		}
	}()
	select {
	case <-first:
	case <-time.After(60 * time.Second):
	}
	if c.Stats().PID == 0 {
		c.kill()
		return nil, errors.New("proctest: churn generator did not report")
	}
	return c, nil
}

// Stats returns the generator's latest report (it reports every second).
func (c *Churn) Stats() ChurnStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// Stop asks the generator to stop, waits until it has reaped its children, and returns its
// final counts. A generator that does not finish within 10 s is killed and reported as an error.
func (c *Churn) Stop() (ChurnStats, error) {
	c.stdin.Close()
	select {
	case <-c.done:
	case <-time.After(10 * time.Second):
		c.kill()
		return c.Stats(), errors.New("proctest: churn generator did not stop within 10s")
	}
	err := c.cmd.Wait()
	st := c.Stats()
	if err == nil && !st.Final {
		err = errors.New("proctest: churn generator ended without its final report")
	}
	return st, err
}

func (c *Churn) kill() {
	c.cmd.Process.Kill()
	c.cmd.Wait()
}

// runChurn is the generator: it starts processes and threads at the rates asked for until its
// standard input closes, reporting its counts every second on standard output.
func runChurn() error {
	procs, _ := strconv.Atoi(os.Getenv(envChurnProcs))
	threads, _ := strconv.Atoi(os.Getenv(envChurnThreads))
	if procs < 0 || procs > 5000 || threads < 0 || threads > 5000 {
		return fmt.Errorf("churn rates %d/s and %d/s out of range", procs, threads)
	}
	if err := setName(ChurnName); err != nil {
		return err
	}
	// A child is /bin/sleep, or whatever sleep is on PATH: a real program, exec'd and reaped.
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		return err
	}
	g := &churnGen{sleep: sleep, start: time.Now(), slots: make(chan struct{}, churnMaxChildren),
		threadSlots: make(chan struct{}, churnMaxThreads)}
	stop := make(chan struct{})
	go func() { io.Copy(io.Discard, os.Stdin); close(stop) }()

	if err := g.report(false); err != nil {
		return err
	}
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	second := time.NewTicker(time.Second)
	defer second.Stop()
	var wantProcs, wantThreads float64
	last := time.Now()
	for {
		select {
		case <-stop:
			g.wg.Wait()
			return g.report(true)
		case <-second.C:
			if err := g.report(false); err != nil {
				return err
			}
		case now := <-tick.C:
			// Work out what is owed since the last tick, so a late tick catches up.
			dt := now.Sub(last).Seconds()
			last = now
			wantProcs += dt * float64(procs)
			wantThreads += dt * float64(threads)
			for ; wantProcs >= 1; wantProcs-- {
				if !g.spawn() {
					wantProcs = 0
				}
			}
			for ; wantThreads >= 1; wantThreads-- {
				if !g.thread() {
					wantThreads = 0
				}
			}
		}
	}
}

// churnGen holds the generator's counters and bounds.
type churnGen struct {
	sleep                  string
	start                  time.Time
	started, ended, failed atomic.Int64
	threads                atomic.Int64
	slots, threadSlots     chan struct{}
	wg                     sync.WaitGroup
}

// spawn starts one child that sleeps a random while, and reaps it on a goroutine of its own. It
// returns false when churnMaxChildren are already alive.
func (g *churnGen) spawn() bool {
	select {
	case g.slots <- struct{}{}:
	default:
		return false
	}
	life := rand.N(churnMaxLife)
	cmd := exec.Command(g.sleep, strconv.FormatFloat(life.Seconds(), 'f', 3, 64))
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		<-g.slots
		g.failed.Add(1)
		return true
	}
	g.started.Add(1)
	g.wg.Go(func() {
		cmd.Wait()
		g.ended.Add(1)
		<-g.slots
	})
	return true
}

// thread starts one goroutine on an OS thread of its own that names the thread, lives a random
// while and returns still locked, which makes the Go runtime end the thread. It returns false
// when churnMaxThreads are already alive.
func (g *churnGen) thread() bool {
	select {
	case g.threadSlots <- struct{}{}:
	default:
		return false
	}
	g.wg.Go(func() {
		defer func() { <-g.threadSlots }()
		runtime.LockOSThread() // never unlocked: the thread ends with this goroutine
		setName(ChurnThread)
		time.Sleep(rand.N(churnMaxLife))
		g.threads.Add(1)
	})
	return true
}

// report writes the counts so far as one JSON line.
func (g *churnGen) report(final bool) error {
	b, err := json.Marshal(ChurnStats{PID: os.Getpid(), Elapsed: time.Since(g.start).Seconds(),
		Started: g.started.Load(), Ended: g.ended.Load(), Failed: g.failed.Load(),
		Threads: g.threads.Load(), Final: final})
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(append(b, '\n'))
	return err
}
