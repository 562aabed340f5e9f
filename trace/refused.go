package trace

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/task"
	"github.com/taskscope/taskscope/trace/internal/perf"
)

// ErrPerfRefused means the kernel would not open perf events for what was asked (the
// perf_event_paranoid setting, a container's policy, another user's process, or no perf
// events at all). The error that wraps it says why and how to allow it, in one line; the caller
// falls back to sampling and labels the result "sampled".
var ErrPerfRefused = errors.New("perf events refused")

// PerfRefusedError is the error the tracer returns when perf_event_open is refused. It matches
// ErrPerfRefused with errors.Is, and unwraps to the errno.
type PerfRefusedError struct {
	Reason string // why, in plain words
	Fix    string // the exact command (or step) that allows it
	Errno  unix.Errno
	// NotOwner is set when the process belongs to another user: no setting allows an
	// ordinary user to trace it, so sampling it instead is no answer either.
	NotOwner bool
}

// Error is one line: the reason and the fix.
func (e *PerfRefusedError) Error() string {
	if e.Fix == "" {
		return e.Reason
	}
	return e.Reason + "; " + e.Fix
}

// Is makes errors.Is(err, ErrPerfRefused) true.
func (e *PerfRefusedError) Is(target error) bool { return target == ErrPerfRefused }

// Unwrap returns the errno the kernel gave.
func (e *PerfRefusedError) Unwrap() error { return e.Errno }

// refused turns a failed perf_event_open into a PerfRefusedError when it is a refusal, or a
// wrapped error otherwise. pid is the traced process (0 for the whole machine).
func refused(err error, pid int) error {
	var errno unix.Errno
	if !errors.As(err, &errno) {
		return fmt.Errorf("perf_event_open: %w", err)
	}
	bin := selfPath()
	paranoid, _ := perf.ReadParanoid()
	e := &PerfRefusedError{Errno: errno}
	switch errno {
	case unix.EACCES, unix.EPERM:
		switch {
		case pid > 0 && !task.OwnedByUs(pid):
			e.NotOwner = true
			e.Reason = fmt.Sprintf("cannot trace pid %d: it belongs to another user", pid)
			e.Fix = "only root may trace another user's process; trace a program of your own"
		case pid == 0 && os.Geteuid() != 0:
			e.Reason = "tracing the whole machine needs root or CAP_PERFMON"
			e.Fix = "run as root, or: sudo setcap cap_perfmon,cap_dac_read_search+ep " + bin
		case paranoid > 2:
			e.Reason = fmt.Sprintf("perf events are off for ordinary users (kernel.perf_event_paranoid = %d)", paranoid)
			e.Fix = "allow them with: sudo sysctl kernel.perf_event_paranoid=2 (or: sudo setcap cap_perfmon+ep " + bin + ")"
		default:
			e.Reason = fmt.Sprintf("perf_event_open was refused (%s) though kernel.perf_event_paranoid = %d: a container or seccomp policy blocks it", unix.ErrnoName(errno), paranoid)
			e.Fix = "run outside the container, or allow perf_event_open there (docker: --cap-add PERFMON and a seccomp profile that permits it)"
		}
	case unix.ENOSYS, unix.ENOENT, unix.ENODEV, unix.EOPNOTSUPP:
		e.Reason = fmt.Sprintf("this kernel offers no context-switch events (%s)", unix.ErrnoName(errno))
		e.Fix = "it needs Linux 4.3 or newer built with CONFIG_PERF_EVENTS"
	default:
		return fmt.Errorf("perf_event_open: %w", err)
	}
	return e
}

// selfPath is this executable's path, for a setcap command the user can paste.
func selfPath() string {
	if exe, err := os.Executable(); err == nil {
		return exe
	}
	return "BINARY"
}
