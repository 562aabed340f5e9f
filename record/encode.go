package record

import (
	"slices"

	"github.com/taskscope/taskscope/inspect"
)

// sampleEncoder turns snapshots into sample records, each the changes since the one before, or
// the whole snapshot when a keyframe is due. It keeps the last snapshot it encoded.
type sampleEncoder struct {
	prev *inspect.Snapshot
	e    enc
	// scratch holds the changed processes of a delta while they are counted.
	scratch []byte
	// stats, when set, counts where the raw bytes go (for the size benchmark).
	stats    *encStats
	recStart int
}

// encStats sorts the raw (uncompressed) bytes of sample records by what they hold.
type encStats struct {
	Full, Header, NewProcs, ProcFields, Threads int
	ChangedProcs, ChangedThreads                int
}

// encode appends the record of snap to dst: full when full is set or there is no previous
// sample, a delta otherwise.
func (c *sampleEncoder) encode(dst []byte, snap *inspect.Snapshot, full bool) []byte {
	c.e.b = dst
	start := len(dst)
	if full || c.prev == nil {
		c.full(snap)
		if c.stats != nil {
			c.stats.Full += len(c.e.b) - start
		}
	} else {
		c.delta(c.prev, snap)
	}
	c.prev = snap
	return c.e.b
}

// reset forgets the previous sample, so the next record is a full one.
func (c *sampleEncoder) reset() { c.prev = nil }

func (c *sampleEncoder) full(s *inspect.Snapshot) {
	e := &c.e
	e.byte1(recFull)
	e.varint(unixNano(s.Taken))
	e.varint(int64(s.Interval))
	e.varint(unixNano(s.BootTime))
	writeHost(e, s)
	writeCores(e, s)
	writeMemory(e, s)
	writeDisk(e, s)
	e.uvarint(uint64(s.Skipped))
	e.uvarint(uint64(s.Unavailable))
	e.uvarint(uint64(len(s.Processes)))
	prev := 0
	for i := range s.Processes {
		p := &s.Processes[i]
		e.varint(int64(p.PID - prev))
		prev = p.PID
		writeProcess(e, p)
	}
}

func (c *sampleEncoder) delta(o, s *inspect.Snapshot) {
	e := &c.e
	c.recStart = len(e.b)
	e.byte1(recDelta)
	e.varint(unixNano(s.Taken) - unixNano(o.Taken))
	e.varint(int64(s.Interval))
	var mask uint64
	if !s.BootTime.Equal(o.BootTime) {
		mask |= sBoot
	}
	if hostFacts(s.Host) != hostFacts(o.Host) {
		mask |= sHost
	}
	if !slices.EqualFunc(s.Cores, o.Cores, func(a, b inspect.Core) bool {
		return a.ID == b.ID && pctUnits(a.BusyPercent) == pctUnits(b.BusyPercent)
	}) {
		mask |= sCores
	}
	if s.Memory != o.Memory {
		mask |= sMemory
	}
	if s.Skipped != o.Skipped || s.Unavailable != o.Unavailable {
		mask |= sCounts
	}
	if !sameDisk(s.Disk, o.Disk) {
		mask |= sDisk
	}
	e.uvarint(mask)
	if mask&sBoot != 0 {
		e.varint(unixNano(s.BootTime))
	}
	if mask&sHost != 0 {
		writeHost(e, s)
	} else {
		writeUptime(e, s)
	}
	if mask&sCores != 0 {
		writeCores(e, s)
	}
	if mask&sMemory != 0 {
		writeMemory(e, s)
	}
	if mask&sCounts != 0 {
		e.uvarint(uint64(s.Skipped))
		e.uvarint(uint64(s.Unavailable))
	}
	if mask&sDisk != 0 {
		writeDisk(e, s)
	}
	if c.stats != nil {
		c.stats.Header += len(e.b) - c.recStart
	}
	c.processes(o.Processes, s.Processes)
}

// hostFacts is the Host without its uptime, which changes with every sample and is stored on
// its own.
func hostFacts(h inspect.Host) inspect.Host {
	h.Uptime = 0
	return h
}

func writeHost(e *enc, s *inspect.Snapshot) {
	e.str(s.Host.Hostname)
	e.str(s.Host.Kernel)
	e.str(s.Host.CPUModel)
	e.uvarint(uint64(max(s.Host.LogicalCores, 0)))
	e.uvarint(uint64(max(s.Host.PhysicalCores, 0)))
	writeUptime(e, s)
}

// uptime stores the uptime as its difference from Taken less BootTime, which is how the sampler
// computes it: zero, one byte, in every sample of a live recording.
func writeUptime(e *enc, s *inspect.Snapshot) {
	var expect int64
	if !s.BootTime.IsZero() {
		expect = unixNano(s.Taken) - unixNano(s.BootTime)
	}
	e.varint(int64(s.Host.Uptime) - expect)
}

func writeCores(e *enc, s *inspect.Snapshot) {
	e.uvarint(uint64(len(s.Cores)))
	prev := 0
	for _, k := range s.Cores {
		e.varint(int64(k.ID - prev))
		prev = k.ID
		e.pct(k.BusyPercent)
	}
}

func writeMemory(e *enc, s *inspect.Snapshot) {
	e.uvarint(s.Memory.TotalBytes)
	e.uvarint(s.Memory.AvailableBytes)
	e.uvarint(s.Memory.SwapTotalBytes)
	e.uvarint(s.Memory.SwapFreeBytes)
}

// writeProcess writes every field of p and its threads (the PID is written by the caller).
func writeProcess(e *enc, p *inspect.Process) {
	e.varint(int64(p.PPID))
	e.uvarint(p.StartTicks)
	e.str(p.Name)
	e.str(p.Cmdline)
	e.varint(int64(p.UID))
	e.str(p.User)
	e.str(p.State)
	e.bool1(p.KernelThread)
	e.pct(p.CPUPercent)
	e.uvarint(p.RSSBytes)
	e.varint(int64(p.NumThreads))
	writeDesktop(e, p, allDesktop)
	e.uvarint(uint64(len(p.Threads)))
	prev := p.PID
	for i := range p.Threads {
		t := &p.Threads[i]
		e.varint(int64(t.TID - prev))
		prev = t.TID
		writeThread(e, p, t)
	}
}

// writeThread writes every field of thread t of p but its TID, with the mask tNew. Its start
// time is stored against its process's, which it is usually close to.
func writeThread(e *enc, p *inspect.Process, t *inspect.Thread) {
	mask := tNew
	if t.Name == p.Name {
		mask |= tNameSame
	}
	e.uvarint(mask)
	e.varint(int64(t.StartTicks - p.StartTicks))
	if mask&tNameSame == 0 {
		e.str(t.Name)
	}
	e.str(t.State)
	e.pct(t.CPUPercent)
	e.varint(int64(t.Core))
}
