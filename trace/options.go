package trace

import (
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/trace/internal/perf"
)

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
