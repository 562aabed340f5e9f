package model

import (
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/trace"
)

// TraceUntil returns tr as it stood at now (ns of CLOCK_MONOTONIC): what a live trace taken at
// that moment would have held. Runs after now are dropped, a run going on at now ends there as
// still running, threads and processes born later are left out, and each thread's totals are
// counted again over what is left. A replay shows a recording's trace this way, so that the
// Timeline tab and the Cores lanes are in step with the playback's position instead of showing
// the whole recording at once. tr is not changed (runs are shared where they are not cut); nil
// in, or now before the trace's start, gives nil; now at or after its end gives tr itself.
func TraceUntil(tr *trace.Trace, now int64) *trace.Trace {
	if tr == nil || now <= tr.StartNS {
		return nil
	}
	if now >= tr.EndNS {
		return tr
	}
	out := *tr
	out.EndNS = now
	out.Threads = make([]trace.Thread, 0, len(tr.Threads))
	for i := range tr.Threads {
		th := tr.Threads[i]
		if th.Born != 0 && th.Born > now {
			continue
		}
		if th.Ended > now {
			th.Ended = 0
		}
		th.Runs = runsUntil(th.Runs, now)
		th.Unknown = spansUntil(th.Unknown, now)
		recount(&th, tr.Cores)
		out.Threads = append(out.Threads, th)
	}
	out.Processes = make([]trace.Process, 0, len(tr.Processes))
	for _, p := range tr.Processes {
		if p.Born != 0 && p.Born > now {
			continue
		}
		if p.Ended > now {
			p.Ended = 0
		}
		out.Processes = append(out.Processes, p)
	}
	out.LostSpans = nil
	for _, s := range tr.LostSpans {
		if s.Start < now {
			s.End = min(s.End, now)
			out.LostSpans = append(out.LostSpans, s)
		}
	}
	return &out
}

// runsUntil is the runs that began before now, the last cut at now when it went on past it.
func runsUntil(runs []trace.Run, now int64) []trace.Run {
	n := 0
	for n < len(runs) && runs[n].Start < now {
		n++
	}
	if n == 0 {
		return nil
	}
	if last := runs[n-1]; last.End > now {
		cut := make([]trace.Run, n)
		copy(cut, runs[:n])
		cut[n-1].End, cut[n-1].After = now, trace.StateRunning
		return cut
	}
	return runs[:n:n]
}

// spansUntil is the spans that began before now, cut at now.
func spansUntil(spans []trace.Span, now int64) []trace.Span {
	var out []trace.Span
	for _, s := range spans {
		if s.Start < now {
			s.End = min(s.End, now)
			out = append(out, s)
		}
	}
	return out
}

// recount sets th's totals from its runs: time on a CPU and on each core, switches (a run that
// ended runnable was preempted; one that ended in any waiting state gave the CPU up) and
// migrations.
func recount(th *trace.Thread, cores int) {
	th.RunNS, th.Voluntary, th.Involuntary, th.Migrations = 0, 0, 0, 0
	th.CoreNS = make([]int64, max(cores, len(th.CoreNS)))
	for i, r := range th.Runs {
		d := r.End - r.Start
		th.RunNS += d
		if r.Core >= 0 && r.Core < len(th.CoreNS) {
			th.CoreNS[r.Core] += d
		}
		switch r.After {
		case trace.StateRunnable:
			th.Involuntary++
		case trace.StateBlocked, trace.StateSleeping, trace.StateDiskWait, trace.StateStopped:
			th.Voluntary++
		}
		if i > 0 && th.Runs[i-1].Core != r.Core {
			th.Migrations++
		}
	}
}

// TraceOffset returns the offset from the recorded traces' CLOCK_MONOTONIC times to Unix
// nanoseconds (what PublishTrace calls monoToWall), taken from the newest part; 0 with no trace.
func (p *Replay) TraceOffset() int64 { return p.traceOff }

// TraceAt returns the recording's trace as it stood when the sample s was taken (see
// TraceUntil): the Timeline tab's "now" and the Cores lanes' exact runs follow the sample shown,
// so playing, pausing, seeking and freezing move them with the rest of the window. nil when the
// recording holds no trace, or none had begun by then.
func (p *Replay) TraceAt(s *inspect.Snapshot) *trace.Trace {
	if p.trace == nil || s == nil {
		return nil
	}
	return TraceUntil(p.trace, s.Taken.UnixNano()-p.traceOff)
}

// TraceMono is the moment of the recording's trace clock (CLOCK_MONOTONIC ns) at which the
// sample s was taken.
func (p *Replay) TraceMono(s *inspect.Snapshot) int64 {
	if s == nil {
		return 0
	}
	return s.Taken.UnixNano() - p.traceOff
}

// ReplayTracingOff is why the Timeline tab's Run… and Attach… (and File → Run program… and
// Trace process…) are off while a recording is shown.
const ReplayTracingOff = "A recording is shown: Run… and Attach… would trace the live machine; File menu, Back to the live machine, turns them on."

// TraceNote is what the Timeline tab's caption says at the sample s when it shows none of the
// recording's trace: that the file holds none, or when in the recording it begins.
func (p *Replay) TraceNote(s *inspect.Snapshot) string {
	if p.trace == nil {
		return "This recording holds no exact trace (record with --trace-pid P, or trace a program in the window while recording)."
	}
	begins := time.Duration(p.trace.StartNS + p.traceOff - p.start.UnixNano())
	if s != nil && s.Taken.UnixNano()-p.traceOff >= p.trace.StartNS {
		return ""
	}
	return "The recorded trace begins " + Clock(max(begins, 0).Round(time.Second)) + " into the recording: play or seek there."
}
