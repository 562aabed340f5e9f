package demos

import (
	"flag"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// crunchChildGrace is how long a worker process gets to stop after its input closes before it
// is killed.
const crunchChildGrace = 3 * time.Second

// startCrunchChildren starts one child process per worker, `demo crunch-worker`, each with its own
// memory and its own lock-free loop. A child reports its running total on its standard output in
// "count" events; a reader per child stores the latest total in counts. A child that ends before
// stop is called is reported on failed. The returned function stops and reaps every child.
func startCrunchChildren(s *Session, cfg crunchConfig, counts []atomic.Int64, failed chan<- error) (stop func(), err error) {
	var stopping atomic.Bool
	var inputs []io.Closer
	var cmds []*exec.Cmd
	var readers sync.WaitGroup
	stop = func() {
		stopping.Store(true)
		for _, in := range inputs {
			in.Close() // the child sees its input end and stops
		}
		done := make(chan struct{})
		go func() { readers.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(crunchChildGrace):
			for _, c := range cmds {
				_ = c.Process.Kill()
			}
			<-done
		}
	}
	for k := range cfg.workers {
		cmd, err := SelfCommand("crunch-worker", "--kind", cfg.kind, "--index", strconv.Itoa(k))
		if err != nil {
			stop()
			return nil, err
		}
		in, err := cmd.StdinPipe()
		if err != nil {
			stop()
			return nil, err
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			in.Close()
			stop()
			return nil, err
		}
		if err := StartChild(cmd); err != nil {
			in.Close()
			stop()
			return nil, fmt.Errorf("starting worker %d: %w", k, err)
		}
		inputs = append(inputs, in)
		cmds = append(cmds, cmd)
		readers.Add(1)
		go func() {
			defer readers.Done()
			readCrunchChild(s, k, out, &counts[k])
			err := cmd.Wait()
			if !stopping.Load() {
				select {
				case failed <- fmt.Errorf("worker process %d ended early: %v", k, err):
				default:
				}
			}
		}()
	}
	return stop, nil
}

// readCrunchChild follows one child's events until its output ends: counts become the worker's
// total, the worker's pid and tid are passed on, and its errors are passed on too.
func readCrunchChild(s *Session, k int, out io.Reader, units *atomic.Int64) {
	forEachEvent(out, func(ev Event) {
		switch ev.Kind() {
		case "count":
			if n, ok := ev.Int("units"); ok {
				units.Store(int64(n))
			}
		case "worker", "error":
			ev["worker"] = k
			s.Emit(ev)
		}
	}, nil)
}

// runCrunchWorker is the child side of the processes model: one named worker thread, and its
// running total reported ten times a second until the parent closes the child's input.
func runCrunchWorker(s *Session, args []string) error {
	fs := flag.NewFlagSet("crunch-worker", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	kind := fs.String("kind", "cpu", "cpu or io")
	index := fs.Int("index", 0, "worker number")
	if err := fs.Parse(args); err != nil {
		return Usagef("crunch-worker: %v", err)
	}
	if *kind != "cpu" && *kind != "io" {
		return Usagef("kind must be cpu or io, not %q", *kind)
	}
	if *index < 0 || *index >= CrunchMaxWorkers {
		return Usagef("index must be between 0 and %d", CrunchMaxWorkers-1)
	}
	quit := watchQuit(s, "crunch-worker")
	var units atomic.Int64
	var halt atomic.Bool
	done := make(chan struct{})
	w := crunchWorker{kind: *kind, index: *index, units: &units, stop: &halt}
	tid := GoNamedThread(crunchThreadName(*index), func() {
		defer close(done)
		w.run()
	})
	s.Emit(Event{"event": "worker", "pid": unix.Getpid(), "tid": tid})
	report := func() { s.Emit(Event{"event": "count", "units": units.Load()}) }
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			report()
		case <-quit:
			halt.Store(true)
			<-done
			report()
			return nil
		}
	}
}
