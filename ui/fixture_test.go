package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

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
			{PID: 1, PPID: 0, StartTicks: 1, Name: "systemd", User: "root", State: "S", CPUPercent: 0.5,
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

// without returns a copy of s without process pid.
func without(s *inspect.Snapshot, pid int) *inspect.Snapshot {
	c := *s
	c.Processes = nil
	for _, p := range s.Processes {
		if p.PID != pid {
			c.Processes = append(c.Processes, p)
		}
	}
	return &c
}

// fakeSource hands out the snapshot it is given, as a Sampler would.
type fakeSource struct {
	next *inspect.Snapshot
	mem  inspect.MemoryBreakdown
}

func (f *fakeSource) Sample() (*inspect.Snapshot, error) { return f.next, nil }

func (f *fakeSource) MemoryOf(int, uint64) inspect.MemoryBreakdown { return f.mem }

// newTestWindow opens the main window on the test driver. The worker goroutine is not
// started: step and drain run its work on the test goroutine, so each test is deterministic.
func newTestWindow(t *testing.T, o options) (*mainWindow, *fakeSource) {
	t.Helper()
	a := test.NewTempApp(t)
	src := &fakeSource{mem: inspect.MemoryBreakdown{Available: true, RSS: 400 << 20, PSS: 300 << 20, Private: 250 << 20, Shared: 150 << 20}}
	m := newMainWindow(a, src, "testdata/proc", o)
	m.win.Resize(fyne.NewSize(1400, 900))
	m.win.Show()
	t.Cleanup(m.win.Close)
	return m, src
}

// step takes one sample of s and runs whatever the window asked of the worker.
func step(m *mainWindow, src *fakeSource, s *inspect.Snapshot) {
	drain(m)
	src.next = s
	m.work.sample()
	drain(m)
}

// drain runs the jobs the UI posted to the worker.
func drain(m *mainWindow) {
	for {
		select {
		case job := <-m.work.jobs:
			job(m.work)
		default:
			return
		}
	}
}

// shownRows reads the table as drawn: the text of every cell on screen, by row.
func shownRows(m *mainWindow) map[int][numCols]string {
	rows := map[int][numCols]string{}
	for _, c := range m.table.bound {
		if c.id.Row >= len(m.table.model.rows) || c.full == "" && c.id.Col == int(colPID) {
			continue
		}
		r := rows[c.id.Row]
		r[c.id.Col] = c.full
		rows[c.id.Row] = r
	}
	return rows
}

// shownColumn lists one column of the drawn table, top to bottom.
func shownColumn(m *mainWindow, col column) []string {
	rows := shownRows(m)
	var out []string
	for i := 0; i < len(m.table.model.rows); i++ {
		if r, ok := rows[i]; ok {
			out = append(out, r[col])
		}
	}
	return out
}

// selectedLook returns the rows drawn as selected.
func selectedLook(m *mainWindow) []int {
	var out []int
	seen := map[int]bool{}
	for _, c := range m.table.bound {
		if c.id.Row < len(m.table.model.rows) && (c.look == lookSelected || c.look == lookMarkedSelected) && !seen[c.id.Row] {
			seen[c.id.Row] = true
			out = append(out, c.id.Row)
		}
	}
	return out
}
