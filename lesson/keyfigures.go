package lesson

import (
	"fmt"
	"math"
)

// KeyFigure is one figure the reveal shows large: a short label and its value with a unit.
type KeyFigure struct{ Label, Value string }

// figureSpec says how to show one figure: its label and how to write its value.
type figureSpec struct {
	name, label string
	format      func(float64) string
}

func plain(v float64) string   { return trimNum(v) }
func times(v float64) string   { return trimNum(v) + "×" }
func percent(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) }
func nsec(v float64) string    { return fmtDur(v) }
func usec(v float64) string    { return fmtDur(v * 1e3) }
func mib(v float64) string     { return trimNum(v/(1<<20)) + " MiB" }
func secs(v float64) string    { return trimNum(v) + " s" }
func cores(v float64) string   { return trimNum(v) + " cores" }

// singularLabels are the labels of counts as they read beside a count of one: "1 process tab
// lost", not "1 process tabs lost".
var singularLabels = map[string]string{
	"thread tabs that saw the write": "thread tab that saw the write",
	"process tabs that saw it":       "process tab that saw it",
	"other tabs":                     "other tab",
	"thread tabs lost":               "thread tab lost",
	"process tabs lost":              "process tab lost",
	"tabs":                           "tab",
	"workers":                        "worker",
	"workers on one core":            "worker on one core",
	"updates lost":                   "update lost",
}

// labelFor is the label to show beside the value v: a count of one takes the singular.
func (s figureSpec) labelFor(v float64) string {
	if one, ok := singularLabels[s.label]; ok && v == 1 {
		return one
	}
	return s.label
}

// keyFigures are the at most three figures that settle each kind of step, by claim ID ("run"
// for programs). A claim missing here shows no key figures, only its sentence.
var keyFigures = map[string][]figureSpec{
	"run": {{"parallelism", "parallelism", cores}, {"overlap_share", "both running at once", percent}, {"wall_s", "run time", secs}},
	"memory": {{"threads_other_tabs_saw_write", "thread tabs that saw the write", plain},
		{"processes_other_tabs_saw_write", "process tabs that saw it", plain}, {"other_tabs", "other tabs", plain}},
	"crashes":                {{"threads_tabs_lost", "thread tabs lost", plain}, {"processes_tabs_lost", "process tabs lost", plain}, {"tabs", "tabs", plain}},
	"context-switch":         {{"thread_switch_ns", "thread switch", nsec}, {"process_switch_ns", "process switch", nsec}, {"ratio", "process ÷ thread", times}},
	"communication":          {{"shm_roundtrip_ns", "shared memory round trip", nsec}, {"pipe_roundtrip_ns", "pipe round trip", nsec}, {"pipe_vs_shm", "pipe ÷ shared memory", times}},
	"creation":               {{"thread_create_us", "start a thread", usec}, {"process_create_us", "start a process", usec}, {"process_vs_thread", "process ÷ thread", times}},
	"gil":                    {{"threads_speedup", "threads' speedup", times}, {"processes_speedup", "processes' speedup", times}, {"workers", "workers", plain}},
	"io-vs-cpu":              {{"io_speedup", "I/O threads' speedup", times}, {"threads_speedup", "CPU threads' speedup", times}, {"processes_speedup", "CPU processes' speedup", times}},
	"fork-copy":              {{"data_bytes", "parent's data", mib}, {"child_private_after_fork_bytes", "child's own, after fork", mib}, {"child_private_after_write_bytes", "after it writes", mib}},
	"sync-between-processes": {{"expected", "expected count", plain}, {"lost", "lost without a lock", plain}, {"lost_with_lock", "lost with a lock", plain}},
	"single-core":            {{"workers", "workers on one core", plain}, {"pinned_min_share", "smallest share of it", percent}, {"speedup", "speedup on all cores", times}},
}

// KeyFigures picks the at most three figures of a measured step worth showing large. A run
// step that printed "lost" (a race) shows it first.
func KeyFigures(st Step, o Outcome) []KeyFigure {
	key := st.Claim
	if st.Kind == KindRun {
		key = "run"
	}
	specs := keyFigures[key]
	if st.Kind == KindRun {
		if _, ok := o.Figures["lost"]; ok {
			specs = []figureSpec{{"lost", "updates lost", plain}, {"expected", "expected count", plain}, specs[0]}
		}
	}
	var out []KeyFigure
	for _, s := range specs {
		v, ok := numOf(o.Figures[s.name])
		if !ok {
			continue
		}
		out = append(out, KeyFigure{Label: s.labelFor(v), Value: s.format(v)})
	}
	return out
}

// numOf reads a figure as a number.
func numOf(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}

// trimNum writes a number with at most three significant digits and separators for thousands.
func trimNum(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1000:
		s := fmt.Sprintf("%.0f", a)
		for i := len(s) - 3; i > 0; i -= 3 {
			s = s[:i] + "," + s[i:]
		}
		if v < 0 {
			s = "-" + s
		}
		return s
	case a >= 100 || v == math.Trunc(v):
		return fmt.Sprintf("%.0f", v)
	case a >= 10:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

// fmtDur writes nanoseconds with the unit a class reads best.
func fmtDur(ns float64) string {
	switch {
	case ns >= 1e9:
		return trimNum(ns/1e9) + " s"
	case ns >= 1e6:
		return trimNum(ns/1e6) + " ms"
	case ns >= 1e3:
		return trimNum(ns/1e3) + " µs"
	default:
		return trimNum(ns) + " ns"
	}
}

// DefaultLookAt is the sentence on what to look at when the step gives none.
func DefaultLookAt(st Step) string {
	if st.Kind == KindRun {
		return "Parallelism near 1 means the threads took turns; near the number of cores, they ran side by side."
	}
	return "Compare the figures with the class's prediction."
}
