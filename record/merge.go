package record

import (
	"cmp"
	"slices"

	"github.com/taskscope/taskscope/trace"
)

// MergeTraces joins the parts of traces a recording holds (a recorder appends what is new every
// second) into one trace: each thread's runs in time order, a run cut between two parts joined
// again, totals and names from the newest part. Exact only when every part was. It returns nil
// for no parts.
func MergeTraces(parts []RecordedTrace) *trace.Trace {
	if len(parts) == 0 {
		return nil
	}
	out := &trace.Trace{Source: parts[0].Source, Exact: true, StartNS: parts[0].StartNS, EndNS: parts[0].EndNS}
	threads := map[int]*trace.Thread{}
	procs := map[int]trace.Process{}
	var order []int
	for _, p := range parts {
		out.StartNS, out.EndNS = min(out.StartNS, p.StartNS), max(out.EndNS, p.EndNS)
		out.Exact = out.Exact && p.Exact
		out.Lost = max(out.Lost, p.Lost)
		out.Cores = max(out.Cores, p.Cores)
		out.Source = p.Source
		if p.Reason != "" {
			out.Reason = p.Reason
		}
		out.LostSpans = append(out.LostSpans, p.LostSpans...)
		for _, th := range p.Threads {
			have := threads[th.TID]
			if have == nil {
				c := th
				c.Runs = slices.Clone(th.Runs)
				c.Unknown = slices.Clone(th.Unknown)
				threads[th.TID] = &c
				order = append(order, th.TID)
				continue
			}
			for _, r := range th.Runs {
				if n := len(have.Runs); n > 0 && have.Runs[n-1].End == r.Start && have.Runs[n-1].Core == r.Core {
					have.Runs[n-1].End, have.Runs[n-1].After = r.End, r.After // the run cut between parts
					continue
				}
				have.Runs = append(have.Runs, r)
			}
			have.Unknown = append(have.Unknown, th.Unknown...)
			have.Name, have.Process = th.Name, th.Process
			have.Born, have.Ended = cmp.Or(have.Born, th.Born), cmp.Or(th.Ended, have.Ended)
			have.RunNS, have.Voluntary, have.Involuntary, have.Migrations = th.RunNS, th.Voluntary, th.Involuntary, th.Migrations
			have.CoreNS = th.CoreNS
		}
		for _, pr := range p.Processes {
			procs[pr.PID] = pr
		}
	}
	for _, tid := range order {
		th := threads[tid]
		slices.SortStableFunc(th.Runs, func(a, b trace.Run) int { return cmp.Compare(a.Start, b.Start) })
		out.Threads = append(out.Threads, *th)
	}
	slices.SortFunc(out.Threads, func(a, b trace.Thread) int {
		return cmp.Or(cmp.Compare(a.PID, b.PID), cmp.Compare(a.TID, b.TID))
	})
	for _, pr := range procs {
		out.Processes = append(out.Processes, pr)
	}
	slices.SortFunc(out.Processes, func(a, b trace.Process) int { return cmp.Compare(a.PID, b.PID) })
	return out
}
