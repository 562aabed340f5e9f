package trace

import (
	"errors"
	"fmt"
	"os"
	"time"

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

// Options tunes a Tracer. The zero value is what the app uses.
type Options struct {
	// RingPages is the number of data pages of each per-CPU ring buffer, a power of two;
	// 0 means 128 (512 KiB), which fits the kernel's default allowance for an ordinary user
	// (kernel.perf_event_mlock_kb), or 512 (2 MiB) for root, who has no such limit.
	RingPages int
	// Refuse, when set, makes every perf_event_open fail with this errno without calling the
	// kernel, so tests can take the refusal path on a machine that allows perf events.
	Refuse unix.Errno
	// Keep, when positive, bounds memory for a trace that runs for hours: runs, unknown
	// stretches and losses that ended more than Keep before the newest applied record are
	// dropped, and the Trace starts no earlier than that (it is exact only from there).
	Keep time.Duration
}

// ringPages returns the ring size in pages, checked.
func (o Options) ringPages() (int, error) {
	n := o.RingPages
	if n == 0 {
		n = 128
		if os.Geteuid() == 0 {
			n = 512
		}
	}
	if n < 1 || n&(n-1) != 0 || n > 1<<16 {
		return 0, fmt.Errorf("trace: ring of %d pages: must be a power of two up to 65536", n)
	}
	return n, nil
}

// perfOpen opens one event, or fails as Refuse says.
func (o Options) perfOpen(attr *unix.PerfEventAttr, pid, cpu, group int) (int, error) {
	if o.Refuse != 0 {
		return -1, o.Refuse
	}
	return perf.Open(attr, pid, cpu, group)
}

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
