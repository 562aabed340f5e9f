package inspect

import (
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/task"
)

// errDirentMalformed means a getdents64 buffer did not hold whole records.
var errDirentMalformed = errors.New("inspect: malformed directory entry")

// direntNameOffset is where d_name starts in struct linux_dirent64: after d_ino (8 bytes),
// d_off (8) d_reclen (2) and d_type (1).
const direntNameOffset = 19

// parseDirents appends to ids the names in buf (records of getdents64) that are decimal task IDs,
// and skips every other name (".", "self", "meminfo", ...). It does not allocate beyond ids:
// os.ReadDir would build a string and a DirEntry for each of thousands of names every sample.
func parseDirents(buf []byte, ids []int) ([]int, error) {
	for len(buf) > 0 {
		if len(buf) < direntNameOffset {
			return ids, errDirentMalformed
		}
		reclen := int(binary.NativeEndian.Uint16(buf[16:18]))
		if reclen < direntNameOffset || reclen > len(buf) {
			return ids, errDirentMalformed
		}
		name := buf[direntNameOffset:reclen]
		for i, c := range name {
			if c == 0 {
				name = name[:i]
				break
			}
		}
		if id, ok := task.ParseSmallInt(name); ok && id > 0 {
			ids = append(ids, id)
		}
		buf = buf[reclen:]
	}
	return ids, nil
}

// readDirIDs lists the numeric entries of the open directory dirfd into ids, using buf as scratch.
func readDirIDs(dirfd int, buf []byte, ids []int) ([]int, error) {
	for {
		n, err := unix.Getdents(dirfd, buf)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return ids, fmt.Errorf("getdents: %w", err)
		}
		if n <= 0 {
			return ids, nil
		}
		if ids, err = parseDirents(buf[:n], ids); err != nil {
			return ids, err
		}
	}
}
