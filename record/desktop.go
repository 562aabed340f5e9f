package record

import (
	"math"
	"slices"

	"github.com/taskscope/taskscope/inspect"
)

// What a desktop task manager shows beside CPU and memory, kept from format version 2 on: the
// machine's disk traffic, and each process's app, disk I/O and GPU use. Rates are stored in
// whole bytes a second, finer than any view shows them; the since-start counters are stored as
// the sampler read them, so `replay --json` gives what `snapshot --json` gave.

// rateUnits turns a rate in bytes a second into the whole bytes a second stored for it.
// Negative and non-finite values, which the sampler never gives, are stored as zero.
func rateUnits(v float64) uint64 {
	if !(v > 0) || math.IsInf(v, 0) || v >= math.MaxUint64 {
		return 0
	}
	return uint64(math.Round(v))
}

func writeDisk(e *enc, s *inspect.Snapshot) {
	e.bool1(s.Disk.Available)
	e.uvarint(rateUnits(s.Disk.ReadBytesPerSec))
	e.uvarint(rateUnits(s.Disk.WriteBytesPerSec))
	e.uvarint(s.Disk.ReadBytes)
	e.uvarint(s.Disk.WriteBytes)
}

func readDisk(d *dec, s *inspect.Snapshot) {
	s.Disk.Available = d.bool1()
	s.Disk.ReadBytesPerSec = float64(d.uvarint())
	s.Disk.WriteBytesPerSec = float64(d.uvarint())
	s.Disk.ReadBytes = d.uvarint()
	s.Disk.WriteBytes = d.uvarint()
}

// sameDisk reports whether two samples' disk traffic is the same as stored.
func sameDisk(a, b inspect.Disk) bool {
	return a.Available == b.Available && a.ReadBytes == b.ReadBytes && a.WriteBytes == b.WriteBytes &&
		rateUnits(a.ReadBytesPerSec) == rateUnits(b.ReadBytesPerSec) &&
		rateUnits(a.WriteBytesPerSec) == rateUnits(b.WriteBytesPerSec)
}

// desktopMask says which of p's app, disk I/O and GPU use differ from o's, as stored.
func desktopMask(o, p *inspect.Process) uint64 {
	var mask uint64
	if p.App != o.App {
		mask |= pApp
	}
	if p.IOUnavailable != o.IOUnavailable || p.ReadBytes != o.ReadBytes || p.WriteBytes != o.WriteBytes ||
		rateUnits(p.ReadBytesPerSec) != rateUnits(o.ReadBytesPerSec) ||
		rateUnits(p.WriteBytesPerSec) != rateUnits(o.WriteBytesPerSec) {
		mask |= pIO
	}
	if !slices.EqualFunc(p.GPU, o.GPU, func(a, b inspect.GPUUse) bool {
		return a.Name == b.Name && a.Device == b.Device && a.MemoryBytes == b.MemoryBytes &&
			pctUnits(a.BusyPercent) == pctUnits(b.BusyPercent)
	}) {
		mask |= pGPU
	}
	return mask
}

// writeDesktop writes the fields of p that mask names, in mask order.
func writeDesktop(e *enc, p *inspect.Process, mask uint64) {
	if mask&pApp != 0 {
		e.str(p.App)
	}
	if mask&pIO != 0 {
		e.bool1(p.IOUnavailable)
		e.uvarint(rateUnits(p.ReadBytesPerSec))
		e.uvarint(rateUnits(p.WriteBytesPerSec))
		e.uvarint(p.ReadBytes)
		e.uvarint(p.WriteBytes)
	}
	if mask&pGPU != 0 {
		e.uvarint(uint64(len(p.GPU)))
		for _, g := range p.GPU {
			e.str(g.Name)
			e.str(g.Device)
			e.pct(g.BusyPercent)
			e.uvarint(g.MemoryBytes)
		}
	}
}

// readDesktop reads into p the fields writeDesktop wrote for mask.
func readDesktop(d *dec, p *inspect.Process, mask uint64) {
	if mask&pApp != 0 {
		p.App = d.str()
	}
	if mask&pIO != 0 {
		p.IOUnavailable, p.IONotRecorded = d.bool1(), false
		p.ReadBytesPerSec = float64(d.uvarint())
		p.WriteBytesPerSec = float64(d.uvarint())
		p.ReadBytes = d.uvarint()
		p.WriteBytes = d.uvarint()
	}
	if mask&pGPU != 0 {
		n := d.count(4)
		p.GPU = nil
		if n > 0 {
			p.GPU = make([]inspect.GPUUse, 0, n)
		}
		for range n {
			p.GPU = append(p.GPU, inspect.GPUUse{Name: d.str(), Device: d.str(), BusyPercent: d.pct(), MemoryBytes: d.uvarint()})
		}
	}
}

// allDesktop is the mask of every field writeDesktop knows: a whole process carries them all.
const allDesktop = pApp | pIO | pGPU
