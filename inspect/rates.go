package inspect

import "time"

// percent is the share of one core used by a task whose CPU time went from before to after
// clock ticks over seconds of wall time. A counter that went backwards cannot be a rate: 0.
func percent(before, after uint64, seconds float64) float64 {
	if after <= before || seconds <= 0 {
		return 0
	}
	return float64(after-before) / userHZ / seconds * 100
}

// ticksTime converts clock ticks (USER_HZ) to a duration.
func ticksTime(ticks uint64) time.Duration { return time.Duration(ticks) * (time.Second / userHZ) }

// reuseOrMake returns the thread list of a single-threaded process: the previous slice when it
// is the same, so a quiet process costs no allocation, else fresh.
func reuseOrMake(m *procMemo, only Thread) []Thread {
	if len(m.threads) == 1 && m.threads[0] == only {
		return m.threads
	}
	return []Thread{only}
}

// keepThreads returns the previous thread list of a process that did not run, with every rate
// at zero and the main thread's state and core taken from main. The previous slice belongs to a
// published Snapshot, so it is shared only when nothing in it changes, and copied otherwise.
func keepThreads(prev []Thread, main Thread) []Thread {
	same := true
	for i := range prev {
		t := &prev[i]
		if t.CPUPercent != 0 || (t.TID == main.TID && (t.State != main.State || t.Core != main.Core || t.Name != main.Name)) {
			same = false
			break
		}
	}
	if same {
		return prev
	}
	out := make([]Thread, len(prev))
	copy(out, prev)
	for i := range out {
		out[i].CPUPercent = 0
		if out[i].TID == main.TID && out[i].StartTicks == main.StartTicks {
			out[i].State, out[i].Core, out[i].Name = main.State, main.Core, main.Name
		}
	}
	return out
}
