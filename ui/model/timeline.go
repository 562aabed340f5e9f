package model

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// TimelineSpans are the widths of time the Timeline tab can show, from the last minute down to
// a millisecond.
var TimelineSpans = []time.Duration{
	time.Millisecond, 2 * time.Millisecond, 5 * time.Millisecond, 10 * time.Millisecond,
	20 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond,
	500 * time.Millisecond, time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second,
	20 * time.Second, time.Minute,
}

// TimelineView is which stretch of a trace the Timeline shows: Span wide, ending at End (ns of
// CLOCK_MONOTONIC), or at the newest moment of the trace while Follow is set.
type TimelineView struct {
	Span   time.Duration
	End    int64
	Follow bool
}

// DefaultTimelineView follows the trace, ten seconds wide.
func DefaultTimelineView() TimelineView { return TimelineView{Span: 10 * time.Second, Follow: true} }

// Window is the stretch [start, end) the view shows of tr, kept inside the trace where it can be.
func (v TimelineView) Window(tr *inspect.Trace) (start, end int64) {
	span := int64(v.Span)
	if span <= 0 {
		span = int64(10 * time.Second)
	}
	end = v.End
	if tr != nil && (v.Follow || end == 0 || end > tr.EndNS) {
		end = tr.EndNS
	}
	if tr != nil && end-span < tr.StartNS && tr.StartNS+span > end {
		// Less of the trace than the window: start at its start.
		end = tr.StartNS + span
	}
	return end - span, end
}

// Zoom changes the span by steps along TimelineSpans (negative: closer), keeping the moment
// under the pointer (frac of the width from the left) where it is. Zooming stops following.
func (v TimelineView) Zoom(steps int, frac float64, tr *inspect.Trace) TimelineView {
	i, ok := slices.BinarySearch(TimelineSpans, v.Span)
	if !ok {
		i = min(i, len(TimelineSpans)-1)
	}
	j := min(max(i+steps, 0), len(TimelineSpans)-1)
	if j == i && ok {
		return v
	}
	start, end := v.Window(tr)
	frac = min(max(frac, 0), 1)
	anchor := start + int64(frac*float64(end-start))
	next := TimelineSpans[j]
	newEnd := anchor + int64((1-frac)*float64(next))
	follow := v.Follow && steps > 0
	return TimelineView{Span: next, End: newEnd, Follow: follow}.clamp(tr)
}

// Pan moves the view by frac of its width (positive: later). Panning back stops following;
// reaching the newest moment follows again.
func (v TimelineView) Pan(frac float64, tr *inspect.Trace) TimelineView {
	_, end := v.Window(tr)
	v.End = end + int64(frac*float64(v.Span))
	v.Follow = false
	v = v.clamp(tr)
	if tr != nil && v.End >= tr.EndNS {
		v.Follow = true
	}
	return v
}

// clamp keeps the view's end inside the trace.
func (v TimelineView) clamp(tr *inspect.Trace) TimelineView {
	if tr == nil {
		return v
	}
	v.End = min(v.End, tr.EndNS)
	v.End = max(v.End, tr.StartNS+min(int64(v.Span), tr.EndNS-tr.StartNS))
	return v
}

// TimelineSeg is a stretch of one row, in pixels from the left of the plot and in time.
type TimelineSeg struct {
	X0, X1     float32
	Start, End int64
	State      inspect.ThreadState
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
func BuildTimeline(tr *inspect.Trace, v TimelineView, width float32) *Timeline {
	return buildTimeline(tr, v, width, NewTimelineBuilder())
}

func buildTimeline(tr *inspect.Trace, v TimelineView, width float32, b *TimelineBuilder) *Timeline {
	tl := &Timeline{Width: max(width, 1)}
	if tr == nil {
		tl.Caption = "Nothing traced yet: File → Run program… starts a program and traces it, File → Trace process… (or Trace on a selected process) attaches to one of yours."
		return tl
	}
	tl.Start, tl.End = v.Window(tr)
	tl.Origin = tr.StartNS
	tl.Exact = tr.Exact
	tl.Caption = TraceCaption(tr)
	tl.Ticks = axisTicks(tl.Start, tl.End, tl.Origin, tl.Width)
	byPID := map[int][]*inspect.TracedThread{}
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

// TraceCaption says in one line what the trace is: exact or sampled, and why.
func TraceCaption(tr *inspect.Trace) string {
	secs := float64(tr.EndNS-tr.StartNS) / 1e9
	switch {
	case tr.Source == inspect.SourceSampled:
		return fmt.Sprintf("Sampled, not exact (/proc every 10 ms; switches between samples are not seen): %s", tr.Reason)
	case tr.Exact:
		how := "perf context-switch events"
		if tr.Source == inspect.SourceTracepoint {
			how = "the sched_switch tracepoint"
		}
		return fmt.Sprintf("Exact: every context switch of these threads over %.1f s (%s).", secs, how)
	}
	return fmt.Sprintf("Not exact: %s (%d records lost; hatched stretches are unknown).", tr.Reason, tr.Lost)
}

// traceProc is a process with its depth in the parent tree.
type traceProc struct {
	proc  inspect.TracedProcess
	depth int
}

// traceProcessOrder lists the processes of tr parent first, each followed by its children (by PID).
func traceProcessOrder(tr *inspect.Trace) []traceProc {
	known := map[int]bool{}
	for _, p := range tr.Processes {
		known[p.PID] = true
	}
	kids := map[int][]inspect.TracedProcess{}
	var roots []inspect.TracedProcess
	for _, p := range tr.Processes {
		if p.PPID != 0 && p.PPID != p.PID && known[p.PPID] {
			kids[p.PPID] = append(kids[p.PPID], p)
		} else {
			roots = append(roots, p)
		}
	}
	var out []traceProc
	seen := map[int]bool{}
	var walk func(p inspect.TracedProcess, depth int)
	walk = func(p inspect.TracedProcess, depth int) {
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
func (tl *Timeline) headerRow(p inspect.TracedProcess, depth int, threads []*inspect.TracedThread) TimelineRow {
	r := TimelineRow{Header: true, PID: p.PID, Depth: depth}
	r.Label = fmt.Sprintf("%s (PID %d)", p.Name, p.PID)
	var run int64
	for _, th := range threads {
		run += th.RunNS
	}
	parts := []string{Plural(len(threads), "thread", "threads"), "run " + FormatNS(run)}
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
func (tl *Timeline) threadRow(tr *inspect.Trace, th *inspect.TracedThread, depth int, b *TimelineBuilder) TimelineRow {
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
		e.add(run.Start, run.End, inspect.StateRunning, run.Core)
		prevEnd, prevState = run.End, run.After
	}
	if prevState != inspect.StateRunning && prevState != inspect.StateDead {
		e.add(prevEnd, until, prevState, 0)
	}
	r.Segs = e.done()
	tl.addUnknown(&r, th)
	return r
}

// addUnknown puts th's unknown stretches inside the window on the row.
func (tl *Timeline) addUnknown(r *TimelineRow, th *inspect.TracedThread) {
	for _, u := range th.Unknown {
		if u.End > tl.Start && u.Start < tl.End {
			a, b := max(u.Start, tl.Start), min(u.End, tl.End)
			r.Unknown = append(r.Unknown, TimelineSeg{X0: tl.px(a), X1: max(tl.px(b), tl.px(a)+1), Start: u.Start, End: u.End, State: inspect.StateUnknown})
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

// segEmitter turns stretches into segments of at least a pixel. A run of stretches each
// narrower than a pixel is pooled into one segment that shows what took most of its time and
// how much of it was running; a stretch a pixel wide or more is never pooled. So a row never
// has more segments than about twice its plot's pixels, however many switches it holds.
type segEmitter struct {
	tl   *Timeline
	segs []TimelineSeg
	cur  TimelineSeg
	has  bool
	pool bool // cur is made of stretches narrower than a pixel
	// time per state and per core in the current segment
	stateNS [8]int64
	coreNS  map[int]int64
}

func (e *segEmitter) add(a, b int64, s inspect.ThreadState, core int) {
	a, b = max(a, e.tl.Start), min(b, e.tl.End)
	if b <= a {
		return
	}
	x0, x1 := e.tl.px(a), e.tl.px(b)
	narrow := x1-x0 < 1
	switch {
	case e.has && !e.cur.Mixed && e.cur.State == s && (s != inspect.StateRunning || e.cur.Core == core) && e.cur.End == a:
		e.cur.X1, e.cur.End = x1, b // the same state goes on
		e.pool = e.pool && e.cur.X1-e.cur.X0 < 1
	case e.has && e.pool && narrow:
		e.cur.X1, e.cur.End = x1, b
		e.cur.Mixed = true
	default:
		e.flush()
		e.cur = TimelineSeg{X0: x0, X1: x1, Start: a, End: b, State: s, Core: core}
		e.has, e.pool = true, narrow
	}
	e.count(b-a, s, core)
}

func (e *segEmitter) count(ns int64, s inspect.ThreadState, core int) {
	if int(s) < len(e.stateNS) {
		e.stateNS[s] += ns
	}
	if s == inspect.StateRunning {
		if e.coreNS == nil {
			e.coreNS = map[int]int64{}
		}
		e.coreNS[core] += ns
	}
}

// flush closes the current segment, giving a pool the state and core that took most time.
func (e *segEmitter) flush() {
	if !e.has {
		return
	}
	if e.cur.State == inspect.StateRunning && !e.cur.Mixed {
		e.cur.RunShare = 1
	}
	if e.cur.Mixed {
		if span := e.cur.End - e.cur.Start; span > 0 {
			e.cur.RunShare = float32(float64(e.stateNS[inspect.StateRunning]) / float64(span))
		}
		best := 0
		for s, ns := range e.stateNS {
			if ns > e.stateNS[best] {
				best = s
			}
		}
		e.cur.State = inspect.ThreadState(best)
		var bestNS int64 = -1
		for c, ns := range e.coreNS {
			if ns > bestNS || ns == bestNS && c < e.cur.Core {
				e.cur.Core, bestNS = c, ns
			}
		}
	}
	if e.cur.X1-e.cur.X0 < 1 {
		e.cur.X1 = e.cur.X0 + 1
	}
	e.segs = append(e.segs, e.cur)
	e.has = false
	e.stateNS = [8]int64{}
	clear(e.coreNS)
}

func (e *segEmitter) done() []TimelineSeg {
	e.flush()
	return e.segs
}

// SegAt finds the segment of row under x, for hover and tap.
func (tl *Timeline) SegAt(row int, x float32) (TimelineSeg, bool) {
	if row < 0 || row >= len(tl.Rows) {
		return TimelineSeg{}, false
	}
	r := &tl.Rows[row]
	for _, u := range r.Unknown {
		if x >= u.X0 && x < u.X1 {
			return u, true
		}
	}
	i := sort.Search(len(r.Segs), func(i int) bool { return r.Segs[i].X1 > x })
	if i < len(r.Segs) && r.Segs[i].X0 <= x {
		return r.Segs[i], true
	}
	return TimelineSeg{}, false
}

// Describe says exactly what a segment of a row is: state (and core), start, end and length,
// times counted from the start of the trace.
func (tl *Timeline) Describe(row int, s TimelineSeg) string {
	if row < 0 || row >= len(tl.Rows) {
		return ""
	}
	what := stateText(s.State)
	if s.State == inspect.StateRunning {
		what = fmt.Sprintf("running on core %d", s.Core)
	}
	if s.Mixed {
		what = "mostly " + what + " (many switches; zoom in to see each)"
	}
	return fmt.Sprintf("%s: %s from %s to %s, %s", tl.Rows[row].Label, what,
		tl.formatAt(s.Start), tl.formatAt(s.End), FormatNS(s.End-s.Start))
}

// stateText is a state in words.
func stateText(s inspect.ThreadState) string {
	switch s {
	case inspect.StateRunnable:
		return "runnable, waiting for a CPU"
	case inspect.StateBlocked:
		return "blocked (sleeping, waiting for I/O or stopped)"
	case inspect.StateSleeping:
		return "sleeping"
	case inspect.StateDiskWait:
		return "in uninterruptible wait (D)"
	case inspect.StateStopped:
		return "stopped"
	case inspect.StateUnknown:
		return "unknown (no record says)"
	}
	return s.String()
}

// formatAt is a moment as seconds since the trace began, to the microsecond.
func (tl *Timeline) formatAt(t int64) string {
	return fmt.Sprintf("%.6f s", float64(t-tl.Origin)/1e9)
}

// FormatNS is a length of time with a unit that suits it.
func FormatNS(ns int64) string {
	d := time.Duration(ns)
	switch {
	case d < time.Microsecond:
		return fmt.Sprintf("%d ns", ns)
	case d < time.Millisecond:
		return fmt.Sprintf("%.1f µs", float64(ns)/1e3)
	case d < time.Second:
		return fmt.Sprintf("%.3f ms", float64(ns)/1e6)
	}
	return fmt.Sprintf("%.3f s", d.Seconds())
}

// ThreadFigures is the line of figures beside a thread's row: run time, switches (voluntary /
// preempted), migrations and its share of each core it used.
func ThreadFigures(th *inspect.TracedThread) string {
	var cores []string
	for c := range th.CoreNS {
		if th.CoreNS[c] > 0 {
			cores = append(cores, fmt.Sprintf("c%d %.0f%%", c, th.CoreShare(c)*100))
		}
	}
	s := fmt.Sprintf("run %s · %d vol / %d preempt · %s", FormatNS(th.RunNS), th.Voluntary, th.Involuntary,
		Plural(th.Migrations, "migration", "migrations"))
	if len(cores) > 0 {
		s += " · " + strings.Join(cores, " ")
	}
	return s
}

// axisTicks labels the time axis with round steps, about one per 120 pixels.
func axisTicks(start, end, origin int64, width float32) []TimelineTick {
	span := end - start
	if span <= 0 || width <= 0 {
		return nil
	}
	want := max(int(width/120), 2)
	steps := []int64{1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 2e7, 5e7, 1e8, 2e8, 5e8, 1e9, 2e9, 5e9, 1e10, 2e10}
	step := steps[len(steps)-1]
	for _, s := range steps {
		if span/s <= int64(want) {
			step = s
			break
		}
	}
	var ticks []TimelineTick
	first := start - origin
	first = (first/step + 1) * step
	if start-origin <= 0 {
		first = 0
	}
	for rel := first; origin+rel < end; rel += step {
		x := float32(float64(origin+rel-start) / float64(span) * float64(width))
		if x < 0 {
			continue
		}
		ticks = append(ticks, TimelineTick{X: x, Label: formatTick(rel, step)})
	}
	return ticks
}

// formatTick writes a tick's time since the trace began with the precision its step needs.
func formatTick(rel, step int64) string {
	digits := 0
	for s := int64(1e9); s > step && digits < 6; s /= 10 {
		digits++
	}
	return fmt.Sprintf("%.*fs", digits, float64(rel)/1e9)
}
