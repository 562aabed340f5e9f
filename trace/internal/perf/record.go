package perf

import (
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// errRecordTruncated and errRecordMalformed tell why the bytes of a ring buffer could not be
// read as perf records. The kernel writes them, so either means a bug or a torn buffer; the
// reader counts the bytes as lost instead of guessing.
var (
	errRecordTruncated = errors.New("perf: truncated perf record")
	errRecordMalformed = errors.New("perf: malformed perf record")
)

// Kind is what a decoded perf record says happened.
type Kind uint8

const (
	Other       Kind = iota // a type the tracer does not use (skipped, counted)
	SwitchIn                // the task was put on a CPU
	SwitchOut               // the task was taken off a CPU
	Comm                    // the task was named (prctl) or exec'd (Exec set)
	Fork                    // a thread or process was created
	Exit                    // a thread ended
	Lost                    // Lost records were dropped because the ring buffer was full
	SchedSwitch             // a sched_switch tracepoint sample: Prev off, Next on
)

// sampleIDSize is the trailer sample_id_all appends to every non-sample record with the sample
// type the tracer asks for (TID, TIME, CPU): pid and tid (u32 each), time (u64), cpu and a
// reserved word (u32 each).
const sampleIDSize = 24

// SampleType is the sample_type of every event the tracer opens; the parser assumes it.
const SampleType = unix.PERF_SAMPLE_TID | unix.PERF_SAMPLE_TIME | unix.PERF_SAMPLE_CPU

// Record is one decoded record. Which fields are set depends on Kind.
type Record struct {
	Kind Kind
	Type uint32 // the raw PERF_RECORD_* type
	// From the sample_id trailer (or the sample body): who wrote it, when, where.
	PID, TID int
	Time     int64 // ns of the event clock (CLOCK_MONOTONIC)
	CPU      int
	// Switch out: the task was still runnable (preempted), not blocked.
	Preempt bool
	// Comm: the new name; Exec when the name changed because of exec.
	Name string
	Exec bool
	// Fork and exit: the task (PID, TID above are taken from the body) and its parent.
	PPID, PTID int
	// Lost: how many records were dropped, and (set by the reader, not the parser) the time
	// of the last record its ring gave before them.
	Lost     uint64
	LostFrom int64
	// Sched switch (tracepoint): the task leaving the CPU, its state, and the one arriving.
	PrevTID, NextTID   int
	PrevState          int64
	PrevComm, NextComm string
}

// Layout says where the fields of a sched_switch tracepoint sit in its raw data, as read from
// the event's format file (offsets differ between kernels).
type Layout struct {
	prevComm, prevPID, prevState, nextComm, nextPID int
	stateSize                                       int
	size                                            int // the least raw size holding every field
}

// Decode decodes the record at the start of b and returns it with its size. A record of
// an unknown type decodes as Other. tp is nil unless sched_switch samples are expected.
func Decode(b []byte, tp *Layout) (Record, int, error) {
	var r Record
	if len(b) < 8 {
		return r, 0, errRecordTruncated
	}
	typ := binary.LittleEndian.Uint32(b[0:])
	misc := binary.LittleEndian.Uint16(b[4:])
	size := int(binary.LittleEndian.Uint16(b[6:]))
	if size < 8 || size%8 != 0 {
		return r, 0, fmt.Errorf("%w: size %d", errRecordMalformed, size)
	}
	if size > len(b) {
		return r, 0, errRecordTruncated
	}
	r.Type = typ
	body := b[8:size]
	if typ == unix.PERF_RECORD_SAMPLE {
		return r, size, decodeSample(&r, body, tp)
	}
	if len(body) < sampleIDSize {
		// Every record we ask for carries the trailer; one without is of a kind we never
		// requested (or garbage): skip it, it says nothing about our tasks.
		r.Kind = Other
		return r, size, nil
	}
	trailer := body[len(body)-sampleIDSize:]
	r.PID = int(int32(binary.LittleEndian.Uint32(trailer[0:])))
	r.TID = int(int32(binary.LittleEndian.Uint32(trailer[4:])))
	r.Time = int64(binary.LittleEndian.Uint64(trailer[8:]))
	r.CPU = int(binary.LittleEndian.Uint32(trailer[16:]))
	body = body[:len(body)-sampleIDSize]
	switch typ {
	case unix.PERF_RECORD_SWITCH, unix.PERF_RECORD_SWITCH_CPU_WIDE:
		// The CPU-wide form adds the other task's pid and tid before the trailer; the task
		// that switched is the trailer's either way.
		r.Kind = SwitchIn
		if misc&unix.PERF_RECORD_MISC_SWITCH_OUT != 0 {
			r.Kind = SwitchOut
			r.Preempt = misc&unix.PERF_RECORD_MISC_SWITCH_OUT_PREEMPT != 0
		}
	case unix.PERF_RECORD_COMM:
		if len(body) < 8 {
			return r, 0, fmt.Errorf("%w: comm body of %d bytes", errRecordMalformed, len(body))
		}
		r.Kind = Comm
		r.PID = int(int32(binary.LittleEndian.Uint32(body[0:])))
		r.TID = int(int32(binary.LittleEndian.Uint32(body[4:])))
		r.Name = cString(body[8:])
		r.Exec = misc&unix.PERF_RECORD_MISC_COMM_EXEC != 0
	case unix.PERF_RECORD_FORK, unix.PERF_RECORD_EXIT:
		if len(body) < 24 {
			return r, 0, fmt.Errorf("%w: fork/exit body of %d bytes", errRecordMalformed, len(body))
		}
		r.Kind = Fork
		if typ == unix.PERF_RECORD_EXIT {
			r.Kind = Exit
		}
		r.PID = int(int32(binary.LittleEndian.Uint32(body[0:])))
		r.PPID = int(int32(binary.LittleEndian.Uint32(body[4:])))
		r.TID = int(int32(binary.LittleEndian.Uint32(body[8:])))
		r.PTID = int(int32(binary.LittleEndian.Uint32(body[12:])))
		r.Time = int64(binary.LittleEndian.Uint64(body[16:]))
	case unix.PERF_RECORD_LOST:
		if len(body) < 16 {
			return r, 0, fmt.Errorf("%w: lost body of %d bytes", errRecordMalformed, len(body))
		}
		r.Kind = Lost
		r.Lost = binary.LittleEndian.Uint64(body[8:])
	case unix.PERF_RECORD_LOST_SAMPLES:
		if len(body) < 8 {
			return r, 0, fmt.Errorf("%w: lost-samples body of %d bytes", errRecordMalformed, len(body))
		}
		r.Kind = Lost
		r.Lost = binary.LittleEndian.Uint64(body[0:])
	default:
		r.Kind = Other
	}
	return r, size, nil
}

// decodeSample decodes a PERF_RECORD_SAMPLE of a sched_switch tracepoint event, whose sample
// type is SampleType plus RAW: pid, tid, time, cpu, then the raw tracepoint data.
func decodeSample(r *Record, body []byte, tp *Layout) error {
	if tp == nil {
		r.Kind = Other
		return nil
	}
	if len(body) < 28 {
		return fmt.Errorf("%w: sample body of %d bytes", errRecordMalformed, len(body))
	}
	r.PID = int(int32(binary.LittleEndian.Uint32(body[0:])))
	r.TID = int(int32(binary.LittleEndian.Uint32(body[4:])))
	r.Time = int64(binary.LittleEndian.Uint64(body[8:]))
	r.CPU = int(binary.LittleEndian.Uint32(body[16:]))
	n := int(binary.LittleEndian.Uint32(body[24:]))
	raw := body[28:]
	if n > len(raw) || n < tp.size {
		return fmt.Errorf("%w: sched_switch raw data of %d bytes (%d in record, %d needed)", errRecordMalformed, n, len(raw), tp.size)
	}
	raw = raw[:n]
	r.Kind = SchedSwitch
	r.PrevComm = cString(raw[tp.prevComm : tp.prevComm+16])
	r.NextComm = cString(raw[tp.nextComm : tp.nextComm+16])
	r.PrevTID = int(int32(binary.LittleEndian.Uint32(raw[tp.prevPID:])))
	r.NextTID = int(int32(binary.LittleEndian.Uint32(raw[tp.nextPID:])))
	if tp.stateSize == 8 {
		r.PrevState = int64(binary.LittleEndian.Uint64(raw[tp.prevState:]))
	} else {
		r.PrevState = int64(int32(binary.LittleEndian.Uint32(raw[tp.prevState:])))
	}
	return nil
}

// cString returns the bytes of b up to its first NUL as a string.
func cString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// ringRecords walks the records of a perf ring buffer's data area from tail to head (both
// running byte counts, as the kernel keeps them), calling fn with each record's bytes. A record
// that wraps past the end of data is copied into scratch first, so fn always sees it whole; fn
// must not keep the slice. It returns how far it got: head, or the offset of a record it could
// not read (the caller then drops the rest, counting it as lost, rather than guess at a size).
func ringRecords(data []byte, tail, head uint64, scratch []byte, fn func([]byte)) (uint64, []byte, error) {
	size := uint64(len(data))
	if size == 0 || size&(size-1) != 0 {
		return tail, scratch, fmt.Errorf("%w: ring of %d bytes is not a power of two", errRecordMalformed, size)
	}
	if head-tail > size {
		return tail, scratch, fmt.Errorf("%w: head %d is more than a ring ahead of tail %d", errRecordMalformed, head, tail)
	}
	for tail < head {
		left := head - tail
		if left < 8 {
			return tail, scratch, errRecordTruncated
		}
		off := tail & (size - 1)
		var hdr [8]byte
		copyRing(hdr[:], data, off)
		n := uint64(binary.LittleEndian.Uint16(hdr[6:]))
		if n < 8 || n%8 != 0 {
			return tail, scratch, fmt.Errorf("%w: size %d at %d", errRecordMalformed, n, tail)
		}
		if n > left {
			return tail, scratch, errRecordTruncated
		}
		if off+n <= size {
			fn(data[off : off+n])
		} else {
			scratch = append(scratch[:0], make([]byte, n)...)
			copyRing(scratch, data, off)
			fn(scratch)
		}
		tail += n
	}
	return tail, scratch, nil
}

// copyRing fills dst from the ring data starting at off, wrapping to the start.
func copyRing(dst, data []byte, off uint64) {
	n := copy(dst, data[off:])
	copy(dst[n:], data)
}
