package timelinemodel

import (
	"fmt"
	"sort"
	"strings"

	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui/model"
)

// TimelineSeg is a stretch of one row, in pixels from the left of the plot (the part inside the
// window) and in time (the whole stretch, which may begin or end outside the window).
type TimelineSeg struct {
	X0, X1     float32
	Start, End int64
	State      trace.ThreadState
	Core       int // the core, when State is StateRunning
	// Mixed: several stretches, each narrower than a pixel, share these pixels; State is the
	// one that took most of the time, Core the core it ran on most, and RunShare the part of
	// the time the thread was running (0 to 1), so a busy stretch is drawn busy however the
	// runs are cut.
	Mixed    bool
	RunShare float32
}

// TimelineMark is a birth or an exit on a row.
type TimelineMark struct {
	X     float32
	T     int64
	Birth bool
}

// TimelineRow is one row: a process heading, or one of its threads.
type TimelineRow struct {
	Header   bool
	PID, TID int
	Depth    int // how deep the process is among the traced processes (its children are deeper)
	Label    string
	Figures  string
	Segs     []TimelineSeg
	Unknown  []TimelineSeg // stretches where records were lost, drawn over the rest
	Marks    []TimelineMark
}

// TimelineTick is a label of the time axis.
type TimelineTick struct {
	X     float32
	Label string
}

// Timeline is what the Timeline tab draws: one row per thread, grouped under its process,
// child processes under their parent, over the view's window, laid out for a plot Width pixels
// wide.
type Timeline struct {
	Start, End int64
	Width      float32
	Caption    string
	Exact      bool
	Rows       []TimelineRow
	Ticks      []TimelineTick
	// Origin is the trace's start, from which the axis and the descriptions count.
	Origin int64
}

// BuildTimeline lays out the view v of tr for a plot width pixels wide. A nil trace gives an
// empty timeline whose caption says how to start one.
func BuildTimeline(tr *trace.Trace, v TimelineView, width float32) *Timeline {
	return buildTimeline(tr, v, width, NewTimelineBuilder())
}

func buildTimeline(tr *trace.Trace, v TimelineView, width float32, b *TimelineBuilder) *Timeline {
	tl := &Timeline{Width: max(width, 1)}
	if tr == nil {
		tl.Caption = "Nothing traced yet: Run… starts a program and traces it; Attach… (or a selected process's Trace) traces one of yours."
		return tl
	}
	tl.Start, tl.End = v.Window(tr)
	tl.Origin = tr.StartNS
	tl.Exact = tr.Exact
	tl.Caption = TraceCaption(tr)
	tl.Ticks = axisTicks(tl.Start, tl.End, tl.Origin, tl.Width)
	byPID := map[int][]*trace.Thread{}
	for i := range tr.Threads {
		th := &tr.Threads[i]
		byPID[th.PID] = append(byPID[th.PID], th)
	}
	for _, p := range traceProcessOrder(tr) {
		threads := byPID[p.proc.PID]
		if len(threads) == 0 {
			continue
		}
		tl.Rows = append(tl.Rows, tl.headerRow(p.proc, p.depth, threads))
		for _, th := range threads {
			tl.Rows = append(tl.Rows, tl.threadRow(tr, th, p.depth, b))
		}
	}
	return tl
}

// traceProc is a process with its depth in the parent tree.
type traceProc struct {
	proc  trace.Process
	depth int
}

// traceProcessOrder lists the processes of tr parent first, each followed by its children (by PID).
func traceProcessOrder(tr *trace.Trace) []traceProc {
	known := map[int]bool{}
	for _, p := range tr.Processes {
		known[p.PID] = true
	}
	kids := map[int][]trace.Process{}
	var roots []trace.Process
	for _, p := range tr.Processes {
		if p.PPID != 0 && p.PPID != p.PID && known[p.PPID] {
			kids[p.PPID] = append(kids[p.PPID], p)
		} else {
			roots = append(roots, p)
		}
	}
	var out []traceProc
	seen := map[int]bool{}
	var walk func(p trace.Process, depth int)
	walk = func(p trace.Process, depth int) {
		if seen[p.PID] {
			return
		}
		seen[p.PID] = true
		out = append(out, traceProc{p, depth})
		for _, c := range kids[p.PID] {
			walk(c, depth+1)
		}
	}
	for _, r := range roots {
		walk(r, 0)
	}
	return out
}

// px places time t on the plot.
func (tl *Timeline) px(t int64) float32 {
	return float32(float64(t-tl.Start) / float64(tl.End-tl.Start) * float64(tl.Width))
}

// headerRow is the heading of process p.
func (tl *Timeline) headerRow(p trace.Process, depth int, threads []*trace.Thread) TimelineRow {
	r := TimelineRow{Header: true, PID: p.PID, Depth: depth}
	r.Label = fmt.Sprintf("%s (PID %d)", p.Name, p.PID)
	var run int64
	for _, th := range threads {
		run += th.RunNS
	}
	parts := []string{model.Plural(len(threads), "thread", "threads"), "run " + FormatNS(run)}
	if p.Born != 0 {
		parts = append(parts, "began at "+tl.formatAt(p.Born))
	}
	if p.Ended != 0 {
		parts = append(parts, "ended at "+tl.formatAt(p.Ended))
	}
	r.Figures = strings.Join(parts, " · ")
	tl.addMarks(&r, p.Born, p.Ended)
	return r
}

// threadRow lays out one thread's runs and the states between them.
func (tl *Timeline) threadRow(tr *trace.Trace, th *trace.Thread, depth int, b *TimelineBuilder) TimelineRow {
	r := TimelineRow{PID: th.PID, TID: th.TID, Depth: depth}
	r.Label = fmt.Sprintf("%s %d", th.Name, th.TID)
	r.Figures = ThreadFigures(th)
	tl.addMarks(&r, th.Born, th.Ended)
	from := max(tr.StartNS, th.Born)
	until := tr.EndNS
	if th.Ended != 0 {
		until = th.Ended
	}
	e := segEmitter{tl: tl}
	// The first run ending inside the window; the state before it is the run's before it.
	i := sort.Search(len(th.Runs), func(i int) bool { return th.Runs[i].End > tl.Start })
	if j := sort.Search(len(th.Runs), func(j int) bool { return th.Runs[j].Start >= tl.End }); j-i > int(tl.Width)/2 {
		// Far more runs than pixels: summarise per pixel from the running sums.
		r.Segs = tl.denseRow(th, b.sumsOf(th), max(from, tl.Start), min(until, tl.End))
		tl.addUnknown(&r, th)
		return r
	}
	prevEnd, prevState := from, th.Before
	if i > 0 {
		prevEnd, prevState = th.Runs[i-1].End, th.Runs[i-1].After
	}
	for ; i < len(th.Runs); i++ {
		run := th.Runs[i]
		if run.Start >= tl.End {
			break
		}
		e.add(prevEnd, run.Start, prevState, 0)
		e.add(run.Start, run.End, trace.StateRunning, run.Core)
		prevEnd, prevState = run.End, run.After
	}
	if prevState != trace.StateRunning && prevState != trace.StateDead {
		e.add(prevEnd, until, prevState, 0)
	}
	r.Segs = e.done()
	tl.addUnknown(&r, th)
	return r
}

// addUnknown puts th's unknown stretches inside the window on the row.
func (tl *Timeline) addUnknown(r *TimelineRow, th *trace.Thread) {
	for _, u := range th.Unknown {
		if u.End > tl.Start && u.Start < tl.End {
			a, b := max(u.Start, tl.Start), min(u.End, tl.End)
			r.Unknown = append(r.Unknown, TimelineSeg{X0: tl.px(a), X1: max(tl.px(b), tl.px(a)+1), Start: u.Start, End: u.End, State: trace.StateUnknown})
		}
	}
}

// addMarks puts births and exits inside the window on the row.
func (tl *Timeline) addMarks(r *TimelineRow, born, ended int64) {
	if born != 0 && born >= tl.Start && born < tl.End {
		r.Marks = append(r.Marks, TimelineMark{X: tl.px(born), T: born, Birth: true})
	}
	if ended != 0 && ended >= tl.Start && ended < tl.End {
		r.Marks = append(r.Marks, TimelineMark{X: tl.px(ended), T: ended})
	}
}
