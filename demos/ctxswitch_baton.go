package demos

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// baton is one hand-off channel between the driver and a partner, as the driver sees it.
type baton interface {
	// pass gives the partner its turn and waits until the partner gives it back.
	pass() error
	// stop ends the partner and releases what the baton holds.
	stop()
}

// The futex baton's word says whose turn it is.
const (
	turnDriver  = 0
	turnPartner = 1
	turnStop    = 2
)

// ctxPartnerWait bounds one sleep of the driver, so that a partner that died is noticed.
const ctxPartnerWait = int64(100 * time.Millisecond)

// futexBaton hands the turn over through one word of a shared page. The word lives in a memfd
// page for the thread pair too, although two threads could use any variable: the kernel then
// looks both kinds of waiter up the same way, and only the switch itself differs.
type futexBaton struct {
	word *atomic.Uint32
	gone *atomic.Bool // the partner has ended
	end  func()       // waits for the partner and frees the page
}

func (b *futexBaton) pass() error {
	b.word.Store(turnPartner)
	futexWake(b.word, 1)
	for b.word.Load() == turnPartner {
		if b.gone.Load() {
			return errPartnerGone
		}
		futexWait(b.word, turnPartner, ctxPartnerWait)
	}
	return nil
}

func (b *futexBaton) stop() {
	b.word.Store(turnStop)
	futexWake(b.word, 1)
	b.end()
}

// serveFutex is the partner's side: wait for the turn, give it straight back, until told to stop.
func serveFutex(word *atomic.Uint32) {
	for {
		switch word.Load() {
		case turnStop:
			return
		case turnPartner:
			word.Store(turnDriver)
			futexWake(word, 1)
		default:
			futexWait(word, turnDriver, 0)
		}
	}
}

// pipeBaton hands the turn over as one byte down a pipe and one byte back up another.
type pipeBaton struct {
	w, r int
	end  func()
	buf  [1]byte
}

func (b *pipeBaton) pass() error {
	if _, err := writeFull(b.w, b.buf[:]); err != nil {
		return fmt.Errorf("%w: %w", errPartnerGone, err)
	}
	if err := readOne(b.r, b.buf[:]); errors.Is(err, io.EOF) {
		return errPartnerGone
	} else if err != nil {
		return err
	}
	return nil
}

func (b *pipeBaton) stop() {
	unix.Close(b.w) // the partner reads the end of input and finishes
	b.end()
	unix.Close(b.r)
}

// servePipe is the partner's side of the pipe: echo each byte until the input ends.
func servePipe(r, w int) {
	buf := []byte{0}
	for readOne(r, buf) == nil {
		if _, err := writeFull(w, buf); err != nil {
			return
		}
	}
}

// pipePair makes the two pipes of a pipe baton: the driver writes down and reads up.
func pipePair() (down, up [2]int, err error) {
	if err = unix.Pipe2(down[:], unix.O_CLOEXEC); err != nil {
		return down, up, fmt.Errorf("pipe: %w", err)
	}
	if err = unix.Pipe2(up[:], unix.O_CLOEXEC); err != nil {
		unix.Close(down[0])
		unix.Close(down[1])
		return down, up, fmt.Errorf("pipe: %w", err)
	}
	return down, up, nil
}

// startThreadPartner starts the partner as a second named thread of this process, pinned to core.
func startThreadPartner(via string, core int) (*ctxKind, error) {
	k := &ctxKind{name: "thread", pid: os.Getpid()}
	var serve func()
	switch via {
	case "futex":
		page, err := newSharedPage("ctxswitch-threads")
		if err != nil {
			return nil, err
		}
		word := page.word32(0)
		gone := new(atomic.Bool)
		finished := make(chan struct{})
		k.baton = &futexBaton{word: word, gone: gone, end: func() { <-finished; page.close() }}
		serve = func() { defer close(finished); defer gone.Store(true); serveFutex(word) }
	default:
		down, up, err := pipePair()
		if err != nil {
			return nil, err
		}
		finished := make(chan struct{})
		serve = func() { defer close(finished); servePipe(down[0], up[1]) }
		k.baton = &pipeBaton{w: down[1], r: up[0], end: func() {
			<-finished
			unix.Close(down[0])
			unix.Close(up[1])
		}}
	}
	pinned := make(chan error, 1)
	k.tid = GoNamedThread("switch-partner", func() {
		if err := pinThisThread(core); err != nil {
			pinned <- err
			return
		}
		pinned <- nil
		serve()
	})
	if err := <-pinned; err != nil {
		return nil, err
	}
	return k, nil
}

// ctxPartnerStart bounds the wait for the partner process to say it is pinned and ready.
const ctxPartnerStart = 10 * time.Second

// startProcessPartner starts the partner as a child process, `demo ctxswitch-partner`, which pins
// its one serving thread to core and reports it. The channel goes over as descriptor 3 (the
// shared page) or 3 and 4 (its ends of the pipes).
func startProcessPartner(via string, core int) (*ctxKind, error) {
	cmd, err := SelfCommand("ctxswitch-partner", "--via", via, "--core", strconv.Itoa(core))
	if err != nil {
		return nil, err
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	gone := new(atomic.Bool)
	exited := make(chan struct{})
	end := func() {
		stdin.Close()
		select {
		case <-exited:
		case <-time.After(crunchChildGrace):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	k := &ctxKind{name: "process"}
	var theirs []*os.File
	var afterStart func()
	switch via {
	case "futex":
		page, err := newSharedPage("ctxswitch-procs")
		if err != nil {
			return nil, err
		}
		theirs = []*os.File{page.File}
		word := page.word32(0)
		k.baton = &futexBaton{word: word, gone: gone, end: func() { end(); page.close() }}
		afterStart = func() {}
	default:
		down, up, err := pipePair()
		if err != nil {
			return nil, err
		}
		theirs = []*os.File{os.NewFile(uintptr(down[0]), "ctxswitch-down"), os.NewFile(uintptr(up[1]), "ctxswitch-up")}
		k.baton = &pipeBaton{w: down[1], r: up[0], end: end}
		afterStart = func() {
			for _, f := range theirs {
				f.Close() // the child has its copies; ours would hide its end from the reads
			}
		}
	}
	cmd.ExtraFiles = theirs
	if err := StartChild(cmd); err != nil {
		afterStart()
		return nil, fmt.Errorf("starting the partner process: %w", err)
	}
	afterStart()

	hello := make(chan Event, 1)
	go func() {
		forEachEvent(stdout, func(ev Event) {
			if ev.Kind() == "partner" || ev.Kind() == "error" {
				select {
				case hello <- ev:
				default:
				}
			}
		}, nil)
		_ = cmd.Wait()
		gone.Store(true)
		close(exited)
	}()
	select {
	case ev := <-hello:
		if ev.Kind() == "error" {
			k.baton.stop()
			return nil, fmt.Errorf("partner process: %s", ev.String("message"))
		}
		k.pid, _ = ev.Int("pid")
		k.tid, _ = ev.Int("tid")
		return k, nil
	case <-exited:
		return nil, fmt.Errorf("the partner process ended before it was ready: %s", exitReason(cmd.ProcessState))
	case <-time.After(ctxPartnerStart):
		k.baton.stop()
		return nil, fmt.Errorf("the partner process was not ready within %v", ctxPartnerStart)
	}
}

// runCtxPartner is the child side of the process pair: one thread named switch-partner, pinned to
// --core, serving the hand-off on descriptor 3 (and 4) until told to stop or its input closes.
func runCtxPartner(s *Session, args []string) error {
	fs := flag.NewFlagSet("ctxswitch-partner", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	via := fs.String("via", "futex", "futex or pipe")
	core := fs.Int("core", 0, "core to pin to")
	if err := fs.Parse(args); err != nil {
		return Usagef("ctxswitch-partner: %v", err)
	}
	var serve func()
	switch *via {
	case "futex":
		page, err := mapSharedPage(3)
		if err != nil {
			return err
		}
		defer page.close()
		word := page.word32(0)
		serve = func() { serveFutex(word) }
	case "pipe":
		serve = func() { servePipe(3, 4) }
	default:
		return Usagef("via must be futex or pipe, not %q", *via)
	}
	quit := watchQuit(s, "ctxswitch-partner")
	pinned := make(chan error, 1)
	done := make(chan struct{})
	tid := GoNamedThread("switch-partner", func() {
		defer close(done)
		if err := pinThisThread(*core); err != nil {
			pinned <- err
			return
		}
		pinned <- nil
		serve()
	})
	if err := <-pinned; err != nil {
		return err
	}
	s.Emit(Event{"event": "partner", "pid": os.Getpid(), "tid": tid, "core": *core})
	select {
	case <-done:
	case <-quit:
	}
	return nil
}
