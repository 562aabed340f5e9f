package demos

import (
	"fmt"
	"os"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// sharedPageBytes is the size of every shared page the demos make: one page of memory.
const sharedPageBytes = 4096

// sharedPage is one page of memory that several processes map at once (MAP_SHARED over a memfd):
// a store by one is seen by all, which is exactly what separate processes do not have by default.
// The parent creates it and hands File to its children as an extra descriptor (ExtraFiles); each
// child maps that descriptor with mapSharedPage.
type sharedPage struct {
	File *os.File
	mem  []byte
}

// newSharedPage creates an anonymous memory file named name (it shows in /proc/PID/maps as
// /memfd:NAME), sizes it to one page and maps it.
func newSharedPage(name string) (*sharedPage, error) {
	fd, err := unix.MemfdCreate(name, unix.MFD_CLOEXEC)
	if err != nil {
		return nil, fmt.Errorf("memfd_create: %w", err)
	}
	if err := unix.Ftruncate(fd, sharedPageBytes); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("sizing shared page: %w", err)
	}
	p, err := mapSharedPage(fd)
	if err != nil {
		unix.Close(fd)
		return nil, err
	}
	p.File = os.NewFile(uintptr(fd), "memfd:"+name)
	return p, nil
}

// mapSharedPage maps one page of the memory file fd, shared with every other mapping of it.
func mapSharedPage(fd int) (*sharedPage, error) {
	mem, err := unix.Mmap(fd, 0, sharedPageBytes, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("mapping shared page: %w", err)
	}
	return &sharedPage{mem: mem}, nil
}

// word32 returns the 32-bit word at byte offset off, which must be a multiple of 4.
func (p *sharedPage) word32(off int) *atomic.Uint32 {
	if off%4 != 0 || off+4 > len(p.mem) {
		panic(fmt.Sprintf("demos: shared word32 at %d", off)) // a layout mistake in this package
	}
	return (*atomic.Uint32)(unsafe.Pointer(&p.mem[off]))
}

// word64 returns the 64-bit word at byte offset off, which must be a multiple of 8.
func (p *sharedPage) word64(off int) *atomic.Int64 {
	if off%8 != 0 || off+8 > len(p.mem) {
		panic(fmt.Sprintf("demos: shared word64 at %d", off))
	}
	return (*atomic.Int64)(unsafe.Pointer(&p.mem[off]))
}

// close unmaps the page and closes the file, if this side holds it.
func (p *sharedPage) close() {
	if p.mem != nil {
		_ = unix.Munmap(p.mem)
		p.mem = nil
	}
	if p.File != nil {
		_ = p.File.Close()
		p.File = nil
	}
}

// Futex operations on memory that other processes may map too (linux/futex.h, without the
// PRIVATE flag): the kernel finds waiters by the page, not by this process's address space.
const (
	futexWaitShared = 0
	futexWakeShared = 1
)

// futexWait sleeps while *addr == val, for at most timeout nanoseconds (0: without limit). Any
// return (woken, value changed, signal, timeout) means "look again"; the caller's loop does.
func futexWait(addr *atomic.Uint32, val uint32, timeoutNs int64) {
	var ts *unix.Timespec
	if timeoutNs > 0 {
		t := unix.NsecToTimespec(timeoutNs)
		ts = &t
	}
	_, _, _ = unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWaitShared,
		uintptr(val), uintptr(unsafe.Pointer(ts)), 0, 0)
}

// futexWake wakes up to n waiters on addr.
func futexWake(addr *atomic.Uint32, n int) {
	_, _, _ = unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), futexWakeShared, uintptr(n), 0, 0, 0)
}

// schedYield gives the core to another runnable thread, if any; spinners on a crowded machine
// call it so that the threads they wait for get to run.
func schedYield() { _, _, _ = unix.Syscall(unix.SYS_SCHED_YIELD, 0, 0, 0) }
