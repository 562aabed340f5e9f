package claims

import (
	"fmt"
)

// Thresholds the verdicts use. A speedup is "real" from realSpeedup on, and "none" below
// noSpeedup; between the two the figures are too close to call either way.
const (
	realSpeedup = 1.5
	noSpeedup   = 1.3
	// Python threads that kept fewer cores than this busy took turns, as the GIL makes them.
	gilCap = 1.25
	// A process switch this many times the thread switch (or more) is clearly slower; below
	// sameSwitch it is not slower at all.
	clearlySlower = 1.5
	sameSwitch    = 0.9
	// Communication and creation: the process way costs at least this many times the thread
	// way for the claim to hold outright.
	muchCostlier = 2.0
	// A round trip through shared memory takes a few hundred nanoseconds while both threads
	// run; one over this many nanoseconds waited for a core, not for the memory.
	stalledTrip = 20_000
	// Fork: a child's private memory right after fork under this share of the parent's data
	// means nothing was copied; over copiedShare after writing means every page was.
	notCopiedShare = 0.25
	copiedShare    = 0.75
)

// judge is the verdict rule of one claim and the figures it reads.
type judge struct {
	needs []string
	judge func(Figures) (Verdict, string)
}

// judges holds every claim's rule, by claim ID.
var judges = map[string]judge{
	"memory": {needs: []string{"threads_other_tabs_saw_write", "processes_other_tabs_saw_write", "other_tabs", "processes_same_address"},
		judge: judgeMemory},
	"context-switch": {needs: []string{"thread_switch_ns", "process_switch_ns"}, judge: judgeContextSwitch},
	"communication":  {needs: []string{"shm_roundtrip_ns", "pipe_roundtrip_ns"}, judge: judgeCommunication},
	"crashes":        {needs: []string{"tabs", "threads_tabs_lost", "processes_tabs_lost"}, judge: judgeCrashes},
	"gil":            {needs: []string{"threads_speedup", "processes_speedup", "python"}, judge: judgeGIL},
	"creation":       {needs: []string{"thread_create_us", "process_create_us"}, judge: judgeCreation},
	"io-vs-cpu": {needs: []string{"io_speedup", "threads_speedup", "processes_speedup", "native_threads_speedup"},
		judge: judgeIOvsCPU},
	"fork-copy": {needs: []string{"data_bytes", "child_private_after_fork_bytes", "child_private_after_write_bytes"},
		judge: judgeForkCopy},
	"sync-between-processes": {needs: []string{"expected", "lost", "lost_with_lock"}, judge: judgeSync},
	"single-core": {needs: []string{"workers", "cores", "pinned_units_per_sec", "spread_units_per_sec", "alone_units_per_sec", "pinned_min_share"},
		judge: judgeSingleCore},
}

func judgeMemory(f Figures) (Verdict, string) {
	others := f.num("other_tabs")
	tSaw, pSaw := f.num("threads_other_tabs_saw_write"), f.num("processes_other_tabs_saw_write")
	same := f["processes_same_address"] == true
	where := "at the same address"
	if !same {
		where = "at their own addresses"
	}
	switch {
	case tSaw == others && pSaw == 0:
		return Holds, fmt.Sprintf("A value one tab wrote was read by %s of %s other tabs when tabs were threads, and by none when they were processes, though each process read the variable %s.",
			fmtNum(tSaw), fmtNum(others), where)
	case tSaw < others && pSaw > 0:
		return Wrong, fmt.Sprintf("Threads saw the write in %s of %s other tabs and processes in %s: the opposite of the claim.", fmtNum(tSaw), fmtNum(others), fmtNum(pSaw))
	default:
		return Nuanced, fmt.Sprintf("Threads saw the write in %s of %s other tabs, processes in %s.", fmtNum(tSaw), fmtNum(others), fmtNum(pSaw))
	}
}

func judgeContextSwitch(f Figures) (Verdict, string) {
	t, p := f.num("thread_switch_ns"), f.num("process_switch_ns")
	if t <= 0 || p <= 0 {
		return Nuanced, "No switch time was measured."
	}
	r := p / t
	figs := fmt.Sprintf("On one core a switch between two threads took %s ns and one between two processes %s ns", fmtNum(t), fmtNum(p))
	switch {
	case r >= clearlySlower:
		return Holds, fmt.Sprintf("%s: %s times as long.", figs, fmtNum(r))
	case r >= sameSwitch:
		return Nuanced, fmt.Sprintf("%s (x%s): threads switch faster, but only a little; most of a switch is the same work for both, and changing the address space adds little on this machine.", figs, fmtNum(r))
	default:
		return Wrong, fmt.Sprintf("%s: processes were faster here (x%s).", figs, fmtNum(r))
	}
}

func judgeCommunication(f Figures) (Verdict, string) {
	shm, pipe := f.num("shm_roundtrip_ns"), f.num("pipe_roundtrip_ns")
	if shm <= 0 || pipe <= 0 {
		return Nuanced, "No round trip was measured."
	}
	r := pipe / shm
	figs := fmt.Sprintf("A round trip between two threads through shared memory took %s ns, between two processes through a pipe %s ns", fmtNum(shm), fmtNum(pipe))
	switch {
	case shm > stalledTrip && r < muchCostlier:
		return Nuanced, fmt.Sprintf("%s: the threads' round trip waited for cores other programs held (two running threads answer in well under %s ns), so this run cannot compare the two.", figs, fmtNum(stalledTrip))
	case r >= muchCostlier:
		return Holds, fmt.Sprintf("%s (x%s). Processes that map memory together can talk as cheaply, but must set that up (see sync-between-processes).", figs, fmtNum(r))
	case r > 1:
		return Nuanced, fmt.Sprintf("%s: only x%s.", figs, fmtNum(r))
	default:
		return Wrong, fmt.Sprintf("%s: the pipe was no slower.", figs)
	}
}

func judgeCrashes(f Figures) (Verdict, string) {
	tabs, tLost, pLost := f.num("tabs"), f.num("threads_tabs_lost"), f.num("processes_tabs_lost")
	allGone, isolated := tLost == tabs, pLost == 1
	figs := fmt.Sprintf("A real segmentation fault in one of %s tabs took %s tabs with it when tabs were threads of one process, and %s when each was a process", fmtNum(tabs), fmtNum(tLost), fmtNum(pLost))
	switch {
	case allGone && isolated:
		return Holds, figs + ". \"May affect others\" understates it: a fault ends the whole process, every thread in it."
	case !allGone && !isolated:
		return Wrong, figs + "."
	default:
		return Nuanced, figs + "."
	}
}

func judgeGIL(f Figures) (Verdict, string) {
	ts, ps := f.num("threads_speedup"), f.num("processes_speedup")
	py, _ := f["python"].(string)
	n := f.num("workers")
	tpar, hasT := f.Num("threads_cpu_parallelism")
	ppar, hasP := f.Num("processes_cpu_parallelism")
	figs := fmt.Sprintf("CPU-bound work in Python %s on %s workers: threads x%s, processes x%s, against one worker", py, fmtNum(n), fmtNum(ts), fmtNum(ps))
	if hasT && hasP {
		figs += fmt.Sprintf("; threads kept %s cores busy, processes %s", fmtNum(tpar), fmtNum(ppar))
	}
	// How many cores' worth of CPU the threads kept busy is the lock's own signature: threads
	// that take turns holding it add up to one core at most, however loaded the machine is,
	// while a speedup alone also moves with other programs' load.
	capped := ts < noSpeedup
	if hasT {
		capped = tpar < gilCap
	}
	beaten := ps-ts >= noSpeedup-1 || (hasT && hasP && ppar-tpar >= noSpeedup-1)
	var v Verdict
	var why string
	switch {
	case !capped && ts >= realSpeedup:
		v, why = Wrong, figs+": the threads used more than one core at once, so no lock held them back."
	case capped && beaten && ps < realSpeedup && n >= 2:
		v, why = Holds, figs+": the threads took turns on one core's worth while processes did more, though short of x"+fmtNum(n)+" (other programs were using the cores)."
	case capped && beaten:
		v, why = Holds, figs+": the threads took turns on one core's worth; processes ran in parallel."
	case capped:
		v, why = Nuanced, figs+": the threads took turns, as claimed, but the processes did no better, so this run cannot show them using more cores (other load)."
	default:
		v, why = Nuanced, figs+": too close to call."
	}
	if ft, ok := f.Num("free_threaded_threads_speedup"); ok && ft >= realSpeedup && v == Holds {
		ftPy, _ := f["free_threaded_python"].(string)
		v, why = Nuanced, fmt.Sprintf("%s. A free-threaded Python %s has no GIL: its threads sped up x%s.", figs, ftPy, fmtNum(ft))
	}
	return v, why
}

func judgeCreation(f Figures) (Verdict, string) {
	t := f.num("thread_create_us")
	p, name := f.num("process_create_us"), "a copy of this Go program"
	if tr, ok := f.Num("process_create_true_us"); ok && tr > 0 {
		p, name = tr, "/bin/true"
	}
	if t <= 0 || p <= 0 {
		return Nuanced, "No creation time was measured."
	}
	r := p / t
	figs := fmt.Sprintf("Creating and joining a thread took %s µs; starting and reaping a process (%s) %s µs", fmtNum(t), name, fmtNum(p))
	switch {
	case r >= muchCostlier:
		return Holds, fmt.Sprintf("%s: x%s, which counts when a program starts many workers for short tasks.", figs, fmtNum(r))
	case r > 1:
		return Nuanced, fmt.Sprintf("%s: only x%s.", figs, fmtNum(r))
	default:
		return Wrong, figs + ": no slower."
	}
}

func judgeIOvsCPU(f Figures) (Verdict, string) {
	io, ts, ps, native := f.num("io_speedup"), f.num("threads_speedup"), f.num("processes_speedup"), f.num("native_threads_speedup")
	figs := fmt.Sprintf("Python threads overlapped I/O waits x%s; on CPU work Python threads gave x%s and processes x%s; threads of a language without a GIL (Go) gave x%s", fmtNum(io), fmtNum(ts), fmtNum(ps), fmtNum(native))
	switch {
	case io < noSpeedup:
		return Wrong, figs + ": threads did not help the I/O-bound work."
	case ps-ts < noSpeedup-1:
		return Nuanced, figs + ": for I/O it holds, but processes did not beat threads on CPU work here (other load)."
	case native >= realSpeedup || (native > noSpeedup && native >= ps):
		return Nuanced, figs + ": the CPU-bound half is about Python's GIL; without one, threads use every core too."
	default:
		return Holds, figs + "."
	}
}

func judgeForkCopy(f Figures) (Verdict, string) {
	data := f.num("data_bytes")
	if data <= 0 {
		return Nuanced, "The parent held no data."
	}
	after, written := f.num("child_private_after_fork_bytes"), f.num("child_private_after_write_bytes")
	figs := fmt.Sprintf("A parent held %s; right after fork a child had %s of private memory (%s%%), after writing its copy %s", fmtBytes(data), fmtBytes(after), fmtNum(after/data*100), fmtBytes(written))
	switch {
	case after/data < notCopiedShare && written/data >= copiedShare:
		return Wrong, figs + ": fork shares the pages and copies each only when one side writes it (copy-on-write)."
	case after/data >= copiedShare:
		return Holds, figs + ": the memory was copied at fork."
	default:
		return Nuanced, figs + "."
	}
}

func judgeSync(f Figures) (Verdict, string) {
	exp, lost, locked := f.num("expected"), f.num("lost"), f.num("lost_with_lock")
	figs := fmt.Sprintf("Processes adding %s times in all to one counter in shared memory lost %s updates without a lock and %s with a lock in that memory", fmtNum(exp), fmtNum(lost), fmtNum(locked))
	if a, ok := f.Num("lost_with_atomic"); ok {
		figs += fmt.Sprintf(" (%s with an atomic add)", fmtNum(a))
	}
	switch {
	case lost > 0 && locked == 0:
		return Wrong, figs + ": processes that share memory race like threads and need the same locks."
	case lost > 0:
		return Nuanced, figs + "."
	default:
		return Nuanced, figs + ": this run lost nothing, yet processes only avoid races by sharing nothing."
	}
}

func judgeSingleCore(f Figures) (Verdict, string) {
	w, cores := f.num("workers"), f.num("cores")
	alone, pinned, spread := f.num("alone_units_per_sec"), f.num("pinned_units_per_sec"), f.num("spread_units_per_sec")
	share := f.num("pinned_min_share")
	if alone <= 0 || pinned <= 0 {
		return Nuanced, "The workers did no work."
	}
	turns := w > 0 && share >= 0.5/w
	flat := pinned/alone >= 0.7 && pinned/alone <= 1.3
	speedup := spread / pinned
	figs := fmt.Sprintf("%s CPU-bound workers pinned to one core all ran, taking turns (the slowest got %s%% of the work), and together did %s units/s against %s for one worker alone; spread over %s cores they did %s (x%s)",
		fmtNum(w), fmtNum(share*100), fmtNum(pinned), fmtNum(alone), fmtNum(cores), fmtNum(spread), fmtNum(speedup))
	switch {
	case turns && flat && (speedup >= realSpeedup || cores < 2):
		return Holds, figs + ". One core runs many processes by time slicing, with no gain; only more cores add speed."
	case turns && flat:
		return Nuanced, figs + ": time slicing shows, but the extra cores gave little (other load)."
	default:
		return Nuanced, figs + "."
	}
}
