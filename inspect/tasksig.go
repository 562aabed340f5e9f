package inspect

import (
	"bytes"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/task"
)

// taskSignature tells whether any task began or ended between two readings: the kernel's count
// of tasks (all threads of all processes) and the last PID it handed out, both from
// /proc/loadavg. A new task takes a new PID, and an ended one lowers the count once it is
// reaped, so while neither moved the list of processes cannot have changed, and the Sampler
// need not list /proc again. Listing /proc walks every task on the machine (about 1.3 ms with
// 5,000 threads here); reading loadavg costs a few microseconds.
type taskSignature struct {
	tasks, lastPID int
}

// readTaskSignature reads the signature from the loadavg file under the proc root rootfd.
// ok is false when the file is missing or not as expected: the caller then lists /proc.
func readTaskSignature(rootfd int, buf []byte) (sig taskSignature, ok bool) {
	fd, err := openAt(rootfd, []byte("loadavg\x00"), 0)
	if err != nil {
		return sig, false
	}
	n, err := readOnce(fd, buf)
	unix.Close(fd)
	if err != nil || n == len(buf) {
		return sig, false
	}
	// "0.31 0.51 1.56 2/5084 26116": the fourth field is running/total, the fifth the last PID.
	fields := bytes.Fields(buf[:n])
	if len(fields) != 5 {
		return sig, false
	}
	_, total, found := bytes.Cut(fields[3], []byte("/"))
	t, ok1 := task.ParseUint(total)
	last, ok2 := task.ParseUint(fields[4])
	if !found || !ok1 || !ok2 {
		return sig, false
	}
	return taskSignature{tasks: int(t), lastPID: int(last)}, true
}
