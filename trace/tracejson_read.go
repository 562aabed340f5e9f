package trace

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// errTraceJSON tells why a trace file was refused.
var errTraceJSON = errors.New("trace: not a taskscope trace")

// stateByName is the reverse of ThreadState.String.
var stateByName = func() map[string]ThreadState {
	m := map[string]ThreadState{}
	for i, n := range stateNames {
		m[n] = ThreadState(i)
	}
	return m
}()

// ReadJSON reads a trace in the format WriteJSON writes (`taskscope trace --json`), so
// a recorded trace can be shown or tested again. Figures missing from the file (it may come
// from a version that did not write them) are computed from the runs. Anything that does not
// make sense (a run that ends before it starts, a core past the core count, runs out of order)
// is an error: a trace is not repaired by guessing.
func ReadJSON(r io.Reader) (*Trace, error) {
	var in jsonTrace
	dec := json.NewDecoder(io.LimitReader(r, 1<<30))
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("%w: %w", errTraceJSON, err)
	}
	switch {
	case in.Source != SourcePerf && in.Source != SourceTracepoint && in.Source != SourceSampled:
		return nil, fmt.Errorf("%w: source %q", errTraceJSON, in.Source)
	case in.Cores < 1 || in.Cores > 1<<16:
		return nil, fmt.Errorf("%w: %d cores", errTraceJSON, in.Cores)
	case in.EndNS < in.StartNS:
		return nil, fmt.Errorf("%w: ends at %d before it starts at %d", errTraceJSON, in.EndNS, in.StartNS)
	case in.Cores*len(in.Threads) > maxTraceCoreSlots:
		// Each thread keeps its time per core: a few bytes of JSON naming 65,536 cores and
		// thousands of empty threads would otherwise ask for gigabytes (found by the fuzzer).
		return nil, fmt.Errorf("%w: %d threads on %d cores is more than a trace holds", errTraceJSON, len(in.Threads), in.Cores)
	}
	tr := &Trace{Source: in.Source, Exact: in.Exact, Reason: in.Reason, Lost: in.Lost,
		StartNS: in.StartNS, EndNS: in.EndNS, Cores: in.Cores}
	for _, s := range in.LostSpans {
		tr.LostSpans = append(tr.LostSpans, CoreSpan{s.Core, s.StartNS, s.EndNS})
	}
	deref := func(p *int64) int64 {
		if p == nil {
			return 0
		}
		return *p
	}
	for _, p := range in.Processes {
		tr.Processes = append(tr.Processes, Process{PID: p.PID, PPID: p.PPID, Name: p.Name, Born: deref(p.BornNS), Ended: deref(p.EndedNS)})
	}
	for _, jt := range in.Threads {
		th := Thread{PID: jt.PID, TID: jt.TID, Name: jt.Name, Process: jt.Process,
			Born: deref(jt.BornNS), Ended: deref(jt.EndedNS), Before: stateByName[jt.Before],
			Voluntary: jt.Voluntary, Involuntary: jt.Involuntary, Migrations: jt.Migrations,
		}
		var last int64
		for i, r := range jt.Runs {
			if r.Core < 0 || r.Core >= in.Cores || r.EndNS < r.StartNS || r.StartNS < last {
				return nil, fmt.Errorf("%w: thread %d run %d (core %d, %d to %d)", errTraceJSON, jt.TID, i, r.Core, r.StartNS, r.EndNS)
			}
			last = r.EndNS
			after, ok := stateByName[r.After]
			if !ok {
				after = StateUnknown
			}
			th.Runs = append(th.Runs, Run{Core: r.Core, Start: r.StartNS, End: r.EndNS, After: after})
			th.RunNS += r.EndNS - r.StartNS
			// CoreNS grows to the highest core the thread ran on, not to Cores: a trace may
			// name many cores and threads that never ran.
			if r.Core >= len(th.CoreNS) {
				th.CoreNS = append(th.CoreNS, make([]int64, r.Core+1-len(th.CoreNS))...)
			}
			th.CoreNS[r.Core] += r.EndNS - r.StartNS
		}
		for _, u := range jt.Unknown {
			if u.EndNS < u.StartNS {
				return nil, fmt.Errorf("%w: thread %d unknown stretch %d to %d", errTraceJSON, jt.TID, u.StartNS, u.EndNS)
			}
			th.Unknown = append(th.Unknown, Span{u.StartNS, u.EndNS})
		}
		tr.Threads = append(tr.Threads, th)
	}
	return tr, nil
}

// maxTraceCoreSlots bounds threads × cores in a trace read back (room for 10,000 threads on 256
// cores), so that a small file cannot make its readers size tables by numbers it merely names.
const maxTraceCoreSlots = 1 << 22
