package demos

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// drainWait is how long the launcher keeps reading a demo's output after the demo was reaped;
// only a descendant that inherited the stream can hold it open that long.
const drainWait = 2 * time.Second

// readEvents turns the demo's output into events. A line that does not decode, or is too long,
// becomes an "error" event saying so, and reading goes on.
func (r *Running) readEvents(out *os.File) {
	forEachEvent(out, func(e Event) {
		r.observe(e)
		r.push(e)
	}, func(_ []byte, err error) {
		msg := fmt.Sprintf("demo %s wrote a line that is not an event: %v", r.Name, err)
		if errors.Is(err, ErrLineTooLong) {
			msg = fmt.Sprintf("demo %s wrote a line longer than %d bytes; skipped", r.Name, MaxLineBytes)
		}
		r.push(Event{"event": "error", "source": "launcher", "message": msg})
	})
}

// observe keeps the last state of each tab, and gives back a tab's share of the budget when
// the demo reports it closed.
func (r *Running) observe(e Event) {
	if e.Kind() != "tab" {
		return
	}
	n, ok := e.Int("tab")
	if !ok {
		return
	}
	pid, _ := e.Int("pid")
	tid, _ := e.Int("tid")
	state := e.String("state")
	r.mu.Lock()
	defer r.mu.Unlock()
	was, known := r.seen[n]
	r.seen[n] = tabSeen{pid: pid, tid: tid, state: state}
	if state == "closed" && (!known || was.state != "closed") && r.tabs > 0 && r.fp.perTab > 0 {
		r.tabs--
		r.held -= r.fp.perTab
		r.l.release(r.fp.perTab)
	}
}

// wait reaps the demo, lets its output drain, reports how it ended, and frees its budget.
func (r *Running) wait(out, errs *os.File, outDone, errDone <-chan struct{}, tail *stderrTail) {
	r.killLeftovers()
	_ = r.cmd.Wait()
	r.closeInput()
	drained := time.After(drainWait) // one wait for both streams, not one each
	for _, s := range []struct {
		f    *os.File
		done <-chan struct{}
	}{{out, outDone}, {errs, errDone}} {
		select {
		case <-s.done:
		case <-drained:
		}
		_ = s.f.Close()
		<-s.done
	}

	state := r.cmd.ProcessState
	reason := exitReason(state)
	exited := Event{"event": "exited", "id": r.ID, "name": r.Name, "pid": r.PID, "reason": reason}
	ws, _ := state.Sys().(syscall.WaitStatus)
	if ws.Signaled() {
		exited["signal"] = unix.SignalName(ws.Signal())
	} else {
		exited["code"] = state.ExitCode()
	}
	if t := tail.String(); t != "" {
		exited["stderr"] = t
	}
	if !state.Success() {
		r.lostTabs(ws, reason)
	}
	r.push(exited)

	r.l.release(r.holdAll())
	r.l.forget(r)
	// Done, and so ExitReason, before the events close: a reader who has seen the last event
	// and the end of the stream must find the reason already set.
	r.reason = reason
	close(r.done)
	r.evMu.Lock()
	r.evClosed = true
	close(r.events)
	r.evMu.Unlock()
}

// killLeftovers waits for the demo to end, without reaping it, and then kills whatever is left
// of its process group: a demo killed from outside, or one that simply exited, must not leave
// children behind (they would hold its output open, and outlive it as orphans). While the demo
// is an unreaped zombie its PID, and so its group's ID, cannot go to another process, so the
// kill cannot reach a stranger.
func (r *Running) killLeftovers() {
	var info unix.Siginfo
	for {
		err := unix.Waitid(unix.P_PID, r.PID, &info, unix.WEXITED|unix.WNOWAIT, nil)
		if !errors.Is(err, unix.EINTR) {
			if err != nil {
				return // not our child to wait for (cannot happen): leave the group alone
			}
			break
		}
	}
	_ = syscall.Kill(-r.PID, syscall.SIGKILL)
}

// lostTabs reports every tab the demo still had open as crashed: the demo cannot say so itself
// once its process is gone. A tab in the demo's own process (threads model) died of the same
// signal; a tab in a child process was killed with its browser.
func (r *Running) lostTabs(ws syscall.WaitStatus, reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for n := 1; n <= maxTabNumber(r.seen); n++ {
		t, ok := r.seen[n]
		if !ok || t.state != "alive" {
			continue
		}
		why := reason
		if t.pid == r.PID && ws.Signaled() {
			why = unix.SignalName(ws.Signal())
		} else if t.pid != r.PID {
			why = "browser " + reason
		}
		r.seen[n] = tabSeen{pid: t.pid, tid: t.tid, state: "crashed"}
		r.push(Event{"event": "crashed", "tab": n, "pid": t.pid, "tid": t.tid, "reason": why, "source": "launcher"})
		r.push(Event{"event": "tab", "tab": n, "pid": t.pid, "tid": t.tid, "state": "crashed", "reason": why, "source": "launcher"})
	}
}

func maxTabNumber(m map[int]tabSeen) int {
	hi := 0
	for n := range m {
		hi = max(hi, n)
	}
	return hi
}

// ReasonExitedOK is the "reason" of the launcher's "exited" event when a demo ended by itself
// with status 0: the one ending that is not a failure.
const ReasonExitedOK = "exited 0"

// ExitedOK reports whether e is the launcher's "exited" event of a demo that ended without error.
func (e Event) ExitedOK() bool { return e.Kind() == "exited" && e.String("reason") == ReasonExitedOK }

// exitReason words a wait status the way the UI shows it.
func exitReason(ps *os.ProcessState) string {
	if ps == nil {
		return "not started"
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		s := "killed by " + unix.SignalName(ws.Signal())
		if ws.CoreDump() {
			s += " (core dumped)"
		}
		return s
	}
	if ps.ExitCode() == 0 {
		return ReasonExitedOK
	}
	return fmt.Sprintf("exit status %d", ps.ExitCode())
}

// stderrTailBytes is how much of a demo's standard error is kept, to explain an abnormal end.
const stderrTailBytes = 4096

// stderrTail keeps the last stderrTailBytes of a stream.
type stderrTail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *stderrTail) readFrom(r io.Reader) {
	chunk := make([]byte, 4096)
	for {
		n, err := r.Read(chunk)
		t.mu.Lock()
		t.buf = append(t.buf, chunk[:n]...)
		if len(t.buf) > stderrTailBytes {
			t.buf = append(t.buf[:0], t.buf[len(t.buf)-stderrTailBytes:]...)
		}
		t.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (t *stderrTail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
