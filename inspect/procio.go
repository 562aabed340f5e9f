package inspect

import (
	"bytes"
	"strconv"

	"golang.org/x/sys/unix"
)

// Disk I/O of a process comes from /proc/PID/io. Of its counters only read_bytes and write_bytes
// count bytes that reached (or were sent to) storage; rchar and wchar also count reads served
// from the page cache and writes to pipes and sockets, which is not disk I/O.
//
// The kernel lets a process read another's io file only with ptrace access, so for an ordinary
// user every other user's process answers EACCES. The sampler remembers that answer for the
// life of the task (keyed by PID and start time) and does not ask again: a process that changes
// its credentials later keeps being shown as "no permission".

// ParseProcIO returns the read_bytes and write_bytes counters from the bytes of /proc/PID/io;
// ok is false unless both were found with a valid number.
func ParseProcIO(b []byte) (readBytes, writeBytes uint64, ok bool) {
	var haveRead, haveWrite bool
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		key, val, found := bytes.Cut(line, []byte(": "))
		if !found {
			continue
		}
		var dst *uint64
		switch string(key) {
		case "read_bytes":
			dst, haveRead = &readBytes, true
		case "write_bytes":
			dst, haveWrite = &writeBytes, true
		default:
			continue
		}
		n, err := strconv.ParseUint(string(bytes.TrimSpace(val)), 10, 64)
		if err != nil {
			return 0, 0, false
		}
		*dst = n
	}
	if !haveRead || !haveWrite {
		return 0, 0, false
	}
	return readBytes, writeBytes, true
}

// ioState is what the sampler remembers of a process's I/O counters.
type ioState struct {
	// denied says the kernel refused the io file once; it is not asked again.
	denied bool
	// known says read and write hold counters from an earlier sample.
	known       bool
	read, write uint64
}

// readIO reads pid's io counters into p, turning them into rates over seconds (0: the first
// sample of this process, whose rates are zero).
func (s *Sampler) readIO(rootfd, pid int, m *procMemo, seconds float64, p *Process) {
	if m.io.denied {
		p.IOUnavailable = true
		return
	}
	fd, err := openAt(rootfd, s.path.set(pid, "/io"), 0)
	var n int
	if err == nil {
		n, err = readOnce(fd, s.statBuf)
		unix.Close(fd)
	}
	if err != nil {
		if isDenied(err) {
			m.io.denied = true
		}
		p.IOUnavailable = true
		return
	}
	r, w, ok := ParseProcIO(s.statBuf[:n])
	if !ok {
		p.IOUnavailable = true
		return
	}
	p.ReadBytes, p.WriteBytes = r, w
	if m.io.known && seconds > 0 {
		p.ReadBytesPerSec = byteRate(m.io.read, r, seconds)
		p.WriteBytesPerSec = byteRate(m.io.write, w, seconds)
	}
	m.io.known, m.io.read, m.io.write = true, r, w
}

// byteRate is the bytes per second of a counter that went from before to after over seconds. A
// counter that went backwards cannot be a rate: 0.
func byteRate(before, after uint64, seconds float64) float64 {
	if after <= before || seconds <= 0 {
		return 0
	}
	return float64(after-before) / seconds
}
