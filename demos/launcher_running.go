package demos

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sync"
	"syscall"
	"time"
)

// eventBuffer is how many events a Running keeps for a reader that has fallen behind.
const eventBuffer = 1024

// ErrNotRunning reports a command for a demo that has ended or is being stopped.
var ErrNotRunning = errors.New("demo is not running")

// ErrBusy reports a command refused because the demo has not read the ones before it.
var ErrBusy = errors.New("demo is not reading its commands")

// Running is one demo started by a Launcher. Its exported fields are set once, at start.
type Running struct {
	ID      int
	Name    string
	Args    []string
	PID     int
	Started time.Time

	l   *Launcher
	fp  footprint
	cmd *exec.Cmd

	mu          sync.Mutex
	held        int64 // bytes of the launcher's budget this demo holds
	tabs        int   // tabs counted in held
	seen        map[int]tabSeen
	inputClosed bool
	cmds        chan []byte

	evMu     sync.Mutex
	events   chan Event
	evClosed bool
	dropped  int

	done   chan struct{}
	reason string
}

// tabSeen is the last "tab" event of one tab, kept to tell a UI which tabs an abnormal end took.
type tabSeen struct {
	pid, tid int
	state    string
}

func newRunning(l *Launcher, id int, name string, args []string, fp footprint) *Running {
	return &Running{ID: id, Name: name, Args: slices.Clone(args), l: l, fp: fp,
		held: fp.bytes(), tabs: fp.tabs, seen: map[int]tabSeen{},
		cmds: make(chan []byte, 64), events: make(chan Event, eventBuffer), done: make(chan struct{})}
}

// start runs the demo with a pipe on each standard stream. Plain *os.File ends mean exec does
// not copy in goroutines of its own, so Wait never blocks on a descendant holding a stream.
func (r *Running) start() error {
	cmd, err := SelfCommand(append([]string{r.Name}, r.Args...)...)
	if err != nil {
		return err
	}
	inR, inW, err := os.Pipe()
	if err != nil {
		return err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		closeAll(inR, inW)
		return err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		closeAll(inR, inW, outR, outW)
		return err
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, errW
	err = StartChild(cmd)
	closeAll(inR, outW, errW)
	if err != nil {
		closeAll(inW, outR, errR)
		return fmt.Errorf("starting demo %s: %w", r.Name, err)
	}
	r.cmd, r.PID, r.Started = cmd, cmd.Process.Pid, time.Now()
	outDone, errDone := make(chan struct{}), make(chan struct{})
	tail := &stderrTail{}
	go r.writeCommands(inW)
	go func() { defer close(outDone); r.readEvents(outR) }()
	go func() { defer close(errDone); tail.readFrom(errR) }()
	go r.wait(outR, errR, outDone, errDone, tail)
	return nil
}

func closeAll(fs ...*os.File) {
	for _, f := range fs {
		_ = f.Close()
	}
}

// Events delivers the demo's events, then the launcher's "exited" event, then closes, after Done
// has, so that ExitReason is set by then. When the reader falls eventBuffer events behind, the
// oldest are dropped, never the demo blocked; an event pushed past a drop carries "dropped", the
// number lost so far.
func (r *Running) Events() <-chan Event { return r.events }

// Done closes when the demo has ended and its last event is queued.
func (r *Running) Done() <-chan struct{} { return r.done }

// ExitReason says how the demo ended ("exited 0", "exit status 2", "killed by SIGSEGV"), or ""
// while it runs.
func (r *Running) ExitReason() string {
	select {
	case <-r.done:
		return r.reason
	default:
		return ""
	}
}

// Send queues one command for the demo and returns at once. An "add" that would take the demos
// over the budget, or a browser over MaxTabs, is refused here and also reported as an error event.
func (r *Running) Send(c Command) error {
	line, err := json.Marshal(c)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.inputClosed {
		return ErrNotRunning
	}
	var took int64
	if c.Cmd == "add" && r.fp.perTab > 0 {
		if r.tabs >= MaxTabs {
			err = fmt.Errorf("a browser has at most %d tabs", MaxTabs)
		} else {
			err = r.l.reserve(r.fp.perTab)
		}
		if err != nil {
			r.push(Event{"event": "error", "message": err.Error(), "source": "launcher"})
			return err
		}
		took = r.fp.perTab
		r.tabs++
		r.held += took
	}
	select {
	case r.cmds <- append(line, '\n'):
		return nil
	default:
		if took > 0 {
			r.tabs--
			r.held -= took
			r.l.release(took)
		}
		return ErrBusy
	}
}

// Stop closes the demo's input, which asks it to finish, waits up to two seconds, then kills its
// process group. It blocks until the demo has ended, so a UI calls it from a goroutine.
func (r *Running) Stop() error {
	r.closeInput()
	select {
	case <-r.done:
		return nil
	case <-time.After(stopWait):
	}
	// While any member of the group lives, its id cannot be handed to another process.
	_ = syscall.Kill(-r.PID, syscall.SIGKILL)
	select {
	case <-r.done:
		return nil
	case <-time.After(5 * time.Second):
		return fmt.Errorf("demo %s (pid %d) did not end after SIGKILL", r.Name, r.PID)
	}
}

func (r *Running) closeInput() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.inputClosed {
		r.inputClosed = true
		close(r.cmds)
	}
}

// holdAll hands back everything this demo holds of the budget, for the launcher to release.
func (r *Running) holdAll() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := r.held
	r.held, r.tabs = 0, 0
	return n
}

// writeCommands writes queued commands to the demo and closes its input when the queue closes.
// After a failed write the demo has gone; later commands are dropped until the queue closes.
func (r *Running) writeCommands(in *os.File) {
	defer in.Close()
	broken := false
	for line := range r.cmds {
		if !broken {
			_, err := in.Write(line)
			broken = err != nil
		}
	}
}

// push queues e, dropping the oldest queued event when the reader is eventBuffer behind.
func (r *Running) push(e Event) {
	r.evMu.Lock()
	defer r.evMu.Unlock()
	if r.evClosed {
		return
	}
	select {
	case r.events <- e:
		return
	default:
	}
	select {
	case <-r.events:
		r.dropped++
	default:
	}
	e["dropped"] = r.dropped
	r.events <- e
}
