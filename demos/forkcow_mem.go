package demos

import (
	"fmt"

	"github.com/prometheus/procfs"
)

// cowMemory is what /proc/PID/smaps_rollup says of one process: pages only it maps (private),
// pages it shares with another process (shared: after a fork, the parent's pages not yet written
// by either side), all resident pages (rss), and its proportional share (pss: a page shared by
// three processes counts a third to each).
type cowMemory struct {
	private, shared, rss, pss uint64
}

// readCowMemory reads pid's smaps_rollup.
func readCowMemory(pid int) (cowMemory, error) {
	p, err := procfs.NewProc(pid)
	if err != nil {
		return cowMemory{}, fmt.Errorf("process %d: %w", pid, err)
	}
	r, err := p.ProcSMapsRollup()
	if err != nil {
		return cowMemory{}, fmt.Errorf("memory of process %d: %w", pid, err)
	}
	return cowMemory{
		private: r.PrivateClean + r.PrivateDirty,
		shared:  r.SharedClean + r.SharedDirty,
		rss:     r.Rss,
		pss:     r.Pss,
	}, nil
}

// childEvent is the demo's report of child k's memory at phase after_fork or after_write.
func childEvent(k, pid int, phase string, m cowMemory) Event {
	return Event{"event": "child", "child": k, "pid": pid, "phase": phase,
		"private_bytes": m.private, "shared_bytes": m.shared, "rss_bytes": m.rss, "pss_bytes": m.pss}
}

// forkcowResult sums the run up. The child figures are means over the children; the parent's are
// before the fork, right after it, and after every child has written (parent_private_bytes).
func forkcowResult(data int, before, parentAfterFork, parentEnd cowMemory, afterFork, afterWrite []cowMemory) Event {
	mean := func(ms []cowMemory, f func(cowMemory) uint64) uint64 {
		if len(ms) == 0 {
			return 0
		}
		var sum uint64
		for _, m := range ms {
			sum += f(m)
		}
		return sum / uint64(len(ms))
	}
	private := func(m cowMemory) uint64 { return m.private }
	shared := func(m cowMemory) uint64 { return m.shared }
	pss := func(m cowMemory) uint64 { return m.pss }
	afterForkPrivate := mean(afterFork, private)
	afterWritePrivate := mean(afterWrite, private)
	ev := Event{
		"event": "result", "data_bytes": data, "children": len(afterFork), "child_figures": "mean",
		"child_private_after_fork_bytes":   afterForkPrivate,
		"child_shared_after_fork_bytes":    mean(afterFork, shared),
		"child_pss_after_fork_bytes":       mean(afterFork, pss),
		"child_private_after_write_bytes":  afterWritePrivate,
		"child_shared_after_write_bytes":   mean(afterWrite, shared),
		"child_pss_after_write_bytes":      mean(afterWrite, pss),
		"parent_private_before_fork_bytes": before.private,
		"parent_private_after_fork_bytes":  parentAfterFork.private,
		"parent_shared_after_fork_bytes":   parentAfterFork.shared,
		"parent_private_bytes":             parentEnd.private,
		"parent_shared_bytes":              parentEnd.shared,
	}
	if data > 0 {
		ev["child_private_after_fork_share"] = round2(float64(afterForkPrivate) / float64(data))
		ev["child_private_after_write_share"] = round2(float64(afterWritePrivate) / float64(data))
	}
	return ev
}
