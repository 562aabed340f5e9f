package serve

import (
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// groupKey names a group of processes: every process with the same command name and user.
// Grouping by these two keeps the number of series bounded by what runs on the host, not by
// how often it starts: a build that forks ten thousand compilers adds one group, not ten
// thousand series.
type groupKey struct {
	Process, User string
}

// groupFigures is what the agent exposes for one group at a scrape.
type groupFigures struct {
	// CPU is the CPU time of the group's members since the agent first saw the group, the
	// members that have exited included, so that it only grows (a Prometheus counter).
	CPU time.Duration
	// RSS is the resident memory of the live members.
	RSS uint64
	// Processes counts the live members.
	Processes int
}

// groupState is the running tally of one group.
type groupState struct {
	// exited is the CPU time of members that have gone, as last seen.
	exited time.Duration
	// members maps each live member (PID and start time, so that a reused PID is a new
	// member) to the CPU time it had at the last scrape.
	members map[inspect.TaskKey]time.Duration
	// lastSeen is when the group last had a live member; a group empty for longer than the
	// tracker's expiry is forgotten so that its series end.
	lastSeen time.Time
}

// groupTracker keeps per-group CPU counters monotonic across member exits. It is used by one
// scrape at a time (the collector holds a lock around it).
type groupTracker struct {
	groups map[groupKey]*groupState
	// max bounds the number of groups; processes of groups beyond it are not counted in any
	// group, and the number of such groups is returned by update as dropped.
	max int
	// expiry is how long a group with no live member keeps its series.
	expiry time.Duration
}

// newGroupTracker returns a tracker of at most max groups whose empty groups last expiry.
func newGroupTracker(max int, expiry time.Duration) *groupTracker {
	return &groupTracker{groups: map[groupKey]*groupState{}, max: max, expiry: expiry}
}

// update folds one snapshot's processes into the groups and returns every group's figures,
// plus how many groups the cap left out of this snapshot.
func (g *groupTracker) update(now time.Time, procs []inspect.Process) (map[groupKey]groupFigures, int) {
	out := make(map[groupKey]groupFigures, len(g.groups))
	seen := make(map[groupKey]map[inspect.TaskKey]time.Duration, len(g.groups))
	droppedGroups := map[groupKey]bool{}
	for i := range procs {
		p := &procs[i]
		k := groupKey{Process: label(p.Name), User: label(p.User)}
		if _, ok := g.groups[k]; !ok {
			if len(g.groups) >= g.max {
				droppedGroups[k] = true
				continue
			}
			g.groups[k] = &groupState{members: map[inspect.TaskKey]time.Duration{}, lastSeen: now}
		}
		m := seen[k]
		if m == nil {
			m = map[inspect.TaskKey]time.Duration{}
			seen[k] = m
		}
		key := inspect.TaskKey{ID: p.PID, StartTicks: p.StartTicks}
		cpu := p.CPUTime
		// A member's counter never goes back: a smaller reading (a task whose stat could
		// only be read in part) keeps the larger one seen before.
		if prev, ok := g.groups[k].members[key]; ok && cpu < prev {
			cpu = prev
		}
		m[key] = cpu
		f := out[k]
		f.RSS += p.RSSBytes
		f.Processes++
		out[k] = f
	}
	for k, st := range g.groups {
		live := seen[k]
		for key, cpu := range st.members {
			if _, alive := live[key]; !alive {
				st.exited += cpu
			}
		}
		if live == nil {
			live = map[inspect.TaskKey]time.Duration{}
		}
		st.members = live
	}
	for k, st := range g.groups {
		if len(st.members) > 0 {
			st.lastSeen = now
		} else if now.Sub(st.lastSeen) > g.expiry {
			delete(g.groups, k)
			continue
		}
		f := out[k]
		f.CPU = st.exited
		for _, cpu := range st.members {
			f.CPU += cpu
		}
		out[k] = f
	}
	return out, len(droppedGroups)
}
