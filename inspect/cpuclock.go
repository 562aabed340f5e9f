package inspect

import (
	"os"
	"path/filepath"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

// processCPUTime returns the CPU time, in nanoseconds, that every thread of process pid has
// used so far, ended threads included. It reads the process's CPU clock (clock_getcpuclockid's
// clock, built here from the PID as the kernel encodes it), which any user may read for any
// process in its PID namespace. One such call costs a fraction of a /proc read and no file: the
// Watcher uses it to learn that nothing in a process ran, and then reads none of its threads.
// ok is false when the process has ended (or the PID is unknown).
func processCPUTime(pid int) (ns uint64, ok bool) {
	// The kernel's clock ID for a process is ^pid shifted past the 3 bits that pick the clock;
	// 2 is the scheduler's exact run time (CPUCLOCK_SCHED), for the whole process.
	const cpuclockSched = 2
	// PID 0 would name the caller, and the ID is 32 bits, so a PID past the kernel's hard limit
	// (2^22) would wrap to some other clock.
	if pid <= 0 || pid > 1<<22 {
		return 0, false
	}
	id := uintptr(uint32(int32(^pid<<3 | cpuclockSched)))
	var ts unix.Timespec
	// Raw, for the reason preadRetry gives: the call never waits.
	_, _, errno := unix.RawSyscall(unix.SYS_CLOCK_GETTIME, id, uintptr(unsafe.Pointer(&ts)), 0)
	if errno != 0 {
		return 0, false
	}
	return uint64(ts.Nano()), true
}

// procIsOurs reports whether procRoot is the live proc file system of this process's PID
// namespace, so that PIDs read under it name the processes the CPU clocks name. A fixture tree
// (or another namespace's /proc) is not, and is always read file by file.
func procIsOurs(procRoot string) bool {
	self, err := os.Readlink(filepath.Join(procRoot, "self"))
	return err == nil && self == strconv.Itoa(os.Getpid())
}
