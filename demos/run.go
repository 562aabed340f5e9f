package demos

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
)

// Runner runs one demo in the calling process. It reads commands from s.Commands until that
// channel closes (standard input ended) or a "quit" command arrives, writes events with s.Emit,
// and returns. args are the demo's own flags. A returned *UsageError means bad flags (exit 2).
type Runner func(s *Session, args []string) error

// UsageError reports demo flags out of range or malformed. Its message is shown to the user as is.
type UsageError struct{ Message string }

// Error returns the message as the user sees it.
func (e *UsageError) Error() string { return e.Message }

// Usagef builds a UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{Message: fmt.Sprintf(format, args...)}
}

var (
	registryMu sync.Mutex
	registry   = map[string]Runner{}
	// parts are the demos' own children (a tab process, a worker): runnable, but not offered.
	parts = map[string]bool{}
)

// Register makes a demo runnable by name. Demo files call it from init.
func Register(name string, r Runner) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[name]; dup {
		panic("demos: duplicate demo " + name)
	}
	registry[name] = r
}

// registerPart registers a child process of a demo: it runs as `demo NAME` like a demo, but
// Names does not list it, since it means nothing started alone.
func registerPart(name string, r Runner) {
	Register(name, r)
	registryMu.Lock()
	parts[name] = true
	registryMu.Unlock()
}

// Names lists the demos a user may start, sorted.
func Names() []string {
	registryMu.Lock()
	defer registryMu.Unlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		if !parts[n] {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// Session is a running demo's link to whoever drives it: commands in, events out.
type Session struct {
	// Commands delivers each well-formed command line; it closes when input ends.
	Commands <-chan Command

	mu  sync.Mutex
	enc *json.Encoder
}

// Emit writes one event line. It is safe from any goroutine; a write error is dropped, because
// the reader has gone and the demo will see its input close.
func (s *Session) Emit(e Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_ = s.enc.Encode(e)
}

// Errorf emits an "error" event with a message for the user.
func (s *Session) Errorf(format string, args ...any) {
	s.Emit(Event{"event": "error", "message": fmt.Sprintf(format, args...)})
}

// NewSession starts reading command lines from in and returns a session writing events to out.
// Lines that do not decode are answered with an error event and skipped.
func NewSession(in io.Reader, out io.Writer) *Session {
	cmds := make(chan Command)
	s := &Session{Commands: cmds, enc: json.NewEncoder(out)}
	go func() {
		defer close(cmds)
		forEachLine(in, DecodeCommand, func(c Command) { cmds <- c }, func(_ []byte, err error) {
			if errors.Is(err, ErrLineTooLong) {
				s.Errorf("command line longer than %d bytes ignored", MaxLineBytes)
				return
			}
			s.Errorf("%v", err)
		})
	}()
	return s
}

// Main runs `taskscope demo NAME [flags]` with args = NAME and flags, on the process's standard
// streams, and returns the exit code: 0 when done, 2 for an unknown demo or bad flags, 1 otherwise.
//
// It names the process and its threads so far after the demo ("crunch", "crunch-worker"), so that
// process lists, the Cores tab's legend and ps tell a demo's processes apart instead of all
// saying "taskscope". The process's name is the calling thread's: Main must run on the main
// thread, as cmd/taskscope makes sure.
func Main(args []string) int {
	return run(args, os.Stdin, os.Stdout, os.Stderr, NameProcess)
}

// run runs the demo args[0]; name, when not nil, is called with the demo's name once it is known
// to be one. A request for help (-h, --help) writes the demo's flags to errOut, for the person at
// the terminal, and exits 0.
func run(args []string, in io.Reader, out, errOut io.Writer, name func(demo string)) int {
	s := NewSession(in, out)
	if len(args) == 0 {
		s.Errorf("which demo? one of %v", Names())
		return 2
	}
	registryMu.Lock()
	r, ok := registry[args[0]]
	registryMu.Unlock()
	if !ok {
		s.Errorf("no demo %q; the demos are %v", args[0], Names())
		return 2
	}
	if name != nil {
		name(args[0])
	}
	err := r(s, args[1:])
	var usage *UsageError
	var help *helpRequest
	switch {
	case err == nil:
		return 0
	case errors.As(err, &help):
		fmt.Fprintf(errOut, "usage: taskscope demo %s [flags]\n%s", args[0], help.flags)
		return 0
	case errors.As(err, &usage):
		s.Errorf("%s", usage.Message)
		return 2
	default:
		s.Errorf("%v", err)
		return 1
	}
}

// helpRequest is what a demo returns when its flags asked for help; flags lists them.
type helpRequest struct{ flags string }

// Error says what happened; run prints the flags instead of it.
func (h *helpRequest) Error() string { return "help requested" }

// parseDemoFlags parses a demo's flags and refuses stray arguments, both as UsageErrors named
// after the flag set, so every demo answers bad flags the same way (error event, exit 2).
func parseDemoFlags(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		return &helpRequest{flags: b.String()}
	} else if err != nil {
		return Usagef("%s: %v", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return Usagef("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}
