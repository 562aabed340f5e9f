package demos

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// pyScripts are the Python halves of the python and forkcow demos, shipped inside the binary so
// that the demos need nothing but a python3 on the machine.
//
//go:embed python/*.py
var pyScripts embed.FS

// pyStderrTail is how much of a Python's standard error is kept for a report of its failure.
const pyStderrTail = 2048

// pyExitWait bounds how long a Python that has exited may keep its output pipes open through
// a stray child before they are closed on it.
const pyExitWait = time.Second

// pyProc is one run of an embedded script by a python3, in a process group of its own so that the
// script and every worker process it forks can be killed together.
type pyProc struct {
	path   string // the python3 that runs the script
	cmd    *exec.Cmd
	dir    string         // temporary directory holding the script
	stdin  io.WriteCloser // orders to the script; nil when it takes none
	events chan Event     // what the script prints; closed when its output ends
	stderr *tailBuffer

	mu       sync.Mutex
	groupEnd bool          // the group has been killed after its leader exited: kill does nothing
	exited   chan struct{} // closed once the process is reaped and its directory removed
	exitErr  error         // how the process ended, valid once exited is closed
}

// startPython writes the embedded script to a temporary directory and runs it with python, in
// isolated mode (-I: no user site-packages, no PYTHON* variables) and unbuffered (-u). The child
// gets the kernel's parent-death signal and a process group of its own (StartChild).
func startPython(python, script string, withStdin bool, args ...string) (*pyProc, error) {
	src, err := pyScripts.ReadFile("python/" + script)
	if err != nil {
		return nil, fmt.Errorf("embedded script %s: %w", script, err)
	}
	dir, err := os.MkdirTemp("", "taskscope-py-")
	if err != nil {
		return nil, fmt.Errorf("directory for %s: %w", script, err)
	}
	file := filepath.Join(dir, script)
	if err := os.WriteFile(file, src, 0o600); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("writing %s: %w", script, err)
	}
	p := &pyProc{
		path: python, dir: dir, stderr: &tailBuffer{max: pyStderrTail},
		events: make(chan Event, 256), exited: make(chan struct{}),
	}
	p.cmd = exec.Command(python, append([]string{"-I", "-u", file}, args...)...)
	p.cmd.Stderr = p.stderr
	p.cmd.WaitDelay = pyExitWait
	if withStdin {
		if p.stdin, err = p.cmd.StdinPipe(); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := StartChild(p.cmd); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("starting %s: %w", python, err)
	}
	read := make(chan struct{})
	go func() {
		defer close(read)
		p.readEvents(out)
	}()
	go p.reap(read)
	return p, nil
}

// readEvents passes each event line of the script on; other output goes to the stderr tail, where
// a report of a failure will show it.
func (p *pyProc) readEvents(out io.Reader) {
	defer close(p.events)
	forEachEvent(out, func(ev Event) { p.events <- ev }, func(line []byte, err error) {
		if errors.Is(err, ErrLineTooLong) {
			fmt.Fprintf(p.stderr, "(an output line over %d bytes)\n", MaxLineBytes)
			return
		}
		fmt.Fprintf(p.stderr, "%s\n", truncate(line, 200))
	})
}

// reap waits for the script to exit without collecting it, so that its process ID, which is also
// its group's ID, cannot be reused yet; kills whatever is left in its group (a worker the script
// did not wait for); then collects it, once the output has been read to its end.
func (p *pyProc) reap(read <-chan struct{}) {
	pid := p.cmd.Process.Pid
	var waitErr error
	for {
		var info unix.Siginfo
		waitErr = unix.Waitid(unix.P_PID, pid, &info, unix.WEXITED|unix.WNOWAIT, nil)
		if !errors.Is(waitErr, unix.EINTR) {
			break
		}
	}
	p.mu.Lock()
	if waitErr == nil {
		// Only while the script is an unreaped zombie is its group's ID sure to be its own.
		_ = unix.Kill(-pid, unix.SIGKILL)
	}
	p.groupEnd = true
	p.mu.Unlock()
	select {
	case <-read:
	case <-time.After(pyExitWait):
	}
	p.exitErr = p.cmd.Wait()
	os.RemoveAll(p.dir)
	close(p.exited)
}

// kill ends the script and every process of its group at once, and waits until it is reaped.
func (p *pyProc) kill() {
	p.mu.Lock()
	if !p.groupEnd {
		_ = unix.Kill(-p.cmd.Process.Pid, unix.SIGKILL)
	}
	p.mu.Unlock()
	<-p.exited
	// Nobody reads the events after a kill; draining them lets the reader reach the end.
	go func() {
		for range p.events {
		}
	}()
}

// pid is the script's process ID.
func (p *pyProc) pid() int { return p.cmd.Process.Pid }

// failure describes how the script ended when it should have reported more: its exit status and
// the last lines of its error output.
func (p *pyProc) failure() error {
	<-p.exited
	msg := "ended early"
	if p.exitErr != nil {
		msg = p.exitErr.Error()
	}
	if tail := p.stderr.lastLines(3); tail != "" {
		msg += ": " + tail
	}
	return fmt.Errorf("%s %w: %s", p.path, errPythonFailed, msg)
}

// errPythonFailed reports a Python that exited or printed nothing usable before it was done.
var errPythonFailed = errors.New("failed")

// errPythonTimeout reports a Python killed because it ran past the demo's --timeout.
var errPythonTimeout = errors.New("did not finish in time and was killed with its worker processes")

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

// Write keeps p's end within the limit; it never fails.
func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

// lastLines returns up to n last non-empty lines, joined with " | ".
func (t *tailBuffer) lastLines(n int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var lines []string
	for _, l := range strings.Split(string(t.buf), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}
