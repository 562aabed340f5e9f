package lesson

import (
	"fmt"
	"math"
	"slices"
)

// Span is a stretch a thread spent on a CPU, in ns of one clock.
type Span struct{ Start, End int64 }

// Thread is one traced thread and its runs, in time order.
type Thread struct {
	PID, TID      int
	Name, Process string
	Runs          []Span
}

// Trace is what a traced program did: its threads' runs between StartNS and EndNS. It is the
// lesson's own copy of the tracer's result (see tracer.go), so the figures and the handout do
// not depend on the tracer's types.
type Trace struct {
	StartNS, EndNS int64
	// Exact is true when every context switch was seen; Reason says why not otherwise.
	Exact  bool
	Reason string
	Cores  int
	// Threads are the program's threads, its child processes' threads included.
	Threads []Thread
}

// Wall is the length of the trace in nanoseconds.
func (t *Trace) Wall() int64 { return t.EndNS - t.StartNS }

// clip cuts s to [from, to]; ok is false when nothing is left.
func clip(s Span, from, to int64) (Span, bool) {
	s.Start, s.End = max(s.Start, from), min(s.End, to)
	return s, s.End > s.Start
}

// Parallelism is the threads' CPU time over the trace's wall time: 1 means one core's worth of
// work on average, 2 two cores' worth. 0 for an empty trace.
func Parallelism(t *Trace) float64 {
	wall := t.Wall()
	if wall <= 0 {
		return 0
	}
	var cpu int64
	for _, th := range t.Threads {
		for _, r := range th.Runs {
			if c, ok := clip(r, t.StartNS, t.EndNS); ok {
				cpu += c.End - c.Start
			}
		}
	}
	return float64(cpu) / float64(wall)
}

// edge is a run beginning (+1) or ending (-1) at a time.
type edge struct {
	at    int64
	delta int
}

// edges lists every run's start and end within [from, to], sorted by time, ends first on a tie
// (a thread handing the CPU to another at the same instant is not overlap).
func edges(t *Trace, from, to int64) []edge {
	var es []edge
	for _, th := range t.Threads {
		for _, r := range th.Runs {
			if c, ok := clip(r, from, to); ok {
				es = append(es, edge{c.Start, +1}, edge{c.End, -1})
			}
		}
	}
	slices.SortFunc(es, func(a, b edge) int {
		if a.at != b.at {
			if a.at < b.at {
				return -1
			}
			return 1
		}
		return a.delta - b.delta
	})
	return es
}

// OverlapShare is the share of the trace's wall time during which two or more of its threads
// were on a CPU at once, from 0 to 1.
func OverlapShare(t *Trace) float64 {
	wall := t.Wall()
	if wall <= 0 {
		return 0
	}
	return float64(overlapNS(t, t.StartNS, t.EndNS)) / float64(wall)
}

// overlapNS is the time in [from, to] with two or more threads running.
func overlapNS(t *Trace, from, to int64) int64 {
	var both, since int64
	running := 0
	for _, e := range edges(t, from, to) {
		if running >= 2 {
			both += e.at - since
		}
		running += e.delta
		since = e.at
	}
	return both
}

// RunFigures are the figures of a run step, under the names of the JSON handout.
func RunFigures(t *Trace) map[string]any {
	return map[string]any{
		"parallelism":   round3(Parallelism(t)),
		"overlap_share": round3(OverlapShare(t)),
		"threads":       len(BusyThreads(t)),
		"wall_s":        round3(float64(t.Wall()) / 1e9),
		"exact":         t.Exact,
	}
}

// round3 keeps three decimals, which is all a figure on a slide or in JSON needs.
func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// busyShare is how much CPU time, against the busiest thread's, makes a thread one of the
// program's workers: a launcher script's many short-lived helpers stay below it.
const busyShare = 0.05

// cpuNS is the thread's time on a CPU within the trace.
func cpuNS(t *Trace, th *Thread) int64 {
	var n int64
	for _, r := range th.Runs {
		if c, ok := clip(r, t.StartNS, t.EndNS); ok {
			n += c.End - c.Start
		}
	}
	return n
}

// BusyThreads returns the indexes of the threads that did a noticeable part of the work: at
// least busyShare of the busiest thread's CPU time. They are the ones the figures and the
// zoom are about; a program started through a wrapper script (pyenv's shims, for one) runs
// dozens of tiny helper processes first.
func BusyThreads(t *Trace) []int {
	var top int64
	cpu := make([]int64, len(t.Threads))
	for i := range t.Threads {
		cpu[i] = cpuNS(t, &t.Threads[i])
		top = max(top, cpu[i])
	}
	var out []int
	for i, c := range cpu {
		if c > 0 && float64(c) >= busyShare*float64(top) {
			out = append(out, i)
		}
	}
	return out
}

// FiguresLine is the two figures of a program in one short line for a caption:
// "parallelism 0.99 · 2+ threads at once 0.3% of the run". "" for an empty trace.
func FiguresLine(t *Trace) string {
	if t == nil || t.Wall() <= 0 {
		return ""
	}
	share := 100 * OverlapShare(t)
	digits := 0
	if share < 10 {
		digits = 1
	}
	return fmt.Sprintf("parallelism %.2f · 2+ threads at once %.*f%% of the run", Parallelism(t), digits, share)
}

// Active returns the trace cut at the end of its last run: a trace that goes on after its
// program ended (the Timeline's, until Stop) would otherwise count the idle time after the
// end as part of the run and make parallelism look small.
func (t *Trace) Active() *Trace {
	var last int64
	for _, th := range t.Threads {
		if n := len(th.Runs); n > 0 {
			last = max(last, th.Runs[n-1].End)
		}
	}
	c := *t
	if last > c.StartNS && last < c.EndNS {
		c.EndNS = last
	}
	return &c
}
