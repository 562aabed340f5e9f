package cardmodel

import (
	"fmt"
	"strings"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
)

// PythonRun is one compare result of the python demo: the same CPU-bound work on one worker, on
// N threads and on N processes, and I/O waits on one thread and on N, in one CPython.
type PythonRun struct {
	Python, Path                 string
	FreeThreaded                 bool
	Workers, Cores               int
	Threads, Processes, IO       float64 // speedups over one worker
	ThreadsCores, ProcessesCores float64 // cores' worth of CPU each kept busy; 0 when not reported
}

// PythonState is what the python card shows, built only by Apply.
type PythonState struct {
	// GIL is the comparison on a build with the GIL (the usual python3); Free the one on a
	// free-threaded build whose GIL was checked to be off, when one was found.
	GIL, Free *PythonRun
	// Python and Path name the interpreter the demo reported when it started.
	Python, Path string
	// Notes are the demo's notes (free-threaded builds found or not, and why not trusted).
	Notes []string
	// Missing is set when no python3 could be found; Err holds any other error of the run.
	Missing bool
	Err     string
	// Live is the last live result: units per second, with its model and kind.
	LiveModel, LiveKind string
	LiveUnits           float64
	LiveWorkers         int
	// LiveOver is set when the live run has ended ("exited").
	LiveOver bool
	// Measuring is set from the demo's ready until its end: a comparison under way.
	Measuring bool
}

// Reset forgets the figures of earlier runs: a new compare starts from nothing.
func (s *PythonState) Reset() { *s = PythonState{} }

// ResetLive starts a live run: the comparison's figures stay on the bars, the last live figure
// and any error go.
func (s *PythonState) ResetLive() {
	s.LiveModel, s.LiveKind, s.LiveUnits, s.LiveWorkers, s.Err, s.Notes = "", "", 0, 0, "", nil
	s.LiveOver = false
}

// Apply takes one event of the python demo.
func (s *PythonState) Apply(e demos.Event) {
	switch e.Kind() {
	case "exited":
		s.LiveOver, s.Measuring = true, false
	case "ready":
		s.Python, s.Path = e.String("python"), e.String("python_path")
		s.Measuring = e.String("mode") == "compare"
		s.Missing, s.Err = false, ""
	case "note":
		s.Notes = append(s.Notes, e.String("message"))
	case "error":
		msg := e.String("message")
		if strings.HasPrefix(msg, demos.ErrNoPython.Error()) {
			s.Missing = true
		}
		s.Err = msg
	case "result":
		if e.String("mode") != "compare" {
			s.LiveModel, s.LiveKind = e.String("model"), e.String("kind")
			s.LiveUnits, _ = e.Float("units_per_sec")
			s.LiveWorkers, _ = e.Int("workers")
			return
		}
		r := &PythonRun{Python: e.String("python"), Path: e.String("python_path")}
		r.FreeThreaded, _ = e["free_threaded"].(bool)
		r.Workers, _ = e.Int("workers")
		r.Cores, _ = e.Int("cores")
		r.Threads, _ = e.Float("threads_speedup")
		r.Processes, _ = e.Float("processes_speedup")
		r.IO, _ = e.Float("io_speedup")
		r.ThreadsCores, _ = e.Float("threads_cpu_parallelism")
		r.ProcessesCores, _ = e.Float("processes_cpu_parallelism")
		if r.FreeThreaded {
			s.Free = r
		} else {
			s.GIL = r
		}
	}
}

// PythonBars draws the speedups over one worker side by side: N threads and N processes on the
// GIL build, N threads on the free-threaded build when there is one, and N threads waiting on
// I/O. full is the ideal speedup, N workers on N free cores, so a full bar means perfect scaling.
// workers labels the bars before any result has come (the card's setting).
func PythonBars(s PythonState, workers int) (bars []model.Bar, full float64) {
	g := s.GIL
	if g == nil {
		g = &PythonRun{Workers: workers}
	}
	n := max(g.Workers, 1)
	full = float64(min(n, max(g.Cores, 1)))
	speed := func(v float64, ok bool) string {
		if !ok || v <= 0 {
			return "not measured"
		}
		return fmt.Sprintf("%.2fx one worker", v)
	}
	threads := model.Plural(n, "thread", "threads")
	bars = []model.Bar{
		{Label: threads + " (GIL)", Value: g.Threads, Text: speed(g.Threads, s.GIL != nil), Tone: model.ToneFirst},
		{Label: model.Plural(n, "process", "processes"), Value: g.Processes, Text: speed(g.Processes, s.GIL != nil), Tone: model.ToneSecond},
	}
	if f := s.Free; f != nil {
		bars = append(bars, model.Bar{Label: fmt.Sprintf("%s (free-threaded %s)", model.Plural(max(f.Workers, 1), "thread", "threads"), f.Python),
			Value: f.Threads, Text: speed(f.Threads, true), Tone: model.ToneFirst})
	}
	bars = append(bars, model.Bar{Label: threads + ", I/O waits", Value: g.IO, Text: speed(g.IO, s.GIL != nil), Tone: model.ToneFirst})
	for _, b := range bars {
		full = max(full, b.Value)
	}
	return bars, full
}

// PythonVerdict says in words what the comparison shows about the notes' claim that threads are
// held back by the GIL for CPU-bound work and processes are not, and that threads suit I/O.
func PythonVerdict(s PythonState) string {
	switch {
	case s.Missing:
		return "No python3 on this machine: " + demos.PythonInstallHint + ", then press Measure."
	case s.Err != "":
		return "The measurement failed: " + s.Err
	case s.LiveModel != "":
		one := map[string]string{"threads": "thread", "processes": "process"}[s.LiveModel]
		who := model.Plural(s.LiveWorkers, "Python "+one, "Python "+s.LiveModel)
		if s.LiveOver {
			return fmt.Sprintf("The live run has ended: in its last second %s did %s units of %s work in all.", who, model.FormatCount(s.LiveUnits), s.LiveKind)
		}
		return fmt.Sprintf("Live: %s doing %s work, %s units a second in all. Watch the py-worker %s in the Processes and Cores tabs; press Stop to end.",
			who, s.LiveKind, model.FormatCount(s.LiveUnits), s.LiveModel)
	case s.GIL == nil && s.Measuring:
		return fmt.Sprintf("Measuring on Python %s: rounds of one worker, N threads and N processes, then I/O waits (about 6 s on an idle machine)...", s.Python)
	case s.GIL == nil:
		return "Press Measure: the same CPU-bound Python work runs on one thread, on N threads and on N processes, then I/O waits on one thread and on N (about 6 s)."
	}
	g := s.GIL
	threads, procs := model.Plural(g.Workers, "thread", "threads"), model.Plural(g.Workers, "process", "processes")
	var parts []string
	switch {
	case g.Cores >= 2 && g.Workers >= 2 && g.ProcessesCores > 0 && g.ProcessesCores < 1.2:
		parts = append(parts, fmt.Sprintf("This machine was busy: the %s got only %.1f cores' worth of CPU, so no speed-up could show; measure again when it is idle.",
			procs, g.ProcessesCores))
	case g.Processes > g.Threads*1.2:
		busy := ""
		// Beside a free-threaded run there is no room on a projector for the why; its bar says it.
		if g.ThreadsCores > 0 && s.Free == nil {
			busy = fmt.Sprintf(" (%.1f cores busy: they take turns holding the GIL)", g.ThreadsCores)
		}
		parts = append(parts, fmt.Sprintf("The GIL holds: CPU-bound Python on %s ran at %.2fx one worker%s; on %s at %.2fx.",
			threads, g.Threads, busy, procs, g.Processes))
	default:
		parts = append(parts, fmt.Sprintf("%s %.2fx, %s %.2fx: no clear difference this time.", threads, g.Threads, procs, g.Processes))
	}
	if g.IO > 0 {
		parts = append(parts, fmt.Sprintf("I/O waits on threads overlapped: %.2fx.", g.IO))
	}
	if f := s.Free; f != nil {
		parts = append(parts, fmt.Sprintf("Free-threaded Python %s: threads %.2fx, so there the claim is dated.", f.Python, f.Threads))
	}
	return strings.Join(parts, " ")
}
