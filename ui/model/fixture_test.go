package model

import (
	"strings"
	"testing"
	"time"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/inspect"
)

// t0 is the fixture's clock: fixed, so times in messages can be asserted.
var t0 = time.Date(2026, 3, 2, 12, 1, 0, 0, time.Local)

func thread(tid int, name, state string, cpu float64, core int) inspect.Thread {
	return inspect.Thread{TID: tid, StartTicks: uint64(tid), Name: name, State: state, CPUPercent: cpu, Core: core}
}

// fixture is a small machine: init, a kernel thread, a browser with named threads, a shell it
// started, and a sleeper. cpu gives the CPU% of firefox, bash and sleep, to re-order rows.
func fixture(at time.Time, cpu [3]float64) *inspect.Snapshot {
	return &inspect.Snapshot{
		Taken: at, Interval: time.Second, BootTime: t0.Add(-time.Hour),
		Host:   inspect.Host{Hostname: "lab", Kernel: "6.1.0", CPUModel: "Test CPU", LogicalCores: 2, PhysicalCores: 1, Uptime: time.Hour},
		Cores:  []inspect.Core{{ID: 0, BusyPercent: 40}, {ID: 1, BusyPercent: 10}},
		Memory: inspect.Memory{TotalBytes: 8 << 30, AvailableBytes: 6 << 30},
		Processes: []inspect.Process{
			{PID: 1, PPID: 0, StartTicks: 1, Name: "systemd", Cmdline: "/sbin/init", User: "root", State: "S", CPUPercent: 0.5,
				RSSBytes: 12 << 20, NumThreads: 1, Threads: []inspect.Thread{thread(1, "systemd", "S", 0.5, 0)}},
			{PID: 2, PPID: 0, StartTicks: 2, Name: "kthreadd", User: "root", State: "S", KernelThread: true,
				NumThreads: 1, Threads: []inspect.Thread{thread(2, "kthreadd", "S", 0, 1)}},
			{PID: 100, PPID: 1, StartTicks: 100, Name: "firefox", Cmdline: "/usr/bin/firefox --new-window", User: "alice", State: "R",
				CPUPercent: cpu[0], RSSBytes: 400 << 20, NumThreads: 3, Threads: []inspect.Thread{
					thread(100, "firefox", "R", cpu[0]/2, 0), thread(101, "Renderer", "S", cpu[0]/4, 1), thread(102, "GeckoMain", "S", cpu[0]/4, 1)}},
			{PID: 200, PPID: 100, StartTicks: 200, Name: "bash", Cmdline: "bash", User: "bob", State: "S",
				CPUPercent: cpu[1], RSSBytes: 4 << 20, NumThreads: 1, Threads: []inspect.Thread{thread(200, "bash", "S", cpu[1], 0)}},
			{PID: 300, PPID: 1, StartTicks: 300, Name: "sleep", Cmdline: "sleep 100", User: "alice", State: "S",
				CPUPercent: cpu[2], RSSBytes: 1 << 20, NumThreads: 1, Threads: []inspect.Thread{thread(300, "sleep", "S", cpu[2], 1)}},
		},
	}
}

// fakeSource hands out the snapshot it is given, as a Sampler would.
type fakeSource struct {
	next *inspect.Snapshot
	mem  inspect.MemoryBreakdown
}

func (f *fakeSource) Sample() (*inspect.Snapshot, error) { return f.next, nil }

func (f *fakeSource) MemoryOf(int, uint64) inspect.MemoryBreakdown { return f.mem }

// ev builds an event from alternating keys and values, numbers as JSON decodes them.
func ev(kind string, kv ...any) demos.Event {
	e := demos.Event{"event": kind}
	for i := 0; i+1 < len(kv); i += 2 {
		v := kv[i+1]
		if n, ok := v.(int); ok {
			v = float64(n)
		}
		e[kv[i].(string)] = v
	}
	return e
}

func wantContains(t *testing.T, what, got string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(got, p) {
			t.Errorf("%s = %q, want it to contain %q", what, got, p)
		}
	}
}
