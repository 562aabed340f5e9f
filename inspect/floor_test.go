package inspect

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// floorScan is the floor of the speed target: it lists /proc, lists each process's task
// directory, and opens, reads and closes every task's stat file, parsing nothing. It uses the
// same system calls as the sampler (getdents64, openat relative to the directory, one read), so
// the ratio measures what the sampler adds, not a difference in I/O style.
type floorScan struct {
	path pathBuf
	buf  []byte
	dent []byte
	pids []int
	tids []int
}

func newFloorScan() *floorScan {
	return &floorScan{buf: make([]byte, 1024), dent: make([]byte, 32<<10)}
}

// scan reads every task's stat file under root once and returns how many it read.
func (f *floorScan) scan(root string) (int, error) {
	rootfd, err := unix.Open(root, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, fmt.Errorf("floor: %w", err)
	}
	defer unix.Close(rootfd)
	f.pids, err = readDirIDs(rootfd, f.dent, f.pids[:0])
	if err != nil {
		return 0, err
	}
	tasks := 0
	for _, pid := range f.pids {
		taskfd, err := openAt(rootfd, f.path.set(pid, "/task"), unix.O_DIRECTORY)
		if err != nil {
			continue
		}
		f.tids, _ = readDirIDs(taskfd, f.dent, f.tids[:0])
		for _, tid := range f.tids {
			fd, err := openAt(taskfd, f.path.set(tid, "/stat"), 0)
			if err != nil {
				continue
			}
			if _, err := readOnce(fd, f.buf); err == nil {
				tasks++
			}
			unix.Close(fd)
		}
		unix.Close(taskfd)
	}
	return tasks, nil
}
