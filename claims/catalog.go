package claims

import (
	"fmt"
	"math"

	"github.com/taskscope/taskscope/demos"
)

// The lecture notes the claims cite, by topic: a reader finds a note by what it is about. Part 1
// (key terms) makes no claim that is measured here.
const (
	note001 = notesPrefix + "part 2 (program, process, thread; multithreading vs. multiprocessing)"
	note002 = notesPrefix + "part 3 (multithreading and multiprocessing, interview notes)"
	note003 = notesPrefix + "part 4 (benefits and drawbacks of each, how to choose)"
	note004 = notesPrefix + "part 5 (threads vs. processes: memory, communication, synchronisation, Python)"
)

// notesPrefix begins every citation.
const notesPrefix = "lecture notes on threads and processes, "

// catalog is every claim, in table order. The texts say in our words what the cited note says;
// where several notes say the same, Source names the one that says it most plainly.
var catalog = []Claim{
	{ID: "memory", Title: "Memory", Short: "Threads share memory", Source: note001, Demo: "browser",
		Text: "Threads of one process share its memory; every process has a memory space of its own.",
		runs: []string{"browser-threads", "browser-processes"}, figures: memoryFigures},
	{ID: "context-switch", Title: "Context switch", Short: "Thread switch is faster", Source: note002, Demo: "ctxswitch",
		Text: "Switching between threads is faster than switching between processes, because threads share one address space.",
		runs: []string{"ctxswitch"}, figures: contextSwitchFigures},
	{ID: "communication", Title: "Communication", Short: "Threads talk cheaper", Source: note004, Demo: "cost",
		Text: "Threads talk cheaply through the memory they share; processes need inter-process communication (pipes, sockets, queues), which adds overhead.",
		runs: []string{"cost"}, figures: communicationFigures},
	{ID: "crashes", Title: "Crashes", Short: "A crash kills threads", Source: note001, Demo: "browser",
		Text: "A crash in one thread can bring down the other threads; a crashing process leaves the other processes running.",
		runs: []string{"browser-threads", "browser-processes"}, figures: crashFigures},
	{ID: "gil", Title: "Python's GIL", Short: "GIL slows threads", Source: note001, Demo: "python",
		Text: "In Python, threads doing CPU-bound work are held back by the Global Interpreter Lock; processes get around it and use every core.",
		runs: []string{"python"}, figures: gilFigures},
	{ID: "creation", Title: "Creation cost", Short: "Processes start slower", Source: note003, Demo: "cost",
		Text: "Starting a process takes much longer, and more resources, than starting a thread.",
		runs: []string{"cost"}, figures: creationFigures},
	{ID: "io-vs-cpu", Title: "I/O vs CPU work", Short: "Threads are for I/O", Source: note001, Demo: "python",
		Text: "Threads are the tool for I/O-bound work, processes the tool for CPU-bound work.",
		runs: []string{"python", "singlecore"}, figures: ioVsCPUFigures},
	{ID: "fork-copy", Title: "Fork copies memory", Short: "Fork copies memory", Source: note003, Demo: "forkcow",
		Text: "Starting a subprocess copies the parent's entire memory into it, which adds overhead.",
		runs: []string{"forkcow"}, figures: forkCopyFigures},
	{ID: "sync-between-processes", Title: "Sync across processes", Short: "Processes need no locks", Source: note003, Demo: "procrace",
		Text: "Multiprocessing does away with synchronization primitives: processes need no locks.",
		runs: []string{"procrace-none", "procrace-lock", "procrace-atomic"}, figures: syncFigures},
	{ID: "single-core", Title: "One core", Short: "More cores, more speed", Source: note002, Demo: "singlecore",
		Text: "Multiprocessing depends on the number of cores: more cores, more work done in parallel. The note leaves open how several processes run on a single core.",
		runs: []string{"singlecore"}, figures: singleCoreFigures},
}

// copyFigures copies the named numeric or text fields of ev into f, under the same names, and
// reports the first that is missing.
func copyFigures(f Figures, ev demos.Event, names ...string) error {
	for _, n := range names {
		switch v := ev[n].(type) {
		case float64:
			if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
				f[n] = int64(v)
			} else {
				f[n] = v
			}
		case string, bool:
			f[n] = v
		default:
			return fmt.Errorf("the demo's result has no figure %q", n)
		}
	}
	return nil
}

func memoryFigures(o outcomes) (Figures, error) {
	t, err := o.result("browser-threads")
	if err != nil {
		return nil, err
	}
	p, err := o.result("browser-processes")
	if err != nil {
		return nil, err
	}
	tabs, _ := t.Int("tabs")
	tSaw, _ := t.Int("other_tabs_saw_write")
	pSaw, _ := p.Int("other_tabs_saw_write")
	return Figures{"other_tabs": tabs - 1, "threads_other_tabs_saw_write": tSaw,
		"processes_other_tabs_saw_write": pSaw, "processes_same_address": p["same_address"] == true}, nil
}

func crashFigures(o outcomes) (Figures, error) {
	t, err := o.result("browser-threads")
	if err != nil {
		return nil, err
	}
	p, err := o.result("browser-processes")
	if err != nil {
		return nil, err
	}
	tabs, _ := t.Int("tabs")
	tLost, _ := t.Int("tabs_lost")
	pLost, _ := p.Int("tabs_lost")
	return Figures{"tabs": tabs, "threads_tabs_lost": tLost, "processes_tabs_lost": pLost,
		"threads_demo_end": t.String("ended"), "processes_demo_end": p.String("ended")}, nil
}

func contextSwitchFigures(o outcomes) (Figures, error) {
	ev, err := o.result("ctxswitch")
	if err != nil {
		return nil, err
	}
	f := Figures{}
	if err := copyFigures(f, ev, "thread_switch_ns", "process_switch_ns", "ratio", "core", "via", "all_on_core"); err != nil {
		return nil, err
	}
	_ = copyFigures(f, ev, "thread_switches_per_round", "process_switches_per_round") // kept when the kernel's counts were readable
	return f, nil
}

func communicationFigures(o outcomes) (Figures, error) {
	ev, err := o.result("cost")
	if err != nil {
		return nil, err
	}
	f := Figures{}
	if err := copyFigures(f, ev, "shm_roundtrip_ns", "pipe_roundtrip_ns", "socket_roundtrip_ns"); err != nil {
		return nil, err
	}
	if shm := f.num("shm_roundtrip_ns"); shm > 0 {
		f["pipe_vs_shm"] = round2(f.num("pipe_roundtrip_ns") / shm)
	}
	return f, nil
}

func creationFigures(o outcomes) (Figures, error) {
	ev, err := o.result("cost")
	if err != nil {
		return nil, err
	}
	f := Figures{}
	if err := copyFigures(f, ev, "thread_create_us", "process_create_us"); err != nil {
		return nil, err
	}
	_ = copyFigures(f, ev, "process_create_true_us") // absent when /bin/true is
	if t := f.num("thread_create_us"); t > 0 {
		p := f.num("process_create_us")
		if tr, ok := f.Num("process_create_true_us"); ok {
			p = tr
		}
		f["process_vs_thread"] = round2(p / t)
	}
	return f, nil
}

// pythonResults splits the python demo's results into the one of the ordinary build (the first)
// and that of a free-threaded build, if one was measured too.
func pythonResults(o outcomes) (gil, free demos.Event, err error) {
	out, ok := o["python"]
	if !ok || out.err != nil || len(out.results) == 0 {
		ev, err := o.result("python")
		return ev, nil, err
	}
	gil = out.results[0]
	for _, ev := range out.results[1:] {
		if ev["free_threaded"] == true {
			free = ev
		}
	}
	return gil, free, nil
}

func gilFigures(o outcomes) (Figures, error) {
	ev, free, err := pythonResults(o)
	if err != nil {
		return nil, err
	}
	f := Figures{}
	if err := copyFigures(f, ev, "threads_speedup", "processes_speedup", "python", "workers"); err != nil {
		return nil, err
	}
	_ = copyFigures(f, ev, "threads_cpu_parallelism", "processes_cpu_parallelism", "free_threaded")
	if free != nil {
		if v, ok := free.Float("threads_speedup"); ok {
			f["free_threaded_threads_speedup"] = v
			f["free_threaded_python"] = free.String("python")
		}
	}
	return f, nil
}

func ioVsCPUFigures(o outcomes) (Figures, error) {
	ev, _, err := pythonResults(o)
	if err != nil {
		return nil, err
	}
	sc, err := o.result("singlecore")
	if err != nil {
		return nil, err
	}
	f := Figures{}
	if err := copyFigures(f, ev, "io_speedup", "threads_speedup", "processes_speedup", "workers", "python"); err != nil {
		return nil, err
	}
	v, ok := sc.Float("speedup")
	if !ok {
		return nil, fmt.Errorf("singlecore gave no speedup")
	}
	f["native_threads_speedup"] = v
	return f, nil
}

func forkCopyFigures(o outcomes) (Figures, error) {
	ev, err := o.result("forkcow")
	if err != nil {
		return nil, err
	}
	f := Figures{}
	if err := copyFigures(f, ev, "data_bytes", "children", "child_private_after_fork_bytes", "child_private_after_write_bytes"); err != nil {
		return nil, err
	}
	_ = copyFigures(f, ev, "child_shared_after_fork_bytes", "parent_private_bytes")
	return f, nil
}

func syncFigures(o outcomes) (Figures, error) {
	none, err := o.result("procrace-none")
	if err != nil {
		return nil, err
	}
	lock, err := o.result("procrace-lock")
	if err != nil {
		return nil, err
	}
	f := Figures{}
	if err := copyFigures(f, none, "procs", "expected", "actual", "lost"); err != nil {
		return nil, err
	}
	lost, ok := lock.Int("lost")
	if !ok {
		return nil, fmt.Errorf("procrace with a lock gave no lost count")
	}
	f["lost_with_lock"] = int64(lost)
	if atomic, err := o.result("procrace-atomic"); err == nil {
		if n, ok := atomic.Int("lost"); ok {
			f["lost_with_atomic"] = int64(n)
		}
	}
	return f, nil
}

func singleCoreFigures(o outcomes) (Figures, error) {
	ev, err := o.result("singlecore")
	if err != nil {
		return nil, err
	}
	f := Figures{}
	err = copyFigures(f, ev, "workers", "cores", "core", "alone_units_per_sec", "pinned_units_per_sec",
		"spread_units_per_sec", "speedup", "pinned_vs_alone", "pinned_min_share")
	return f, err
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }
