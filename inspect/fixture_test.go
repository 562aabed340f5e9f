package inspect

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/procfs"
	"golang.org/x/sys/unix"
)

// fixture runs a Sampler over the fixture trees testdata/proc-t0 and proc-t1. The sampler reads
// a symlink that is pointed at one tree or the other, and its clock is set by hand, so rates come
// out exact.
type fixture struct {
	s     *Sampler
	link  string
	clock time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{link: filepath.Join(t.TempDir(), "proc"), clock: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
	f.point(t, "proc-t0")
	s, err := NewSampler(f.link)
	if err != nil {
		t.Fatal(err)
	}
	// The trees' owners and user names come from the fixture, not from whoever checked it out
	// nor from this machine's /etc/passwd.
	s.ownerOf = fixtureOwners
	s.users = userCache{0: "root", 1000: "alice"}
	s.now = func() time.Time { return f.clock }
	f.s = s
	return f
}

// point makes the sampler's proc root the fixture tree name.
func (f *fixture) point(t *testing.T, name string) {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(f.link)
	if err := os.Symlink(abs, f.link); err != nil {
		t.Fatal(err)
	}
}

// sample takes a sample of tree name at offset after the fixture's base time.
func (f *fixture) sample(t *testing.T, name string, offset time.Duration) *Snapshot {
	t.Helper()
	f.point(t, name)
	f.clock = f.clock.Add(offset)
	snap, err := f.s.Sample()
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// fixtureOwners gives the owner of each task of the fixture trees: alice owns oldjob (300) and
// memhog (700), root the rest.
func fixtureOwners(pid int) (uint32, bool) {
	switch pid {
	case 300, 700:
		return 1000, true
	}
	return 0, true
}

func mustFind(t *testing.T, snap *Snapshot, pid int) *Process {
	t.Helper()
	p, ok := snap.Find(pid)
	if !ok {
		t.Fatalf("pid %d missing from snapshot", pid)
	}
	return p
}

func TestFixtureFirstSample(t *testing.T) {
	f := newFixture(t)
	snap := f.sample(t, "proc-t0", 0)

	var pids []int
	for _, p := range snap.Processes {
		pids = append(pids, p.PID)
	}
	want := []int{1, 2, 10, 100, 200, 300, 600, 700, 800}
	if !equalInts(pids, want) {
		t.Errorf("pids = %v, want %v (400 vanished, 500 truncated)", pids, want)
	}
	if snap.Skipped != 2 {
		t.Errorf("Skipped = %d, want 2", snap.Skipped)
	}
	if snap.Interval != 0 {
		t.Errorf("first Interval = %v, want 0", snap.Interval)
	}
	page := uint64(os.Getpagesize())

	app := mustFind(t, snap, 100)
	if app.Name != "my (weird) app)" || app.Cmdline != "/opt/my app/bin --flag" || app.PPID != 1 ||
		app.StartTicks != 500 || app.RSSBytes != 5000*page || app.NumThreads != 3 || app.User != "root" || app.KernelThread {
		t.Errorf("process 100 = %+v", *app)
	}
	if p := mustFind(t, snap, 700); p.UID != 1000 || p.User != "alice" {
		t.Errorf("process 700 owned by %d %q, want the fixture's 1000 alice", p.UID, p.User)
	}
	wantThreads := []Thread{
		{TID: 100, StartTicks: 500, Name: "my (weird) app)", State: "S", Core: 1, CPUTime: 4 * time.Second},
		{TID: 101, StartTicks: 510, Name: "worker-name-15b", State: "R", Core: 0, CPUTime: 6500 * time.Millisecond},
		{TID: 102, StartTicks: 520, Name: "io thread", State: "S", Core: 1, CPUTime: 1500 * time.Millisecond},
	}
	if !equalThreads(app.Threads, wantThreads) {
		t.Errorf("threads of 100 = %+v, want %+v", app.Threads, wantThreads)
	}

	if k := mustFind(t, snap, 2); !k.KernelThread || k.Cmdline != "" {
		t.Errorf("kthreadd = %+v, want a kernel thread without cmdline", *k)
	}
	if k := mustFind(t, snap, 10); !k.KernelThread || k.PPID != 2 || k.Name != "kworker/0:1-events" || k.State != "I" {
		t.Errorf("kworker = %+v", *k)
	}
	if z := mustFind(t, snap, 200); z.State != "Z" || z.Cmdline != "" || len(z.Threads) != 1 {
		t.Errorf("zombie = %+v", *z)
	}
	if p := mustFind(t, snap, 1); p.Cmdline != "/sbin/init splash" || p.KernelThread {
		t.Errorf("init = %+v", *p)
	}
	for _, p := range snap.Processes {
		if p.CPUPercent != 0 {
			t.Errorf("first sample: pid %d at %.1f%%, want 0", p.PID, p.CPUPercent)
		}
	}
	if len(snap.Cores) != 2 || snap.Cores[0].BusyPercent != 0 || snap.Cores[1].ID != 1 {
		t.Errorf("cores = %+v", snap.Cores)
	}
	wantMem := Memory{TotalBytes: 8000000 << 10, AvailableBytes: 6000000 << 10, SwapTotalBytes: 1000000 << 10, SwapFreeBytes: 900000 << 10}
	if snap.Memory != wantMem {
		t.Errorf("memory = %+v, want %+v", snap.Memory, wantMem)
	}
	if snap.BootTime.IsZero() || snap.Host.CPUModel != "Fixture CPU @ 1.00GHz" || snap.Host.LogicalCores != 2 {
		t.Errorf("boot %v, host %+v", snap.BootTime, snap.Host)
	}
}

func TestFixtureRates(t *testing.T) {
	f := newFixture(t)
	f.sample(t, "proc-t0", 0)
	reads := f.s.taskDirReads
	snap := f.sample(t, "proc-t1", time.Second)

	if snap.Interval != time.Second {
		t.Fatalf("Interval = %v", snap.Interval)
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if got < want-0.001 || got > want+0.001 {
			t.Errorf("%s = %.3f, want %.3f", what, got, want)
		}
	}
	near("cpu of 1", mustFind(t, snap, 1).CPUPercent, 10)
	app := mustFind(t, snap, 100)
	near("cpu of 100", app.CPUPercent, 60)
	if len(app.Threads) != 3 || app.NumThreads != 4 {
		t.Fatalf("100 has %d threads (NumThreads %d), want 3 of 4: 103 vanished", len(app.Threads), app.NumThreads)
	}
	near("cpu of thread 100", app.Threads[0].CPUPercent, 10)
	near("cpu of thread 101", app.Threads[1].CPUPercent, 50)
	near("cpu of thread 102", app.Threads[2].CPUPercent, 0)
	if snap.Skipped != 3 {
		t.Errorf("Skipped = %d, want 3 (400, 500, thread 103)", snap.Skipped)
	}

	// PID 300 now belongs to another process: a new task, whose rate starts from zero.
	reused := mustFind(t, snap, 300)
	if reused.Name != "newjob" || reused.StartTicks != 5000 || reused.CPUPercent != 0 || reused.Cmdline != "newjob --fresh" {
		t.Errorf("reused pid 300 = %+v, want newjob at 0%% with its own cmdline", *reused)
	}

	// Only process 100 ran among the multi-threaded ones; 600 keeps its list unread.
	if got := f.s.taskDirReads - reads; got != 1 {
		t.Errorf("task directories read in the second sample = %d, want 1", got)
	}
	pool := mustFind(t, snap, 600)
	if len(pool.Threads) != 2 || pool.Threads[1].Name != "pool-worker" || pool.Threads[1].CPUPercent != 0 {
		t.Errorf("idle pool threads = %+v", pool.Threads)
	}
	near("core 0", snap.Cores[0].BusyPercent, 50)
	near("core 1", snap.Cores[1].BusyPercent, 90)
}

func TestFixtureCmdline(t *testing.T) {
	f := newFixture(t)
	f.point(t, "proc-t1")
	got, err := f.s.Cmdline(300, 5000)
	if err != nil || got != "newjob --fresh" {
		t.Errorf("Cmdline(300, 5000) = %q, %v", got, err)
	}
	if _, err := f.s.Cmdline(300, 1000); !errors.Is(err, ErrGone) {
		t.Errorf("Cmdline of a reused PID: err = %v, want ErrGone", err)
	}
	if _, err := f.s.Cmdline(400, 1); !errors.Is(err, ErrGone) {
		t.Errorf("Cmdline of a vanished PID: err = %v, want ErrGone", err)
	}
	if got, err := f.s.Cmdline(200, 900); err != nil || got != "" {
		t.Errorf("Cmdline of a zombie = %q, %v", got, err)
	}
}

func TestFixtureMemoryOf(t *testing.T) {
	f := newFixture(t)
	got := f.s.MemoryOf(700, 2000)
	want := MemoryBreakdown{Available: true, RSS: 5000 << 10, PSS: 3000 << 10, Private: 3000 << 10, Shared: 2000 << 10, Swap: 100 << 10}
	if got != want {
		t.Errorf("MemoryOf(700) = %+v, want %+v", got, want)
	}
	cases := []struct {
		pid    int
		start  uint64
		reason string
	}{
		{700, 1999, reasonGone},
		{400, 1, reasonGone},
		{999, 1, reasonGone},
		{2, 2, reasonKernel},
		{200, 900, reasonZombie},
	}
	for _, c := range cases {
		if got := f.s.MemoryOf(c.pid, c.start); got.Available || got.Reason != c.reason {
			t.Errorf("MemoryOf(%d, %d) = %+v, want unavailable: %q", c.pid, c.start, got, c.reason)
		}
	}
	// 800's smaps_rollup is a directory: unreadable, and said so, not zeros.
	if got := f.s.MemoryOf(800, 2100); got.Available || got.Reason == "" {
		t.Errorf("MemoryOf(800) = %+v, want unavailable", got)
	}
}

// TestMemoryOfDenied checks how EACCES from smaps_rollup is reported. Tests run as root, who may
// read anything, so here the error is injected; TestLiveMemoryDenied gets a real one.
func TestMemoryOfDenied(t *testing.T) {
	f := newFixture(t)
	f.s.readRollup = func(pid int) (procfs.ProcSMapsRollup, error) {
		return procfs.ProcSMapsRollup{}, &os.PathError{Op: "open", Path: "smaps_rollup", Err: unix.EACCES}
	}
	if got := f.s.MemoryOf(700, 2000); got.Available || got.Reason != reasonDenied {
		t.Errorf("MemoryOf with EACCES = %+v, want %q", got, reasonDenied)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func equalThreads(a, b []Thread) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
