package model

import (
	"cmp"
	"os"
	"slices"

	"github.com/taskscope/taskscope/inspect"
)

// WatchCap bounds how many processes are watched, so a filter matching half the machine does
// not turn the watch into a second full sampler.
const WatchCap = 50

// WatchSet chooses the processes to watch in s: the marked ones (the demos'), the selected one,
// then those matching the filter (by the same rule as the process table), busiest first, up to
// WatchCap. Kernel threads are never watched through the filter: they are many and tell nothing
// about threads of a program; nor is Taskscope itself, whose command line holds the filter it
// was started with. The keys come in PID order.
func WatchSet(s *inspect.Snapshot, marked map[int]bool, sel inspect.TaskKey, hasSel bool, filter string) []inspect.TaskKey {
	if s == nil {
		return nil
	}
	var keys []inspect.TaskKey
	seen := map[inspect.TaskKey]bool{}
	add := func(p *inspect.Process) {
		if k := p.Key(); !seen[k] && len(keys) < WatchCap {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for i := range s.Processes {
		if marked[s.Processes[i].PID] {
			add(&s.Processes[i])
		}
	}
	if hasSel {
		if p, ok := s.Find(sel.ID); ok && p.StartTicks == sel.StartTicks {
			add(p)
		}
	}
	if q, err := inspect.ParseQuery(filter); err == nil && !q.Empty() {
		// Taskscope itself is left out of the matches: started with --filter crunch, its own
		// command line matches, and its threads would crowd the demo's in lanes and list.
		// Selected, it is watched like any other process.
		self := os.Getpid()
		var match []*inspect.Process
		for i := range s.Processes {
			if p := &s.Processes[i]; !p.KernelThread && p.PID != self && q.Match(p) {
				match = append(match, p)
			}
		}
		slices.SortStableFunc(match, func(a, b *inspect.Process) int { return cmp.Compare(b.CPUPercent, a.CPUPercent) })
		for _, p := range match {
			add(p)
		}
	}
	// In PID order, so a set that did not change compares equal however busy its members were.
	slices.SortFunc(keys, func(a, b inspect.TaskKey) int { return cmp.Compare(a.ID, b.ID) })
	return keys
}
