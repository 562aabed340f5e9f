package trace

import "sort"

// trim forgets what ended before before, so a trace kept open for hours holds only its last
// stretch (Options.Keep). Runs are re-sliced, not cleared: Traces taken earlier share
// their backing arrays and keep their own view of them; the dropped front is freed when an
// append moves a thread's runs to a new array. Threads with nothing left in the stretch and
// not on a CPU are forgotten, and processes left with no thread. The trace then starts at
// before: it no longer knows anything earlier.
func (b *traceBuilder) trim(before int64) {
	if before <= b.start {
		return
	}
	b.start = before
	for tid, th := range b.threads {
		// A thread's runs do not overlap, so their ends are in order as their starts are.
		k := sort.Search(len(th.runs), func(i int) bool { return th.runs[i].End > before })
		th.runs = th.runs[k:]
		k = sort.Search(len(th.unknown), func(i int) bool { return th.unknown[i].End > before })
		th.unknown = th.unknown[k:]
		if th.offSince < before {
			th.offSince = before
		}
		// A thread with nothing left to draw is forgotten, whether it ended or sleeps: on a
		// whole machine most threads wake rarely, and one that runs again is met anew (its name
		// comes with the switch). Its totals (run time, switches) then count from there.
		if len(th.runs) == 0 && len(th.unknown) == 0 && !th.onCPU {
			delete(b.threads, tid)
		}
	}
	alive := make(map[int]bool, len(b.procs))
	for _, th := range b.threads {
		alive[th.pid] = true
	}
	for pid := range b.procs {
		if !alive[pid] {
			delete(b.procs, pid)
		}
	}
	n := 0
	for _, l := range b.lostSpans {
		if l.End > before {
			b.lostSpans[n] = l
			n++
		}
	}
	clear(b.lostSpans[n:])
	b.lostSpans = b.lostSpans[:n]
}
