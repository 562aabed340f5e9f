package record

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// stored returns s as the file keeps it: percentages to hundredths, rates to whole bytes a
// second, times without their monotonic reading, empty lists as nil, and none of the
// since-boot counters (Core.BusyTime, CPUTime), which a recording leaves out: it keeps the
// rates the window shows. A replayed sample must equal stored(live).
func stored(s *inspect.Snapshot) inspect.Snapshot {
	out := storedCommon(s)
	out.Disk.ReadBytesPerSec = float64(rateUnits(s.Disk.ReadBytesPerSec))
	out.Disk.WriteBytesPerSec = float64(rateUnits(s.Disk.WriteBytesPerSec))
	for i := range out.Processes {
		p := &out.Processes[i]
		p.ReadBytesPerSec = float64(rateUnits(p.ReadBytesPerSec))
		p.WriteBytesPerSec = float64(rateUnits(p.WriteBytesPerSec))
		p.IONotRecorded = false
		gpu := p.GPU
		p.GPU = nil
		for _, g := range gpu {
			g.BusyPercent = float64(pctUnits(g.BusyPercent)) / 100
			p.GPU = append(p.GPU, g)
		}
	}
	return out
}

// storedV1 is stored for a file of format version 1, which carries neither the machine's disk
// traffic nor any process's app, disk I/O or GPU use: a replayed process's I/O is unknown.
func storedV1(s *inspect.Snapshot) inspect.Snapshot {
	out := storedCommon(s)
	out.Disk = inspect.Disk{}
	for i := range out.Processes {
		p := &out.Processes[i]
		p.App, p.GPU = "", nil
		p.ReadBytes, p.WriteBytes, p.ReadBytesPerSec, p.WriteBytesPerSec, p.IOUnavailable = 0, 0, 0, 0, true
		p.IONotRecorded = true
	}
	return out
}

// storedCommon is what every format version keeps of s alike (see stored).
func storedCommon(s *inspect.Snapshot) inspect.Snapshot {
	out := *s
	out.Taken = fromUnixNano(unixNano(s.Taken))
	out.BootTime = fromUnixNano(unixNano(s.BootTime))
	out.Cores = nil
	for _, c := range s.Cores {
		c.BusyPercent = float64(pctUnits(c.BusyPercent)) / 100
		c.BusyTime = 0
		out.Cores = append(out.Cores, c)
	}
	out.Processes = nil
	for _, p := range s.Processes {
		p.CPUPercent = float64(pctUnits(p.CPUPercent)) / 100
		p.CPUTime = 0
		threads := p.Threads
		p.Threads = nil
		for _, t := range threads {
			t.CPUPercent = float64(pctUnits(t.CPUPercent)) / 100
			t.CPUTime = 0
			p.Threads = append(p.Threads, t)
		}
		out.Processes = append(out.Processes, p)
	}
	return out
}

// sameSample fails the test when got is not what want becomes once stored.
func sameSample(t *testing.T, what string, want, got *inspect.Snapshot) {
	t.Helper()
	w, g := stored(want), stored(got)
	if !reflect.DeepEqual(w, g) {
		t.Fatalf("%s: replayed sample differs from the one recorded:\n%s", what, firstDiff(&w, &g))
	}
}

// firstDiff names the first difference between two snapshots, for a readable failure.
func firstDiff(a, b *inspect.Snapshot) string {
	if !a.Taken.Equal(b.Taken) || a.Interval != b.Interval || !a.BootTime.Equal(b.BootTime) {
		return fmt.Sprintf("times: %v %v %v vs %v %v %v", a.Taken, a.Interval, a.BootTime, b.Taken, b.Interval, b.BootTime)
	}
	if a.Host != b.Host {
		return fmt.Sprintf("host: %+v vs %+v", a.Host, b.Host)
	}
	if !reflect.DeepEqual(a.Cores, b.Cores) || a.Memory != b.Memory {
		return fmt.Sprintf("cores/memory: %v %v vs %v %v", a.Cores, a.Memory, b.Cores, b.Memory)
	}
	if len(a.Processes) != len(b.Processes) {
		return fmt.Sprintf("%d processes vs %d", len(a.Processes), len(b.Processes))
	}
	for i := range a.Processes {
		if !reflect.DeepEqual(a.Processes[i], b.Processes[i]) {
			return fmt.Sprintf("process %d:\n  %+v\nvs\n  %+v", i, a.Processes[i], b.Processes[i])
		}
	}
	return fmt.Sprintf("counts: %d/%d vs %d/%d", a.Skipped, a.Unavailable, b.Skipped, b.Unavailable)
}

// synth makes a sequence of n fake samples, one per step, in which tasks come, go, rename,
// move cores and change their CPU share, with PIDs reused by new tasks, so every kind of change
// the delta encoding knows is exercised.
func synth(seed uint64, n int, step time.Duration) []*inspect.Snapshot {
	rng := rand.New(rand.NewPCG(seed, 7))
	boot := time.Unix(1_700_000_000, 0)
	t := boot.Add(time.Hour)
	var procs []inspect.Process
	nextPID := 100
	newProc := func() inspect.Process {
		pid := nextPID
		nextPID += 1 + rng.IntN(20)
		p := inspect.Process{PID: pid, PPID: 1, StartTicks: uint64(rng.IntN(1e6)), Name: fmt.Sprintf("proc-%d", pid),
			Cmdline: fmt.Sprintf("/usr/bin/proc-%d --flag", pid), UID: 1000, User: "ann", State: "S", RSSBytes: uint64(rng.IntN(1 << 30))}
		nt := 1 + rng.IntN(6)
		for k := range nt {
			th := inspect.Thread{TID: pid + k, StartTicks: p.StartTicks + uint64(k), Name: p.Name, State: "S", Core: rng.IntN(4)}
			if k > 0 && rng.IntN(2) == 0 {
				th.Name = fmt.Sprintf("worker-%d", k)
			}
			p.Threads = append(p.Threads, th)
		}
		p.NumThreads = nt
		return p
	}
	for range 30 {
		procs = append(procs, newProc())
	}
	out := make([]*inspect.Snapshot, 0, n)
	desk := newSynthDesktop(seed)
	for i := range n {
		next := make([]inspect.Process, 0, len(procs)+2)
		for _, p := range procs {
			switch r := rng.IntN(100); {
			case r < 3 && len(procs) > 5:
				continue // ended
			case r < 5:
				// The PID is reused by another task.
				q := newProc()
				q.PID = p.PID
				for k := range q.Threads {
					q.Threads[k].TID = p.PID + k
				}
				p = q
			case r < 40:
				p.CPUPercent = rng.Float64() * 150
				p.RSSBytes += uint64(rng.IntN(4096))
				p.State = []string{"R", "S", "D"}[rng.IntN(3)]
				threads := append([]inspect.Thread(nil), p.Threads...)
				for k := range threads {
					if rng.IntN(3) == 0 {
						threads[k].CPUPercent = rng.Float64() * 100
						threads[k].Core = rng.IntN(4)
						threads[k].State = p.State
					}
				}
				if rng.IntN(10) == 0 {
					last := threads[len(threads)-1].TID
					threads = append(threads, inspect.Thread{TID: last + 1, StartTicks: p.StartTicks + 99, Name: "late", State: "R"})
				}
				if rng.IntN(10) == 0 && len(threads) > 1 {
					threads = append(threads[:1:1], threads[2:]...)
				}
				if rng.IntN(20) == 0 {
					p.Name += "x"
					threads[0].Name = p.Name
				}
				p.Threads = threads
				p.NumThreads = len(threads)
			}
			next = append(next, p)
		}
		if rng.IntN(3) == 0 {
			next = append(next, newProc())
		}
		procs = next
		cores := make([]inspect.Core, 4)
		for k := range cores {
			cores[k] = inspect.Core{ID: k, BusyPercent: rng.Float64() * 100}
		}
		var interval time.Duration
		if i > 0 {
			interval = step
		}
		s := &inspect.Snapshot{Taken: t, Interval: interval, BootTime: boot,
			Host:      inspect.Host{Hostname: "lab", Kernel: "6.1.0", CPUModel: "Test CPU", LogicalCores: 4, PhysicalCores: 2, Uptime: t.Sub(boot)},
			Cores:     cores,
			Memory:    inspect.Memory{TotalBytes: 16 << 30, AvailableBytes: uint64(8<<30 + rng.IntN(1<<20)), SwapTotalBytes: 1 << 30, SwapFreeBytes: 1 << 30},
			Processes: append([]inspect.Process(nil), procs...), Skipped: rng.IntN(2)}
		desk.fill(s)
		out = append(out, s)
		t = t.Add(step)
	}
	return out
}

// synthDesktop gives synth's processes apps, disk I/O and GPU use, and its samples disk
// traffic, that mostly hold from one sample to the next and sometimes change. It draws from
// its own generator, so synth's other figures are the same with or without it.
type synthDesktop struct {
	rng  *rand.Rand
	last map[inspect.TaskKey]inspect.Process
	disk inspect.Disk
}

func newSynthDesktop(seed uint64) *synthDesktop {
	return &synthDesktop{rng: rand.New(rand.NewPCG(seed, 11)), last: map[inspect.TaskKey]inspect.Process{}}
}

func (d *synthDesktop) fill(s *inspect.Snapshot) {
	rng := d.rng
	if rng.IntN(3) == 0 {
		d.disk.Available = rng.IntN(10) > 0
		d.disk.ReadBytes += uint64(rng.IntN(1 << 20))
		d.disk.WriteBytes += uint64(rng.IntN(1 << 22))
		d.disk.ReadBytesPerSec, d.disk.WriteBytesPerSec = rng.Float64()*1e6, rng.Float64()*4e6
	}
	s.Disk = d.disk
	seen := make(map[inspect.TaskKey]inspect.Process, len(s.Processes))
	for i := range s.Processes {
		p := &s.Processes[i]
		prev, ok := d.last[p.Key()]
		if !ok {
			prev.App = []string{"", "", "firefox", "container 0123456789ab", "cups.service"}[rng.IntN(5)]
			prev.IOUnavailable = rng.IntN(5) == 0
			if rng.IntN(6) == 0 {
				prev.GPU = []inspect.GPUUse{{Name: "i915 8086:46a6", Device: "0000:00:02.0", MemoryBytes: uint64(rng.IntN(1 << 28))}}
			}
		}
		if !prev.IOUnavailable && rng.IntN(3) == 0 {
			prev.ReadBytes += uint64(rng.IntN(1 << 16))
			prev.WriteBytes += uint64(rng.IntN(1 << 18))
			prev.ReadBytesPerSec, prev.WriteBytesPerSec = rng.Float64()*1e5, rng.Float64()*3e5
		}
		if len(prev.GPU) > 0 && rng.IntN(4) == 0 {
			prev.GPU = []inspect.GPUUse{{Name: prev.GPU[0].Name, Device: prev.GPU[0].Device,
				BusyPercent: rng.Float64() * 100, MemoryBytes: prev.GPU[0].MemoryBytes + uint64(rng.IntN(1<<20))}}
		}
		if rng.IntN(40) == 0 {
			prev.App = "moved.scope"
		}
		p.App, p.IOUnavailable, p.GPU = prev.App, prev.IOUnavailable, prev.GPU
		p.ReadBytes, p.WriteBytes, p.ReadBytesPerSec, p.WriteBytesPerSec = prev.ReadBytes, prev.WriteBytes, prev.ReadBytesPerSec, prev.WriteBytesPerSec
		seen[p.Key()] = prev
	}
	d.last = seen
}

// recordAll writes samples to a recording in memory and returns its bytes.
func recordAll(t testing.TB, samples []*inspect.Snapshot, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, samples[0].Host, samples[0].BootTime, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range samples {
		if err := w.Append(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func openBytes(t testing.TB, b []byte) *Reader {
	t.Helper()
	r, err := NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return r
}
