package record

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/trace"
)

// RecordedTrace is an exact trace read back from a recording: the part of an trace.Trace that
// one trace chunk holds, and the offset that lines its CLOCK_MONOTONIC times up with the samples'
// wall-clock times.
type RecordedTrace struct {
	*trace.Trace
	// MonoToUnixNS is added to a time of the trace to get Unix nanoseconds.
	MonoToUnixNS int64
}

// monoToUnix returns the offset between CLOCK_MONOTONIC and the wall clock now.
func monoToUnix() int64 {
	var ts unix.Timespec
	unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	return time.Now().UnixNano() - ts.Nano()
}

// AppendTrace records the part of tr after from (ns of CLOCK_MONOTONIC; 0 for all of it): runs,
// unknown and lost stretches are cut to [from, tr.EndNS], so a recorder that appends a growing
// trace every second, passing the previous EndNS as from, writes each stretch once. The
// per-thread figures (run time, switches, migrations) are written as tr has them: totals since
// the trace began. Samples not yet written go first, so the file stays in time order.
func (w *Writer) AppendTrace(tr *trace.Trace, from int64) error {
	if w.err != nil {
		return fmt.Errorf("record: %w: %w", ErrStopped, w.err)
	}
	if w.closed {
		return errors.New("record: append after close")
	}
	if tr.EndNS < tr.StartNS {
		return fmt.Errorf("record: trace ends (%d) before it starts (%d)", tr.EndNS, tr.StartNS)
	}
	part := clipTrace(tr, from)
	if err := w.flush(); err != nil {
		return err
	}
	clock := w.monoToUnix
	if clock == nil {
		clock = monoToUnix
	}
	off := clock()
	raw := encodeTrace(part, off)
	return w.writeChunk(kindTrace, 0, uint32(len(part.Threads)), part.StartNS+off, part.EndNS+off, raw)
}

// clipTrace returns the part of tr from from on, sharing nothing it changes with tr.
func clipTrace(tr *trace.Trace, from int64) *trace.Trace {
	if from <= tr.StartNS {
		return tr
	}
	from = min(from, tr.EndNS)
	out := *tr
	out.StartNS = from
	out.LostSpans = nil
	for _, s := range tr.LostSpans {
		if s.End > from {
			s.Start = max(s.Start, from)
			out.LostSpans = append(out.LostSpans, s)
		}
	}
	out.Threads = nil
	for _, th := range tr.Threads {
		c := th
		c.Runs, c.Unknown = nil, nil
		for _, r := range th.Runs {
			if r.End > from {
				r.Start = max(r.Start, from)
				c.Runs = append(c.Runs, r)
			}
		}
		for _, s := range th.Unknown {
			if s.End > from {
				s.Start = max(s.Start, from)
				c.Unknown = append(c.Unknown, s)
			}
		}
		if len(c.Runs) > 0 || len(c.Unknown) > 0 || th.Born >= from || th.Ended >= from {
			out.Threads = append(out.Threads, c)
		}
	}
	return &out
}

// encodeTrace writes every field of tr, times as varint deltas.
func encodeTrace(tr *trace.Trace, off int64) []byte {
	e := enc{}
	e.varint(off)
	e.str(tr.Source)
	e.bool1(tr.Exact)
	e.str(tr.Reason)
	e.uvarint(tr.Lost)
	e.varint(tr.StartNS)
	e.varint(tr.EndNS - tr.StartNS)
	e.uvarint(uint64(max(tr.Cores, 0)))
	e.uvarint(uint64(len(tr.LostSpans)))
	for _, s := range tr.LostSpans {
		e.varint(int64(s.Core))
		e.varint(s.Start - tr.StartNS)
		e.varint(s.End - s.Start)
	}
	e.uvarint(uint64(len(tr.Threads)))
	for _, th := range tr.Threads {
		e.varint(int64(th.PID))
		e.varint(int64(th.TID))
		e.str(th.Name)
		e.str(th.Process)
		e.varint(th.Born)
		e.varint(th.Ended)
		e.byte1(byte(th.Before))
		e.uvarint(uint64(len(th.Runs)))
		prev := tr.StartNS
		for _, r := range th.Runs {
			e.varint(int64(r.Core))
			e.varint(r.Start - prev)
			e.varint(r.End - r.Start)
			e.byte1(byte(r.After))
			prev = r.End
		}
		e.uvarint(uint64(len(th.Unknown)))
		for _, s := range th.Unknown {
			e.varint(s.Start - tr.StartNS)
			e.varint(s.End - s.Start)
		}
		e.varint(th.RunNS)
		e.varint(int64(th.Voluntary))
		e.varint(int64(th.Involuntary))
		e.varint(int64(th.Migrations))
		e.uvarint(uint64(len(th.CoreNS)))
		for _, ns := range th.CoreNS {
			e.varint(ns)
		}
	}
	e.uvarint(uint64(len(tr.Processes)))
	for _, p := range tr.Processes {
		e.varint(int64(p.PID))
		e.varint(int64(p.PPID))
		e.str(p.Name)
		e.varint(p.Born)
		e.varint(p.Ended)
	}
	return e.b
}

// Traces returns every exact trace chunk of the recording, in file order. Damaged ones are
// skipped and named in Problems.
func (r *Reader) Traces() ([]RecordedTrace, error) {
	var out []RecordedTrace
	for _, c := range r.traces {
		raw, err := r.payload(c)
		if err == nil {
			var tr RecordedTrace
			if tr, err = decodeTrace(raw); err == nil {
				out = append(out, tr)
				continue
			}
		}
		if !errors.Is(err, errChecksum) && !errors.Is(err, errBadRecord) {
			return out, fmt.Errorf("record: read trace at byte %d: %w", c.offset, err)
		}
		r.problem("the trace chunk at byte %d is damaged (%v): skipped", c.offset, err)
	}
	return out, nil
}

func decodeTrace(raw []byte) (RecordedTrace, error) {
	d := dec{b: raw}
	off := d.varint()
	tr := &trace.Trace{}
	tr.Source = d.str()
	tr.Exact = d.bool1()
	tr.Reason = d.str()
	tr.Lost = d.uvarint()
	tr.StartNS = d.varint()
	tr.EndNS = tr.StartNS + d.varint()
	tr.Cores = int(d.uvarint() & 0xffffff)
	for range d.count(3) {
		s := trace.CoreSpan{Core: d.int(), Start: tr.StartNS + d.varint()}
		s.End = s.Start + d.varint()
		tr.LostSpans = append(tr.LostSpans, s)
	}
	for range d.count(10) {
		th := trace.Thread{PID: d.int(), TID: d.int(), Name: d.str(), Process: d.str(),
			Born: d.varint(), Ended: d.varint(), Before: trace.ThreadState(d.byte1())}
		prev := tr.StartNS
		for range d.count(4) {
			r := trace.Run{Core: d.int()}
			r.Start = prev + d.varint()
			r.End = r.Start + d.varint()
			r.After = trace.ThreadState(d.byte1())
			if r.End < r.Start {
				return RecordedTrace{}, fmt.Errorf("%w: a run ends before it starts", errBadRecord)
			}
			th.Runs = append(th.Runs, r)
			prev = r.End
		}
		for range d.count(2) {
			s := trace.Span{Start: tr.StartNS + d.varint()}
			s.End = s.Start + d.varint()
			th.Unknown = append(th.Unknown, s)
		}
		th.RunNS = d.varint()
		th.Voluntary = d.int()
		th.Involuntary = d.int()
		th.Migrations = d.int()
		for range d.count(1) {
			th.CoreNS = append(th.CoreNS, d.varint())
		}
		if d.err != nil {
			break
		}
		tr.Threads = append(tr.Threads, th)
	}
	for range d.count(5) {
		tr.Processes = append(tr.Processes, trace.Process{PID: d.int(), PPID: d.int(), Name: d.str(),
			Born: d.varint(), Ended: d.varint()})
	}
	if d.err != nil {
		return RecordedTrace{}, fmt.Errorf("%w: %w", errBadRecord, d.err)
	}
	return RecordedTrace{Trace: tr, MonoToUnixNS: off}, nil
}
