package record

import (
	"errors"
	"fmt"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// errBadRecord means a sample record holds something the writer never writes: a delta with no
// sample before it, a change to a task that was not there, an order that is not ascending.
var errBadRecord = errors.New("malformed sample record")

// sampleDecoder rebuilds snapshots from sample records. It keeps the last snapshot it built,
// which the next delta applies to. Unchanged processes and thread lists are shared between
// successive snapshots: they are read-only, like everything a Snapshot holds.
type sampleDecoder struct {
	prev *inspect.Snapshot
	// v1 says the records are of format version 1, whose whole samples and processes lack the
	// disk, app, I/O and GPU fields.
	v1 bool
}

// decode reads one sample record from d.
func (c *sampleDecoder) decode(d *dec) (*inspect.Snapshot, error) {
	var s *inspect.Snapshot
	var err error
	switch kind := d.byte1(); {
	case d.err != nil:
		return nil, d.err
	case kind == recFull:
		s, err = decodeFull(d, c.v1)
	case kind == recDelta:
		if c.prev == nil {
			return nil, fmt.Errorf("%w: a delta with no sample before it", errBadRecord)
		}
		s, err = decodeDelta(d, c.prev, c.v1)
	default:
		return nil, fmt.Errorf("%w: unknown record kind %d", errBadRecord, kind)
	}
	if err == nil {
		err = d.err
	}
	if err != nil {
		return nil, err
	}
	c.prev = s
	return s, nil
}

func decodeFull(d *dec, v1 bool) (*inspect.Snapshot, error) {
	s := &inspect.Snapshot{}
	s.Taken = fromUnixNano(d.varint())
	s.Interval = time.Duration(d.varint())
	s.BootTime = fromUnixNano(d.varint())
	readHost(d, s)
	readCores(d, s)
	readMemory(d, s)
	if !v1 {
		readDisk(d, s)
	}
	s.Skipped = int(d.uvarint() & 0x7fffffff)
	s.Unavailable = int(d.uvarint() & 0x7fffffff)
	n := d.count(2)
	s.Processes = make([]inspect.Process, 0, n)
	pid := 0
	for range n {
		next := pid + d.int()
		if len(s.Processes) > 0 && next <= pid {
			return nil, fmt.Errorf("%w: process IDs out of order", errBadRecord)
		}
		pid = next
		p, err := readProcess(d, pid, v1)
		if err != nil {
			return nil, err
		}
		s.Processes = append(s.Processes, p)
		if d.err != nil {
			return nil, d.err
		}
	}
	return s, nil
}

func decodeDelta(d *dec, o *inspect.Snapshot, v1 bool) (*inspect.Snapshot, error) {
	s := &inspect.Snapshot{BootTime: o.BootTime, Host: o.Host, Cores: o.Cores, Memory: o.Memory,
		Disk: o.Disk, Skipped: o.Skipped, Unavailable: o.Unavailable}
	s.Taken = fromUnixNano(unixNano(o.Taken) + d.varint())
	s.Interval = time.Duration(d.varint())
	mask := d.uvarint()
	if mask&sBoot != 0 {
		s.BootTime = fromUnixNano(d.varint())
	}
	if mask&sHost != 0 {
		readHost(d, s)
	} else {
		readUptime(d, s)
	}
	if mask&sCores != 0 {
		readCores(d, s)
	}
	if mask&sMemory != 0 {
		readMemory(d, s)
	}
	if mask&sCounts != 0 {
		s.Skipped = int(d.uvarint() & 0x7fffffff)
		s.Unavailable = int(d.uvarint() & 0x7fffffff)
	}
	if mask&sDisk != 0 {
		readDisk(d, s)
	}
	procs, err := applyProcesses(d, o.Processes, v1)
	if err != nil {
		return nil, err
	}
	s.Processes = procs
	return s, d.err
}

func readHost(d *dec, s *inspect.Snapshot) {
	s.Host.Hostname = d.str()
	s.Host.Kernel = d.str()
	s.Host.CPUModel = d.str()
	s.Host.LogicalCores = int(d.uvarint() & 0xffffff)
	s.Host.PhysicalCores = int(d.uvarint() & 0xffffff)
	readUptime(d, s)
}

func readUptime(d *dec, s *inspect.Snapshot) {
	var expect int64
	if !s.BootTime.IsZero() {
		expect = unixNano(s.Taken) - unixNano(s.BootTime)
	}
	s.Host.Uptime = time.Duration(expect + d.varint())
}

func readCores(d *dec, s *inspect.Snapshot) {
	n := d.count(2)
	s.Cores = make([]inspect.Core, 0, n)
	id := 0
	for range n {
		id += d.int()
		s.Cores = append(s.Cores, inspect.Core{ID: id, BusyPercent: d.pct()})
	}
}

func readMemory(d *dec, s *inspect.Snapshot) {
	s.Memory.TotalBytes = d.uvarint()
	s.Memory.AvailableBytes = d.uvarint()
	s.Memory.SwapTotalBytes = d.uvarint()
	s.Memory.SwapFreeBytes = d.uvarint()
}

// readProcess reads a whole process written by writeProcess (by a version 1 writer when v1).
func readProcess(d *dec, pid int, v1 bool) (inspect.Process, error) {
	// Version 1 predates apps, disk I/O and GPU use and carries none of them: a replayed
	// process's I/O is then unknown because it was not recorded (not zero, and not refused).
	p := inspect.Process{PID: pid, IOUnavailable: true, IONotRecorded: true}
	p.PPID = d.int()
	p.StartTicks = d.uvarint()
	p.Name = d.str()
	p.Cmdline = d.str()
	p.UID = d.int()
	p.User = d.str()
	p.State = d.str()
	p.KernelThread = d.bool1()
	p.CPUPercent = d.pct()
	p.RSSBytes = d.uvarint()
	p.NumThreads = d.int()
	if !v1 {
		readDesktop(d, &p, allDesktop)
	}
	n := d.count(4)
	p.Threads = make([]inspect.Thread, 0, n)
	order := inspect.ThreadOrder(pid)
	tid := pid
	for range n {
		tid += d.int()
		if len(p.Threads) > 0 && order(p.Threads[len(p.Threads)-1].TID, tid) >= 0 {
			return p, fmt.Errorf("%w: thread IDs out of order", errBadRecord)
		}
		mask := d.uvarint()
		if mask&tNew == 0 && d.err == nil {
			return p, fmt.Errorf("%w: a whole thread without its mark", errBadRecord)
		}
		p.Threads = append(p.Threads, readThread(d, &p, tid, mask))
		if d.err != nil {
			return p, d.err
		}
	}
	return p, d.err
}

// readThread reads the fields of a whole thread written by writeThread, after its mask.
func readThread(d *dec, p *inspect.Process, tid int, mask uint64) inspect.Thread {
	t := inspect.Thread{TID: tid}
	t.StartTicks = p.StartTicks + uint64(d.varint())
	if mask&tNameSame != 0 {
		t.Name = p.Name
	} else {
		t.Name = d.str()
	}
	t.State = d.str()
	t.CPUPercent = d.pct()
	t.Core = d.int()
	return t
}
