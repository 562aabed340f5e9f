package task

import (
	"bytes"
	"errors"
	"math"
)

// ErrStatMalformed and ErrStatTruncated tell why a task stat line was skipped. Both are rare
// (the kernel writes these lines), so they are plain sentinels: the hot loop must not allocate.
var (
	ErrStatMalformed = errors.New("task: malformed stat line")
	ErrStatTruncated = errors.New("task: truncated stat line")
)

// pfKthread is PF_KTHREAD from include/linux/sched.h: the task is a kernel thread.
const pfKthread = 0x00200000

// Stat holds the fields of /proc/PID/stat or /proc/PID/task/TID/stat that the sampler and the tracer use.
// Field numbers follow proc(5).
type Stat struct {
	Comm       []byte // field 2, without the parentheses; aliases the parsed buffer
	State      byte   // field 3
	PPID       int    // field 4
	Flags      uint64 // field 9
	UTime      uint64 // field 14, clock ticks
	STime      uint64 // field 15, clock ticks
	NumThreads int    // field 20
	StartTicks uint64 // field 22, clock ticks since boot
	RSSPages   uint64 // field 24
	Processor  int    // field 39
}

// CPUTicks is the task's CPU time, user plus system, in clock ticks.
func (t *Stat) CPUTicks() uint64 { return t.UTime + t.STime }

// KernelThread reports whether the PF_KTHREAD flag is set.
func (t *Stat) KernelThread() bool { return t.Flags&pfKthread != 0 }

// lastField is the highest field number ParseStat needs.
const lastField = 39

// ParseStat parses one stat line into st. It is the sampler's hot loop, so it works on the
// bytes in place and does not allocate.
//
// The command name may hold spaces and ')' and is not escaped, so the name runs from the first
// '(' to the LAST ')'. Every field it uses must be followed by a space or newline: a line cut
// short inside a number would otherwise yield a wrong value instead of an error.
func ParseStat(b []byte, st *Stat) error {
	open := bytes.IndexByte(b, '(')
	end := bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return ErrStatMalformed
	}
	st.Comm = b[open+1 : end]
	i := end + 1
	for field := 3; field <= lastField; field++ {
		if i >= len(b) || b[i] == '\n' {
			return ErrStatTruncated
		}
		if b[i] != ' ' {
			return ErrStatMalformed
		}
		i++
		j := i
		for j < len(b) && b[j] != ' ' && b[j] != '\n' {
			j++
		}
		if j == len(b) {
			return ErrStatTruncated
		}
		tok := b[i:j]
		i = j
		var ok bool
		switch field {
		case 3:
			ok = len(tok) == 1 && IsStateLetter(tok[0])
			if ok {
				st.State = tok[0]
			}
		case 4:
			st.PPID, ok = ParseSmallInt(tok)
		case 9:
			st.Flags, ok = ParseUint(tok)
		case 14:
			st.UTime, ok = ParseUint(tok)
		case 15:
			st.STime, ok = ParseUint(tok)
		case 20:
			st.NumThreads, ok = ParseSmallInt(tok)
		case 22:
			st.StartTicks, ok = ParseUint(tok)
		case 24:
			st.RSSPages, ok = ParseUint(tok)
		case 39:
			st.Processor, ok = ParseSmallInt(tok)
		default:
			ok = len(tok) > 0
		}
		if !ok {
			return ErrStatMalformed
		}
	}
	// utime+stime must not wrap: a sum that overflows is nonsense, not a huge CPU time.
	if st.UTime > math.MaxUint64-st.STime {
		return ErrStatMalformed
	}
	return nil
}

// IsStateLetter reports whether c is a scheduler state letter the kernel prints in stat.
func IsStateLetter(c byte) bool {
	switch c {
	case 'R', 'S', 'D', 'Z', 'T', 't', 'X', 'x', 'I', 'K', 'W', 'P':
		return true
	}
	return false
}

// ParseUint parses a non-empty run of decimal digits, refusing anything that would overflow.
func ParseUint(b []byte) (uint64, bool) {
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

// ParseSmallInt parses a non-negative decimal that fits in an int32: PIDs, thread counts, CPU numbers.
func ParseSmallInt(b []byte) (int, bool) {
	n, ok := ParseUint(b)
	if !ok || n > math.MaxInt32 {
		return 0, false
	}
	return int(n), true
}
