package trace

import (
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/task"
)

// ProbeMachine reports whether Machine would be allowed, cheaply: it reads the
// sched_switch tracepoint's id and opens (then closes) a counting event on it for one CPU,
// with no ring buffer. nil means permitted; a refusal matches ErrPerfRefused and its
// PerfRefusedError says why and the command that allows it. opts.Refuse injects a refusal.
func ProbeMachine(opts Options) error {
	cpus, err := task.OnlineCPUs()
	if err != nil {
		return err
	}
	id, _, err := schedSwitchEvent()
	if err != nil {
		return err
	}
	attr := &unix.PerfEventAttr{Type: unix.PERF_TYPE_TRACEPOINT, Config: id, Bits: unix.PerfBitDisabled}
	attr.Size = uint32(unsafe.Sizeof(*attr))
	fd, err := opts.perfOpen(attr, -1, cpus[0], -1)
	if err != nil {
		return refused(err, 0)
	}
	return unix.Close(fd)
}
