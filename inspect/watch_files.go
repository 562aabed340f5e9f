package inspect

import (
	"slices"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/task"
)

// The files a Watcher keeps open for each watched thread, and the raw reads that re-read them:
// opening a /proc file costs path lookups every time, re-reading a kept one does not.

// readThreadStat reads one thread's stat line, through its kept file when it has one.
func (w *Watcher) readThreadStat(m *watchedProc, t *watchedThread, st *task.Stat) error {
	var n int
	var err error
	if t.fd >= 0 {
		n, err = preadRetry(t.fd, w.statBuf)
	} else {
		var fd int
		fd, err = openAt(m.taskfd, w.path.set(t.tid, "/stat"), 0)
		if err != nil {
			return err
		}
		n, err = readOnce(fd, w.statBuf)
		unix.Close(fd)
	}
	if err != nil {
		return err
	}
	if n == len(w.statBuf) {
		return task.ErrStatTruncated
	}
	return task.ParseStat(w.statBuf[:n], st)
}

// relist lists the task directory again, keeping the counters of threads still there, opening
// the files of new ones and closing those of threads that ended. It returns false when the
// directory cannot be listed (the process has gone).
func (w *Watcher) relist(m *watchedProc, pid int) bool {
	if _, err := unix.Seek(m.taskfd, 0, 0); err != nil {
		return false
	}
	var err error
	w.tids, err = readDirIDs(m.taskfd, w.dentBuf, w.tids[:0])
	if err != nil || len(w.tids) == 0 {
		return false
	}
	order := ThreadOrder(pid)
	slices.SortFunc(w.tids, order)
	keep := 2*len(w.tids) <= maxKeptFiles
	old := m.threads
	next := make([]watchedThread, 0, len(w.tids))
	j := 0
	for _, tid := range w.tids {
		for j < len(old) && order(old[j].tid, tid) < 0 {
			old[j].closeFile()
			j++
		}
		if j < len(old) && old[j].tid == tid && (old[j].fd >= 0) == keep {
			next = append(next, old[j])
			j++
			continue
		}
		if j < len(old) && old[j].tid == tid {
			old[j].closeFile()
			j++
		}
		t := watchedThread{tid: tid, fd: -1, ssfd: -1}
		if keep {
			if fd, err := openAt(m.taskfd, w.path.set(tid, "/stat"), 0); err == nil {
				t.fd = fd
			}
			if fd, err := openAt(m.taskfd, w.path.set(tid, "/schedstat"), 0); err == nil && t.fd >= 0 {
				t.ssfd = fd
			}
		}
		next = append(next, t)
	}
	for ; j < len(old); j++ {
		old[j].closeFile()
	}
	m.threads = next
	return true
}

// close releases the process's files.
func (m *watchedProc) close() {
	for i := range m.threads {
		m.threads[i].closeFile()
	}
	m.threads = nil
	if m.taskfd >= 0 {
		unix.Close(m.taskfd)
		m.taskfd = -1
	}
}

func (t *watchedThread) closeFile() {
	for _, fd := range []*int{&t.fd, &t.ssfd} {
		if *fd >= 0 {
			unix.Close(*fd)
			*fd = -1
		}
	}
}

// readRunTime reads the run time, in nanoseconds, from a kept schedstat file.
func readRunTime(fd int, buf []byte) (uint64, error) {
	n, err := preadRetry(fd, buf)
	if err != nil {
		return 0, err
	}
	b := buf[:n]
	end := 0
	for end < len(b) && b[end] >= '0' && b[end] <= '9' {
		end++
	}
	v, ok := task.ParseUint(b[:end])
	if !ok {
		return 0, task.ErrStatMalformed
	}
	return v, nil
}

// preadRetry reads a kept /proc file from its start; the kernel regenerates the text on a read
// at offset 0, so the same descriptor serves every sample.
//
// It is a raw system call, which the Go scheduler does not see. A plain one tells the scheduler
// the goroutine may block, and on this 10 Hz path that bookkeeping, with the monitor thread it
// keeps awake, cost as much as the reads themselves (measured: the watch of 20 processes went
// from about 0.88% to 0.65% of a core). Reading a kept /proc file never waits on anything but
// a short kernel lock, so holding the scheduler's slot through it is safe.
func preadRetry(fd int, buf []byte) (int, error) {
	for {
		n, _, errno := unix.RawSyscall6(unix.SYS_PREAD64, uintptr(fd), uintptr(unsafe.Pointer(&buf[0])),
			uintptr(len(buf)), 0, 0, 0)
		switch errno {
		case 0:
			return int(n), nil
		case unix.EINTR:
			continue
		}
		return 0, errno
	}
}
