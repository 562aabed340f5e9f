package trace

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/task"
	"github.com/taskscope/taskscope/trace/internal/perf"
)

// Program is a program for a Tracer to start.
type Program struct {
	Argv   []string // the command and its arguments; Argv[0] is looked up in PATH
	Dir    string   // working directory; "" is ours
	Env    []string // environment; nil is ours
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Group starts the program in a process group of its own (its PID is the group's ID), so
	// that KillGroup ends it with every process it started, however deep.
	Group bool
}

// program is a started program and what became of it.
type program struct {
	cmd  *exec.Cmd
	done chan struct{}
	err  error // from Wait, once done is closed
}

// path finds the executable of p.
func (p Program) path() (string, error) {
	if len(p.Argv) == 0 || p.Argv[0] == "" {
		return "", errors.New("trace: no program given")
	}
	name := p.Argv[0]
	if p.Dir != "" && filepath.Base(name) != name && !filepath.IsAbs(name) {
		name = filepath.Join(p.Dir, name)
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("trace: %w", err)
	}
	return filepath.Abs(path)
}

// command makes the Cmd for p running path, with the caller's standard files.
func (p Program) command(path string, args []string) *exec.Cmd {
	cmd := exec.Command(path)
	cmd.Args = args
	cmd.Dir = p.Dir
	cmd.Env = p.Env
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = p.Stdin, p.Stdout, p.Stderr
	// The program ends when Taskscope does, like the demos.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: p.Group}
	return cmd
}

// Start starts the program p and traces every thread and child process of it from its
// exec on, exactly, with perf context-switch events. It returns an error that matches
// ErrPerfRefused when the kernel refuses them (nothing is started then); the caller may then
// use SampleProgram.
func Start(p Program, opts Options) (*Tracer, error) {
	path, err := p.path()
	if err != nil {
		return nil, err
	}
	pages, err := opts.ringPages()
	if err != nil {
		return nil, err
	}
	cpus, err := task.OnlineCPUs()
	if err != nil {
		return nil, err
	}
	exe, err := gateExecutable()
	if err != nil {
		return nil, fmt.Errorf("trace: own executable for the gate: %w", err)
	}
	var fds [2]int
	if err := unix.Pipe2(fds[:], unix.O_CLOEXEC); err != nil {
		return nil, fmt.Errorf("trace: pipe: %w", err)
	}
	rd, wr := os.NewFile(uintptr(fds[0]), "gate-r"), os.NewFile(uintptr(fds[1]), "gate-w")
	defer wr.Close()
	readyR, readyW, err := os.Pipe()
	if err != nil {
		rd.Close()
		return nil, fmt.Errorf("trace: pipe: %w", err)
	}
	defer readyR.Close()
	cmd := p.command(exe, append([]string{"taskscope-trace-gate", path}, p.Argv...))
	cmd.Env = append(cmd.Env, gateEnv+"="+gateHandshake)
	cmd.ExtraFiles = []*os.File{rd, readyW}
	err = cmd.Start()
	rd.Close()
	readyW.Close()
	if err != nil {
		return nil, fmt.Errorf("trace: start %s: %w", p.Argv[0], err)
	}
	if err := awaitGate(readyR, exe); err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, err
	}
	t := &Tracer{}
	if err := t.openSwitchEvents(cmd.Process.Pid, cpus, pages, opts, true); err != nil {
		t.closeAll()
		cmd.Process.Kill()
		cmd.Wait()
		return nil, err
	}
	t.b = newTraceBuilder(SourcePerf, monoNow(), cpus[len(cpus)-1]+1)
	if err := t.startReader(); err != nil {
		t.closeAll()
		cmd.Process.Kill()
		cmd.Wait()
		return nil, err
	}
	t.prog = waitFor(cmd)
	if _, err := wr.Write([]byte{1}); err != nil {
		t.Stop()
		cmd.Process.Kill()
		return nil, fmt.Errorf("trace: release the program: %w", err)
	}
	return t, nil
}

// gateExecutable names the executable started as the gate: this one. A variable so a test can
// start one that is not a gate.
var gateExecutable = os.Executable

// ErrNoGate means the executable started as the gate never reached ExecIfGate: its main does
// not call it first thing.
var ErrNoGate = errors.New("trace: the executable did not act as the trace gate (its main must call trace.ExecIfGate first)")

// awaitGate waits for the gate's byte on ready: the gate is then blocked in ExecIfGate, on the
// task the events are to be opened on.
func awaitGate(ready *os.File, exe string) error {
	if err := ready.SetReadDeadline(time.Now().Add(gateReadyTimeout)); err != nil {
		return fmt.Errorf("trace: gate pipe: %w", err)
	}
	var b [1]byte
	if n, err := ready.Read(b[:]); n != 1 {
		return fmt.Errorf("%w: %s (%v)", ErrNoGate, exe, err)
	}
	return nil
}

// waitFor waits for cmd in the background.
func waitFor(cmd *exec.Cmd) *program {
	p := &program{cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p
}

// openSwitchEvents opens the context-switch event on task tid for every CPU, each writing to
// that CPU's ring (mapped on the first event of the CPU, shared by the next through
// SET_OUTPUT).
func (t *Tracer) openSwitchEvents(tid int, cpus []int, pages int, opts Options, onExec bool) error {
	attr := perf.SwitchAttr(pages*os.Getpagesize(), onExec)
	for i, cpu := range cpus {
		fd, err := opts.perfOpen(attr, tid, cpu, -1)
		if err != nil {
			return refused(err, tid)
		}
		if i < len(t.rings) {
			if err := unix.IoctlSetInt(fd, unix.PERF_EVENT_IOC_SET_OUTPUT, t.rings[i].FD); err != nil {
				unix.Close(fd)
				return fmt.Errorf("trace: perf output of task %d to CPU %d's ring: %w", tid, cpu, err)
			}
			t.extra = append(t.extra, fd)
			continue
		}
		r, err := perf.MapRing(fd, cpu, pages)
		if err != nil {
			unix.Close(fd)
			return err
		}
		t.rings = append(t.rings, r)
	}
	return nil
}

// ProgramPID is the PID of the program the Tracer started, or 0.
func (t *Tracer) ProgramPID() int {
	if t.prog == nil {
		return 0
	}
	return t.prog.cmd.Process.Pid
}

// Exited is closed when the program the Tracer started has ended (nil when it started none).
func (t *Tracer) Exited() <-chan struct{} {
	if t.prog == nil {
		return nil
	}
	return t.prog.done
}

// ExitStatus says how the started program ended ("exited with status 0", "killed by signal
// killed"), or "" while it runs (or when there is none).
func (t *Tracer) ExitStatus() string {
	if t.prog == nil {
		return ""
	}
	select {
	case <-t.prog.done:
	default:
		return ""
	}
	return describeExit(t.prog.cmd.ProcessState)
}

// ExitCode is the started program's exit code, 128+signal when a signal ended it, or -1 while
// it runs.
func (t *Tracer) ExitCode() int {
	if t.prog == nil {
		return -1
	}
	select {
	case <-t.prog.done:
	default:
		return -1
	}
	ps := t.prog.cmd.ProcessState
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return ps.ExitCode()
}

// describeExit puts a wait status in words.
func describeExit(ps *os.ProcessState) string {
	if ps == nil {
		return "not started"
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return fmt.Sprintf("killed by signal %s (%s)", unix.SignalName(ws.Signal()), ws.Signal())
	}
	return fmt.Sprintf("exited with status %d", ps.ExitCode())
}

// KillGroup ends the started program's process group with SIGKILL: the program and every
// process it started that is still in the group, even once the program itself has ended (a
// pool of workers left behind). A program started without Program.Group gets Kill. An
// attached process is never killed.
func (t *Tracer) KillGroup() {
	if t.prog == nil {
		return
	}
	if a := t.prog.cmd.SysProcAttr; a == nil || !a.Setpgid {
		t.Kill()
		return
	}
	// ESRCH: the whole group has ended already.
	_ = unix.Kill(-t.prog.cmd.Process.Pid, unix.SIGKILL)
}

// Kill ends the started program (not its children, which have Pdeathsig set only if they set
// it themselves) with SIGKILL. An attached process is never killed.
func (t *Tracer) Kill() {
	if t.prog == nil {
		return
	}
	select {
	case <-t.prog.done:
	default:
		t.prog.cmd.Process.Kill()
	}
}
