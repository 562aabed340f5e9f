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
	if !(v > 0) || v >= math.MaxUint64 { // NaN fails v > 0; +Inf is past the largest
		return 0
	}
	return uint64(math.Round(v))
}

// ioFigures is disk traffic as stored, the machine's and a process's alike: a flag (the
// machine's Available, a process's IOUnavailable), the two rates and the two counters. Two
// samples whose figures are equal store the same bytes.
type ioFigures struct {
	flag                bool
	readRate, writeRate uint64
	read, write         uint64
}

func machineIO(d inspect.Disk) ioFigures {
	return ioFigures{d.Available, rateUnits(d.ReadBytesPerSec), rateUnits(d.WriteBytesPerSec), d.ReadBytes, d.WriteBytes}
}

func processIO(p *inspect.Process) ioFigures {
	return ioFigures{p.IOUnavailable, rateUnits(p.ReadBytesPerSec), rateUnits(p.WriteBytesPerSec), p.ReadBytes, p.WriteBytes}
}

func (f ioFigures) put(e *enc) {
	e.bool1(f.flag)
	e.uvarint(f.readRate)
	e.uvarint(f.writeRate)
	e.uvarint(f.read)
	e.uvarint(f.write)
}

func readIOFigures(d *dec) ioFigures {
	return ioFigures{flag: d.bool1(), readRate: d.uvarint(), writeRate: d.uvarint(), read: d.uvarint(), write: d.uvarint()}
}

func writeDisk(e *enc, s *inspect.Snapshot) { machineIO(s.Disk).put(e) }

func readDisk(d *dec, s *inspect.Snapshot) {
	f := readIOFigures(d)
	s.Disk = inspect.Disk{Available: f.flag, ReadBytesPerSec: float64(f.readRate), WriteBytesPerSec: float64(f.writeRate),
		ReadBytes: f.read, WriteBytes: f.write}
}

// sameDisk reports whether two samples' disk traffic is the same as stored.
func sameDisk(a, b inspect.Disk) bool { return machineIO(a) == machineIO(b) }

// desktopMask says which of p's app, disk I/O and GPU use differ from o's, as stored.
func desktopMask(o, p *inspect.Process) uint64 {
	var mask uint64
	if p.App != o.App {
		mask |= pApp
	}
	if processIO(p) != processIO(o) {
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
		processIO(p).put(e)
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
		f := readIOFigures(d)
		p.IOUnavailable, p.IONotRecorded = f.flag, false
		p.ReadBytesPerSec, p.WriteBytesPerSec = float64(f.readRate), float64(f.writeRate)
		p.ReadBytes, p.WriteBytes = f.read, f.write
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
