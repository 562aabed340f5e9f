package trace

import "github.com/taskscope/taskscope/trace/internal/perf"

// checkCore keeps, for a whole-machine trace, which task each core runs, and catches the
// switches the kernel did not report. Every switch on a core names the task leaving it; when
// that is not the task the core last switched to, records were missed between the two (seen
// on a virtual machine, where some tasks' switches out never reach the ring). What happened on
// the core in between is then unknown: the stretch is counted and drawn as lost, the task
// believed on the core has its run ended as unknown, and the leaving task, whose arrival was
// not seen, is not given a run it may not have had.
func (b *traceBuilder) checkCore(r *perf.Record) {
	c := r.CPU
	if c < 0 || c >= b.cores {
		return
	}
	if b.onCore == nil {
		b.onCore, b.onCoreAt = make([]int, b.cores), make([]int64, b.cores)
		for i := range b.onCore {
			b.onCore[i] = -1
		}
	}
	was, since := b.onCore[c], b.onCoreAt[c]
	b.onCore[c], b.onCoreAt[c] = r.NextTID, r.Time
	if was < 0 || was == r.PrevTID {
		return
	}
	from := max(since, b.start)
	b.lost++
	b.lostSpans = append(b.lostSpans, CoreSpan{Core: c, Start: from, End: max(r.Time, from)})
	if th := b.threads[was]; th != nil && th.onCPU && th.runCore == c {
		th.onCPU = false
		th.state, th.offSince, th.unknownFrom = StateUnknown, th.runStart, 0
		th.unknown = append(th.unknown, Span{max(th.runStart, b.start), max(r.Time, th.runStart, b.start)})
	}
	if r.PrevTID != 0 {
		if th := b.thread(r.PID, r.PrevTID); !th.seen && !th.onCPU {
			// Its first record is this "out", but the core ran another task since the trace
			// began: when it arrived is unknown, so it gets no run from the start.
			th.seen = true
			th.before = StateUnknown
		}
	}
}
