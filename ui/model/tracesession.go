package model

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/taskscope/taskscope/trace"
)

// OutputLines is how many lines of a started program's output the window keeps.
const OutputLines = 1000

// maxLine is the longest line kept whole; a longer one is cut, so a program that writes
// megabytes without a newline cannot grow the pane without bound.
const maxLine = 4096

// LineRing keeps the last lines written to it: an io.Writer for a program's standard output
// and error. Writing never blocks on the reader, so a program flooding its output does not
// stall, and the window takes the lines when it redraws. Safe for concurrent use.
type LineRing struct {
	mu      sync.Mutex
	lines   []string // ring of up to cap lines
	next    int      // where the next line goes once full
	full    bool
	partial strings.Builder
	total   int // lines ever written
	cap     int
}

// NewLineRing keeps the last n lines.
func NewLineRing(n int) *LineRing { return &LineRing{cap: max(n, 1)} }

// Write splits p into lines and keeps the last ones.
func (r *LineRing) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(p)
	for len(p) > 0 {
		i := 0
		for i < len(p) && p[i] != '\n' {
			i++
		}
		if room := maxLine - r.partial.Len(); room > 0 {
			r.partial.Write(p[:min(i, room)])
		}
		if i == len(p) {
			break
		}
		r.push(r.partial.String())
		r.partial.Reset()
		p = p[i+1:]
	}
	return n, nil
}

func (r *LineRing) push(s string) {
	r.total++
	if !r.full {
		r.lines = append(r.lines, s)
		if len(r.lines) == r.cap {
			r.full = true
		}
		return
	}
	r.lines[r.next] = s
	r.next = (r.next + 1) % r.cap
}

// Lines returns the kept lines, oldest first (a line still being written last), and how many
// lines were written in all.
func (r *LineRing) Lines() ([]string, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.lines)+1)
	out = append(out, r.lines[r.next:]...)
	out = append(out, r.lines[:r.next]...)
	if r.partial.Len() > 0 {
		out = append(out, r.partial.String())
	}
	return out, r.total
}

// titleRunes is the longest a session's title gets: it heads the Timeline tab on one line.
const titleRunes = 80

// TraceSession is one traced program or process: the tracer (exact, or sampled when perf
// events are refused), and for a started program its output and how it ended. Its methods may
// be called from any goroutine.
type TraceSession struct {
	Title  string // "python3 demo.py" or "PID 1234 (firefox)": one line (see OneLine)
	tracer *trace.Tracer
	Output *LineRing // nil for an attached process
	// Refusal is the one-line reason the trace is sampled, or "".
	Refusal string
	started bool
}

// StartSession starts argv in dir and traces it; when perf events are refused it runs it
// anyway, sampled, and says why in Refusal.
func StartSession(argv []string, dir string, opts trace.Options) (*TraceSession, error) {
	if len(argv) == 0 {
		return nil, errors.New("no program given")
	}
	s := &TraceSession{Title: OneLine(strings.Join(argv, " "), titleRunes), Output: NewLineRing(OutputLines), started: true}
	p := trace.Program{Argv: argv, Dir: dir, Stdout: s.Output, Stderr: s.Output}
	tr, err := trace.Start(p, opts)
	if errors.Is(err, trace.ErrPerfRefused) {
		s.Refusal = err.Error()
		tr, err = trace.SampleProgram(p, err.Error())
	}
	if err != nil {
		return nil, err
	}
	s.tracer = tr
	return s, nil
}

// AttachSession traces the running process pid (named name); sampled, with Refusal set, when
// perf events are refused for a reason other than the process being another user's.
func AttachSession(pid int, name string, opts trace.Options) (*TraceSession, error) {
	s := &TraceSession{Title: OneLine(fmt.Sprintf("PID %d (%s)", pid, name), titleRunes)}
	tr, err := trace.Attach(pid, opts)
	var pr *trace.PerfRefusedError
	if errors.As(err, &pr) && !pr.NotOwner {
		s.Refusal = err.Error()
		tr, err = trace.SampleProcess(pid, err.Error())
	}
	if err != nil {
		return nil, err
	}
	s.tracer = tr
	return s, nil
}

// Trace is everything traced so far (cheap: call it at each redraw).
func (s *TraceSession) Trace() *trace.Trace { return s.tracer.Trace() }

// Stop ends the trace (a started program goes on running; see End).
func (s *TraceSession) Stop() *trace.Trace { return s.tracer.Stop() }

// End stops tracing and, for a started program, kills it: the window's quit and the start of
// another program call it. An attached process is left alone.
func (s *TraceSession) End() {
	s.tracer.Stop()
	if s.started {
		s.tracer.Kill()
	}
}

// Started reports whether the session started its program (rather than attaching).
func (s *TraceSession) Started() bool { return s.started }

// Exited is closed when a started program ends (nil for an attached process).
func (s *TraceSession) Exited() <-chan struct{} { return s.tracer.Exited() }

// ExitStatus says how a started program ended, or "" while it runs.
func (s *TraceSession) ExitStatus() string { return s.tracer.ExitStatus() }

// PID is the started program's PID (0 when attached).
func (s *TraceSession) PID() int { return s.tracer.ProgramPID() }
