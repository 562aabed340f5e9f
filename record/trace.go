package record

import (
	"errors"
	"fmt"
)

// Trace is an exact timeline of some threads over a stretch of time: every interval each thread
// spent on a CPU, as the kernel's context-switch records tell it. It has the shape of the
// `taskscope trace --json` output; the tracer (inspect.Trace, once it exists) converts to it.
// Times are nanoseconds of CLOCK_MONOTONIC, like the tracer's.
type Trace struct {
	// Source is where the runs came from: "perf" (a program's own threads), "tracepoint" (the
	// whole machine), or "sampled".
	Source string
	// Exact is true only when every switch in [StartNS, EndNS] was seen.
	Exact bool
	// Lost counts records the kernel dropped (ring buffer full).
	Lost           uint64
	StartNS, EndNS int64
	// MonoToUnixNS is added to a monotonic time to get Unix nanoseconds, so runs line up with
	// the samples (wall clock) of the same recording.
	MonoToUnixNS int64
	Cores        int
	Threads      []TraceThread
}

// TraceThread is one traced thread and its runs.
type TraceThread struct {
	PID, TID int
	Name     string
	Process  string
	// BornNS and EndedNS are when the thread began and ended, 0 when that was not seen.
	BornNS, EndedNS int64
	Runs            []Run
}

// Run is one interval a thread spent on a CPU.
type Run struct {
	Core           int
	StartNS, EndNS int64
}

// MachineWide reports whether the trace saw every thread of the machine (the sched_switch
// tracepoint) rather than chosen programs.
func (t *Trace) MachineWide() bool { return t.Source == "tracepoint" }

// AppendTrace adds an exact trace. Samples not yet written go first, so the file stays in time
// order.
func (w *Writer) AppendTrace(tr *Trace) error {
	if w.err != nil {
		return fmt.Errorf("record: %w: %w", ErrStopped, w.err)
	}
	if w.closed {
		return errors.New("record: append after close")
	}
	if tr.EndNS < tr.StartNS {
		return fmt.Errorf("record: trace ends (%d) before it starts (%d)", tr.EndNS, tr.StartNS)
	}
	if err := w.flush(); err != nil {
		return err
	}
	e := enc{}
	e.str(tr.Source)
	e.bool1(tr.Exact)
	e.uvarint(tr.Lost)
	e.varint(tr.StartNS)
	e.varint(tr.EndNS - tr.StartNS)
	e.varint(tr.MonoToUnixNS)
	e.uvarint(uint64(max(tr.Cores, 0)))
	e.uvarint(uint64(len(tr.Threads)))
	for _, th := range tr.Threads {
		e.varint(int64(th.PID))
		e.varint(int64(th.TID))
		e.str(th.Name)
		e.str(th.Process)
		e.varint(th.BornNS)
		e.varint(th.EndedNS)
		e.uvarint(uint64(len(th.Runs)))
		prev := tr.StartNS
		for _, r := range th.Runs {
			e.varint(int64(r.Core))
			e.varint(r.StartNS - prev)
			e.varint(r.EndNS - r.StartNS)
			prev = r.EndNS
		}
	}
	return w.writeChunk(kindTrace, 0, uint32(len(tr.Threads)),
		tr.StartNS+tr.MonoToUnixNS, tr.EndNS+tr.MonoToUnixNS, e.b)
}

// Traces returns every exact trace in the recording. Damaged trace chunks are skipped and named
// in Problems.
func (r *Reader) Traces() ([]*Trace, error) {
	var out []*Trace
	for _, c := range r.traces {
		raw, err := r.payload(c)
		if err == nil {
			var tr *Trace
			if tr, err = decodeTrace(raw); err == nil {
				out = append(out, tr)
				continue
			}
		}
		if !errors.Is(err, errChecksum) && !errors.Is(err, errBadRecord) && !errors.Is(err, errShort) {
			return out, fmt.Errorf("record: read trace at byte %d: %w", c.offset, err)
		}
		r.problem("the trace chunk at byte %d is damaged (%v): skipped", c.offset, err)
	}
	return out, nil
}

func decodeTrace(raw []byte) (*Trace, error) {
	d := dec{b: raw}
	tr := &Trace{}
	tr.Source = d.str()
	tr.Exact = d.bool1()
	tr.Lost = d.uvarint()
	tr.StartNS = d.varint()
	tr.EndNS = tr.StartNS + d.varint()
	tr.MonoToUnixNS = d.varint()
	tr.Cores = int(d.uvarint() & 0xffffff)
	n := d.count(7)
	for range n {
		th := TraceThread{PID: d.int(), TID: d.int(), Name: d.str(), Process: d.str(),
			BornNS: d.varint(), EndedNS: d.varint()}
		runs := d.count(3)
		prev := tr.StartNS
		th.Runs = make([]Run, 0, runs)
		for range runs {
			core := d.int()
			start := prev + d.varint()
			end := start + d.varint()
			if end < start {
				return nil, fmt.Errorf("%w: a run ends before it starts", errBadRecord)
			}
			th.Runs = append(th.Runs, Run{Core: core, StartNS: start, EndNS: end})
			prev = end
		}
		if d.err != nil {
			break
		}
		tr.Threads = append(tr.Threads, th)
	}
	if d.err != nil {
		return nil, fmt.Errorf("%w: %w", errBadRecord, d.err)
	}
	return tr, nil
}
