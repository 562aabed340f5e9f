// Package modeltest holds the fixtures the window's tests share: a small recorded machine,
// recorded demo events and a Source that hands out what it is given. It is imported only by
// tests, and imports neither Fyne nor anything of ui.
package modeltest

import (
	"strings"
	"testing"
	"time"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/inspect"
)

// T0 is the fixture's clock: fixed, so times in messages can be asserted.
var T0 = time.Date(2026, 3, 2, 12, 1, 0, 0, time.Local)

// Thread is a fixture thread whose start ticks are its TID.
func Thread(tid int, name, state string, cpu float64, core int) inspect.Thread {
	return inspect.Thread{TID: tid, StartTicks: uint64(tid), Name: name, State: state, CPUPercent: cpu, Core: core}
}

// Fixture is a small machine: init, a kernel thread, a browser with named threads, a shell it
// started, and a sleeper. cpu gives the CPU% of firefox, bash and sleep, to re-order rows.
func Fixture(at time.Time, cpu [3]float64) *inspect.Snapshot {
	return &inspect.Snapshot{
		Taken: at, Interval: time.Second, BootTime: T0.Add(-time.Hour),
		Host:   inspect.Host{Hostname: "lab", Kernel: "6.1.0", CPUModel: "Test CPU", LogicalCores: 2, PhysicalCores: 1, Uptime: time.Hour},
		Cores:  []inspect.Core{{ID: 0, BusyPercent: 40}, {ID: 1, BusyPercent: 10}},
		Memory: inspect.Memory{TotalBytes: 8 << 30, AvailableBytes: 6 << 30},
		Processes: []inspect.Process{
			{PID: 1, PPID: 0, StartTicks: 1, Name: "systemd", Cmdline: "/sbin/init", User: "root", State: "S", CPUPercent: 0.5,
				RSSBytes: 12 << 20, NumThreads: 1, Threads: []inspect.Thread{Thread(1, "systemd", "S", 0.5, 0)}},
			{PID: 2, PPID: 0, StartTicks: 2, Name: "kthreadd", User: "root", State: "S", KernelThread: true,
				NumThreads: 1, Threads: []inspect.Thread{Thread(2, "kthreadd", "S", 0, 1)}},
			{PID: 100, PPID: 1, StartTicks: 100, Name: "firefox", Cmdline: "/usr/bin/firefox --new-window", User: "alice", State: "R",
				CPUPercent: cpu[0], RSSBytes: 400 << 20, NumThreads: 3, Threads: []inspect.Thread{
					Thread(100, "firefox", "R", cpu[0]/2, 0), Thread(101, "Renderer", "S", cpu[0]/4, 1), Thread(102, "GeckoMain", "S", cpu[0]/4, 1)}},
			{PID: 200, PPID: 100, StartTicks: 200, Name: "bash", Cmdline: "bash", User: "bob", State: "S",
				CPUPercent: cpu[1], RSSBytes: 4 << 20, NumThreads: 1, Threads: []inspect.Thread{Thread(200, "bash", "S", cpu[1], 0)}},
			{PID: 300, PPID: 1, StartTicks: 300, Name: "sleep", Cmdline: "sleep 100", User: "alice", State: "S",
				CPUPercent: cpu[2], RSSBytes: 1 << 20, NumThreads: 1, Threads: []inspect.Thread{Thread(300, "sleep", "S", cpu[2], 1)}},
		},
	}
}

// Without returns a copy of s without process pid.
func Without(s *inspect.Snapshot, pid int) *inspect.Snapshot {
	c := *s
	c.Processes = nil
	for _, p := range s.Processes {
		if p.PID != pid {
			c.Processes = append(c.Processes, p)
		}
	}
	return &c
}

// CrunchSample is a recorded watch reading: a process "crunch" (PID 500) with two busy workers,
// worker-2 on core c2, and a thread that slept.
func CrunchSample(at time.Time, every time.Duration, c2 int) *inspect.WatchSample {
	th := func(tid int, name, state string, cpu float64, core int) inspect.Thread {
		return inspect.Thread{TID: tid, StartTicks: 5000, Name: name, State: state, CPUPercent: cpu, Core: core}
	}
	return &inspect.WatchSample{Taken: at, Interval: every, Processes: []inspect.Process{{
		PID: 500, StartTicks: 5000, Name: "crunch", State: "R", NumThreads: 3,
		Threads: []inspect.Thread{th(500, "crunch", "S", 0, 1), th(501, "worker-1", "R", 95, 0), th(502, "worker-2", "R", 80, c2)},
	}}}
}

// Source hands out the snapshot it is given, as a Sampler would, and one memory breakdown for
// every process.
type Source struct {
	Next *inspect.Snapshot
	Mem  inspect.MemoryBreakdown
}

// Sample implements model.Source.
func (f *Source) Sample() (*inspect.Snapshot, error) { return f.Next, nil }

// MemoryOf implements model.Source.
func (f *Source) MemoryOf(int, uint64) inspect.MemoryBreakdown { return f.Mem }

// Ev builds an event from alternating keys and values, numbers as JSON decodes them.
func Ev(kind string, kv ...any) demos.Event {
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

// BrowserStart is what a browser of four tabs reports as it opens: tabs in pid, or in pids
// pid+1..pid+4 when each tab has a process, each reading 0.
func BrowserStart(model string, pid int) []demos.Event { return BrowserStartTabs(model, pid, 4) }

// BrowserStartTabs is BrowserStart with n tabs.
func BrowserStartTabs(model string, pid, n int) []demos.Event {
	out := []demos.Event{Ev("ready", "demo", "browser", "model", model, "pid", pid, "tabs", n, "address", "0x7e5f00")}
	for i := 1; i <= n; i++ {
		tp, tid := pid, pid+i
		if model == "processes" {
			tp, tid = pid+i, pid+i
		}
		out = append(out, Ev("tab", "tab", i, "pid", tp, "tid", tid, "state", "alive"),
			Ev("read", "tab", i, "pid", tp, "tid", tid, "value", 0, "address", "0x7e5f00"))
	}
	return out
}

// WantContains fails the test when got lacks any of parts.
func WantContains(t testing.TB, what, got string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(got, p) {
			t.Errorf("%s = %q, want it to contain %q", what, got, p)
		}
	}
}
