package inspect

import (
	"errors"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

// pathBuf builds NUL-terminated relative paths like "1234/task" without allocating: unix.Openat
// takes a Go string and copies it to add the NUL, once per file, thousands of times a sample.
type pathBuf struct{ b []byte }

// set makes the path "<id><suffix>" and returns it NUL-terminated.
func (p *pathBuf) set(id int, suffix string) []byte {
	p.b = strconv.AppendInt(p.b[:0], int64(id), 10)
	p.b = append(p.b, suffix...)
	p.b = append(p.b, 0)
	return p.b
}

// openAt opens the NUL-terminated path relative to dirfd.
func openAt(dirfd int, path []byte, flags int) (int, error) {
	for {
		fd, _, errno := unix.Syscall6(unix.SYS_OPENAT, uintptr(dirfd), uintptr(unsafe.Pointer(&path[0])),
			uintptr(flags|unix.O_RDONLY|unix.O_CLOEXEC), 0, 0, 0)
		switch errno {
		case 0:
			return int(fd), nil
		case unix.EINTR:
			continue
		}
		return -1, errno
	}
}

// readOnce reads a small /proc file with a single read into buf. Files made by single_open in
// the kernel (stat, statm) hand over their whole text in one read when the buffer is big enough,
// so a second read would only cost a syscall to learn EOF. A full buffer means the file may be
// longer: the caller then grows buf and tries again.
func readOnce(fd int, buf []byte) (int, error) {
	for {
		n, err := unix.Read(fd, buf)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		return n, err
	}
}

// readAll reads the whole file fd into buf[:0], growing it up to limit bytes.
func readAll(fd int, buf []byte, limit int) ([]byte, error) {
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			if cap(buf) >= limit {
				return buf, nil
			}
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := unix.Read(fd, buf[len(buf):cap(buf)])
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return buf, err
		}
		if n == 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
	}
}

// threadCount returns how many threads the process whose task directory is open as taskfd has
// now. The kernel gives a task directory one link per thread on top of the two every directory
// has, so one fstat answers without listing the directory (a fixture tree, with one directory per
// thread, answers the same way).
func threadCount(taskfd int) (int, bool) {
	var st unix.Stat_t
	// Raw, for the reason preadRetry gives: the call never waits.
	if _, _, errno := unix.RawSyscall(unix.SYS_FSTAT, uintptr(taskfd), uintptr(unsafe.Pointer(&st)), 0); errno != 0 {
		return 0, false
	}
	return int(st.Nlink) - 2, st.Nlink >= 2
}

// isGone reports whether err means the task ended while it was being read.
func isGone(err error) bool {
	return errors.Is(err, unix.ENOENT) || errors.Is(err, unix.ESRCH)
}

// isDenied reports whether err means the task's files may not be read by this user.
func isDenied(err error) bool {
	return errors.Is(err, unix.EACCES) || errors.Is(err, unix.EPERM)
}
