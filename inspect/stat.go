package inspect

import (
	"bytes"
	"errors"
	"math"
)

// errStatMalformed and errStatTruncated tell why a task stat line was skipped. Both are rare
// (the kernel writes these lines), so they are plain sentinels: the hot loop must not allocate.
var (
	errStatMalformed = errors.New("inspect: malformed stat line")
	errStatTruncated = errors.New("inspect: truncated stat line")
)

// pfKthread is PF_KTHREAD from include/linux/sched.h: the task is a kernel thread.
const pfKthread = 0x00200000

// taskStat holds the fields of /proc/PID/stat or /proc/PID/task/TID/stat that the sampler uses.
// Field numbers follow proc(5).
type taskStat struct {
	comm       []byte // field 2, without the parentheses; aliases the parsed buffer
	state      byte   // field 3
	ppid       int    // field 4
	flags      uint64 // field 9
	utime      uint64 // field 14, clock ticks
	stime      uint64 // field 15, clock ticks
	numThreads int    // field 20
	startTicks uint64 // field 22, clock ticks since boot
	rssPages   uint64 // field 24
	processor  int    // field 39
}

// cpuTicks is the task's CPU time, user plus system, in clock ticks.
func (t *taskStat) cpuTicks() uint64 { return t.utime + t.stime }

// kernelThread reports whether the PF_KTHREAD flag is set.
func (t *taskStat) kernelThread() bool { return t.flags&pfKthread != 0 }

// lastField is the highest field number parseTaskStat needs.
const lastField = 39

// parseTaskStat parses one stat line into st. It is the sampler's hot loop, so it works on the
// bytes in place and does not allocate.
//
// The command name may hold spaces and ')' and is not escaped, so the name runs from the first
// '(' to the LAST ')'. Every field it uses must be followed by a space or newline: a line cut
// short inside a number would otherwise yield a wrong value instead of an error.
func parseTaskStat(b []byte, st *taskStat) error {
	open := bytes.IndexByte(b, '(')
	end := bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return errStatMalformed
	}
	st.comm = b[open+1 : end]
	i := end + 1
	for field := 3; field <= lastField; field++ {
		if i >= len(b) || b[i] == '\n' {
			return errStatTruncated
		}
		if b[i] != ' ' {
			return errStatMalformed
		}
		i++
		j := i
		for j < len(b) && b[j] != ' ' && b[j] != '\n' {
			j++
		}
		if j == len(b) {
			return errStatTruncated
		}
		tok := b[i:j]
		i = j
		var ok bool
		switch field {
		case 3:
			ok = len(tok) == 1 && isStateLetter(tok[0])
			if ok {
				st.state = tok[0]
			}
		case 4:
			st.ppid, ok = parseSmallInt(tok)
		case 9:
			st.flags, ok = parseUint(tok)
		case 14:
			st.utime, ok = parseUint(tok)
		case 15:
			st.stime, ok = parseUint(tok)
		case 20:
			st.numThreads, ok = parseSmallInt(tok)
		case 22:
			st.startTicks, ok = parseUint(tok)
		case 24:
			st.rssPages, ok = parseUint(tok)
		case 39:
			st.processor, ok = parseSmallInt(tok)
		default:
			ok = len(tok) > 0
		}
		if !ok {
			return errStatMalformed
		}
	}
	// utime+stime must not wrap: a sum that overflows is nonsense, not a huge CPU time.
	if st.utime > math.MaxUint64-st.stime {
		return errStatMalformed
	}
	return nil
}

// isStateLetter reports whether c is a scheduler state letter the kernel prints in stat.
func isStateLetter(c byte) bool {
	switch c {
	case 'R', 'S', 'D', 'Z', 'T', 't', 'X', 'x', 'I', 'K', 'W', 'P':
		return true
	}
	return false
}

// parseUint parses a non-empty run of decimal digits, refusing anything that would overflow.
func parseUint(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 20 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		d := uint64(c - '0')
		if n > (math.MaxUint64-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}

// parseSmallInt parses a non-negative decimal that fits in an int32: PIDs, thread counts, CPU numbers.
func parseSmallInt(b []byte) (int, bool) {
	n, ok := parseUint(b)
	if !ok || n > math.MaxInt32 {
		return 0, false
	}
	return int(n), true
}
