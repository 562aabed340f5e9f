package record

import "github.com/taskscope/taskscope/inspect"

// processes writes what changed between the process lists old and cur (both by PID): the PIDs
// that left, then each process that came or changed with a mask of its changed fields. A process
// that did not change costs nothing.
func (c *sampleEncoder) processes(old, cur []inspect.Process) {
	e := &c.e
	// Gone: in old, and not in cur as the same task.
	var gone []int
	i, j := 0, 0
	for i < len(old) {
		for j < len(cur) && cur[j].PID < old[i].PID {
			j++
		}
		if j == len(cur) || cur[j].PID != old[i].PID {
			gone = append(gone, old[i].PID)
		}
		i++
	}
	e.uvarint(uint64(len(gone)))
	prev := 0
	for _, pid := range gone {
		e.varint(int64(pid - prev))
		prev = pid
	}

	// Changed or new: walk both lists once, writing into a scratch encoder first so the count can
	// go before the records.
	body := enc{b: c.scratch[:0]}
	n := 0
	prev = 0
	i = 0
	for k := range cur {
		p := &cur[k]
		for i < len(old) && old[i].PID < p.PID {
			i++
		}
		var o *inspect.Process
		if i < len(old) && old[i].PID == p.PID && old[i].StartTicks == p.StartTicks {
			o = &old[i]
		}
		start := len(body.b)
		body.varint(int64(p.PID - prev))
		if !processDelta(&body, o, p, c.stats) {
			body.b = body.b[:start] // nothing changed: take the PID back out
			continue
		}
		prev = p.PID
		n++
	}
	c.scratch = body.b
	e.uvarint(uint64(n))
	e.b = append(e.b, body.b...)
}

// processDelta writes p's mask and changed fields against o (nil when p is new) and reports
// whether anything was written.
func processDelta(e *enc, o, p *inspect.Process, stats *encStats) bool {
	start := len(e.b)
	if o == nil {
		e.uvarint(pNew)
		writeProcess(e, p)
		if stats != nil {
			stats.NewProcs += len(e.b) - start
		}
		return true
	}
	var mask uint64
	if p.PPID != o.PPID {
		mask |= pPPID
	}
	if p.Name != o.Name {
		mask |= pName
	}
	if p.Cmdline != o.Cmdline {
		mask |= pCmdline
	}
	if p.UID != o.UID || p.User != o.User {
		mask |= pUser
	}
	if p.State != o.State {
		mask |= pState
	}
	if p.KernelThread != o.KernelThread {
		mask |= pKernel
	}
	if pctUnits(p.CPUPercent) != pctUnits(o.CPUPercent) {
		mask |= pCPU
	}
	if p.RSSBytes != o.RSSBytes {
		mask |= pRSS
	}
	if p.NumThreads != o.NumThreads {
		mask |= pNumThreads
	}
	mask |= desktopMask(o, p)
	// Threads are compared only when the slice is not the very one of the previous sample,
	// which the sampler hands on for a process none of whose threads changed.
	threadsChanged := !sameSlice(p.Threads, o.Threads) && threadsDiffer(o, p)
	if threadsChanged {
		mask |= pThreads
	}
	if mask == 0 {
		return false
	}
	e.uvarint(mask)
	if mask&pPPID != 0 {
		e.varint(int64(p.PPID))
	}
	if mask&pName != 0 {
		e.str(p.Name)
	}
	if mask&pCmdline != 0 {
		e.str(p.Cmdline)
	}
	if mask&pUser != 0 {
		e.varint(int64(p.UID))
		e.str(p.User)
	}
	if mask&pState != 0 {
		e.str(p.State)
	}
	if mask&pKernel != 0 {
		e.bool1(p.KernelThread)
	}
	if mask&pCPU != 0 {
		e.pct(p.CPUPercent)
	}
	if mask&pRSS != 0 {
		e.uvarint(p.RSSBytes)
	}
	if mask&pNumThreads != 0 {
		e.varint(int64(p.NumThreads))
	}
	writeDesktop(e, p, mask)
	if stats != nil {
		stats.ChangedProcs++
		stats.ProcFields += len(e.b) - start
	}
	if threadsChanged {
		mid := len(e.b)
		n := threadsDelta(e, o, p)
		if stats != nil {
			stats.Threads += len(e.b) - mid
			stats.ChangedThreads += n
		}
	}
	return true
}

// sameSlice reports whether a and b are the same slice (same array, same length).
func sameSlice(a, b []inspect.Thread) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// threadsDiffer reports whether any thread of p differs, as stored, from o's.
func threadsDiffer(o, p *inspect.Process) bool {
	if len(o.Threads) != len(p.Threads) {
		return true
	}
	for i := range p.Threads {
		if threadMask(&o.Threads[i], &p.Threads[i], p.Name) != 0 {
			return true
		}
	}
	return false
}

// threadMask says which stored fields of thread t differ from ot (the same TID), or tNew when t
// is another task. pName is the process's (new) name, which tNameSame refers to.
func threadMask(ot, t *inspect.Thread, pName string) uint64 {
	if ot.TID != t.TID || ot.StartTicks != t.StartTicks {
		return tNew
	}
	var mask uint64
	if ot.Name != t.Name {
		mask |= tName
		if t.Name == pName {
			mask |= tNameSame
		}
	}
	if ot.State != t.State {
		mask |= tState
	}
	if pctUnits(ot.CPUPercent) != pctUnits(t.CPUPercent) {
		mask |= tCPU
	}
	if ot.Core != t.Core {
		mask |= tCore
	}
	return mask
}

// threadsDelta writes the threads of p that left, then those that came or changed, and returns
// how many it wrote.
func threadsDelta(e *enc, o, p *inspect.Process) int {
	order := inspect.ThreadOrder(p.PID)
	var gone []int
	for i := range o.Threads {
		if _, ok := findThread(p.Threads, o.Threads[i].TID, order); !ok {
			gone = append(gone, o.Threads[i].TID)
		}
	}
	e.uvarint(uint64(len(gone)))
	prev := p.PID
	for _, tid := range gone {
		e.varint(int64(tid - prev))
		prev = tid
	}
	type change struct {
		t    *inspect.Thread
		mask uint64
	}
	var changes []change
	for i := range p.Threads {
		t := &p.Threads[i]
		k, ok := findThread(o.Threads, t.TID, order)
		mask := tNew
		if ok {
			mask = threadMask(&o.Threads[k], t, p.Name)
		}
		if mask != 0 {
			changes = append(changes, change{t, mask})
		}
	}
	e.uvarint(uint64(len(changes)))
	prev = p.PID
	for _, ch := range changes {
		t := ch.t
		e.varint(int64(t.TID - prev))
		prev = t.TID
		if ch.mask&tNew != 0 {
			writeThread(e, p, t)
			continue
		}
		e.uvarint(ch.mask)
		if ch.mask&tName != 0 && ch.mask&tNameSame == 0 {
			e.str(t.Name)
		}
		if ch.mask&tState != 0 {
			e.str(t.State)
		}
		if ch.mask&tCPU != 0 {
			e.pct(t.CPUPercent)
		}
		if ch.mask&tCore != 0 {
			e.varint(int64(t.Core))
		}
	}
	return len(gone) + len(changes)
}

// findThread finds tid in threads, which are in the order cmp defines.
func findThread(threads []inspect.Thread, tid int, order func(a, b int) int) (int, bool) {
	lo, hi := 0, len(threads)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if order(threads[m].TID, tid) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(threads) && threads[lo].TID == tid
}
