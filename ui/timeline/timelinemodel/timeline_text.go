package timelinemodel

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui/model"
)

// TraceCaption says in one line what the trace is: exact or sampled, and why.
func TraceCaption(tr *trace.Trace) string {
	secs := float64(tr.EndNS-tr.StartNS) / 1e9
	switch {
	case tr.Source == trace.SourceSampled:
		return fmt.Sprintf("Sampled, not exact (/proc every 10 ms; switches between samples are not seen): %s", tr.Reason)
	case tr.Exact:
		how := "perf context-switch events"
		if tr.Source == trace.SourceTracepoint {
			how = "the sched_switch tracepoint"
		}
		return fmt.Sprintf("Exact: every switch of these threads over %.1f s (%s).", secs, how)
	}
	return fmt.Sprintf("Not exact: %s (%d records lost; hatched stretches are unknown).", tr.Reason, tr.Lost)
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
	if s.State == trace.StateRunning {
		what = fmt.Sprintf("running on core %d", s.Core)
	}
	if s.Mixed {
		what = "mostly " + what + " (many switches; zoom in to see each)"
	}
	return fmt.Sprintf("%s: %s from %s to %s, %s", tl.Rows[row].Label, what,
		tl.formatAt(s.Start), tl.formatAt(s.End), FormatNS(s.End-s.Start))
}

// stateText is a state in words.
func stateText(s trace.ThreadState) string {
	switch s {
	case trace.StateRunnable:
		return "runnable, waiting for a CPU"
	case trace.StateBlocked:
		return "blocked (sleeping, waiting for I/O or stopped)"
	case trace.StateSleeping:
		return "sleeping"
	case trace.StateDiskWait:
		return "in uninterruptible wait (D)"
	case trace.StateStopped:
		return "stopped"
	case trace.StateUnknown:
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
func ThreadFigures(th *trace.Thread) string {
	var cores []string
	for c := range th.CoreNS {
		if th.CoreNS[c] > 0 {
			cores = append(cores, fmt.Sprintf("c%d %.0f%%", c, th.CoreShare(c)*100))
		}
	}
	s := fmt.Sprintf("run %s · %d vol / %d preempt · %s", FormatNS(th.RunNS), th.Voluntary, th.Involuntary,
		model.Plural(th.Migrations, "migration", "migrations"))
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
