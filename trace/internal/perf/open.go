package perf

import (
	"os"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Open opens one perf event (close-on-exec), retrying when a signal interrupts the call.
func Open(attr *unix.PerfEventAttr, pid, cpu, group int) (int, error) {
	for {
		fd, err := unix.PerfEventOpen(attr, pid, cpu, group, unix.PERF_FLAG_FD_CLOEXEC)
		if err == unix.EINTR {
			continue
		}
		return fd, err
	}
}

// SwitchAttr is the attribute of the events that report context switches of tasks: a dummy
// software event (it counts nothing) whose only output is the side-band records: switches,
// names (COMM), births and exits (FORK/EXIT, "task"), each with the TID, CLOCK_MONOTONIC time
// and CPU appended (sample_id_all). Kernel samples are excluded, which is what lets an ordinary
// user open it at perf_event_paranoid 2; it still gets every switch record.
func SwitchAttr(ringBytes int, onExec bool) *unix.PerfEventAttr {
	attr := &unix.PerfEventAttr{
		Type:        unix.PERF_TYPE_SOFTWARE,
		Config:      unix.PERF_COUNT_SW_DUMMY,
		Sample_type: SampleType,
		Bits: unix.PerfBitInherit | unix.PerfBitSampleIDAll | unix.PerfBitUseClockID |
			unix.PerfBitContextSwitch | unix.PerfBitComm | unix.PerfBitCommExec | unix.PerfBitTask |
			unix.PerfBitWatermark | unix.PerfBitExcludeKernel | unix.PerfBitExcludeHv,
		// The reader drains on a timer and does not wait for wakeups; a watermark of half the
		// ring keeps the kernel from signalling on every record.
		Wakeup:  uint32(ringBytes / 2),
		Clockid: unix.CLOCK_MONOTONIC,
	}
	attr.Size = uint32(unsafe.Sizeof(*attr))
	if onExec {
		attr.Bits |= unix.PerfBitDisabled | unix.PerfBitEnableOnExec
	}
	return attr
}

// ReadParanoid reads kernel.perf_event_paranoid.
func ReadParanoid() (int, error) {
	b, err := os.ReadFile("/proc/sys/kernel/perf_event_paranoid")
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(b)))
}
