package inspect

import (
	"math"
	"slices"
	"time"

	"github.com/prometheus/procfs"
)

// coreTimes is the cumulative time of one CPU, in seconds, split as the busy share needs it.
type coreTimes struct {
	busy, total float64
}

// coreTimesOf sums a /proc/stat cpu line. Guest time is already inside user time, so it is not
// added again; idle and iowait are the time the core had nothing to run.
func coreTimesOf(c procfs.CPUStat) coreTimes {
	idle := c.Idle + c.Iowait
	total := c.User + c.Nice + c.System + idle + c.IRQ + c.SoftIRQ + c.Steal
	return coreTimes{busy: total - idle, total: total}
}

// busyPercent is the busy share of a core between two readings, bounded to 0..100: iowait is
// known to step backwards on some kernels, which must not show as negative load.
func busyPercent(prev, cur coreTimes) float64 {
	dt := cur.total - prev.total
	if dt <= 0 {
		return 0
	}
	return min(max((cur.busy-prev.busy)/dt*100, 0), 100)
}

// readCores reads /proc/stat with procfs and returns each core's busy share since the previous
// sample (zero when rates is false). When /proc/stat cannot be parsed it returns nil: no numbers
// rather than wrong ones.
func (s *Sampler) readCores(rates bool) []Core {
	st, err := s.fs.Stat()
	if err != nil {
		s.prevCores = nil
		return nil
	}
	ids := make([]int64, 0, len(st.CPU))
	for id := range st.CPU {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	cores := make([]Core, 0, len(ids))
	cur := make(map[int64]coreTimes, len(ids))
	for _, id := range ids {
		t := coreTimesOf(st.CPU[id])
		cur[id] = t
		// procfs divides the kernel's ticks by USER_HZ into a float: round back to whole ticks,
		// so a counter reads 552.11 s and not 552.109999999.
		c := Core{ID: int(id), BusyTime: time.Duration(math.Round(t.busy*100)) * (time.Second / 100)}
		if prev, ok := s.prevCores[id]; ok && rates {
			c.BusyPercent = busyPercent(prev, t)
		}
		cores = append(cores, c)
	}
	s.prevCores = cur
	return cores
}
