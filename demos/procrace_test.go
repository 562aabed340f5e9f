package demos

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestProcRaceWithoutLockLosesUpdates(t *testing.T) {
	// Four processes on this machine's cores make overlapping read-then-write steps; whether on
	// two cores at once or taking turns on one, a process that stores a stale value wipes out
	// what the others added in between, so some of 8 million updates are lost.
	d := startHarness(t, "procrace", "--sync", "none", "--procs", "4", "--increments", "2000000")
	ev := d.next(t, "result", 60*time.Second)
	t.Logf("%v", ev)
	expected, actual, lost := intField(t, ev, "expected"), intField(t, ev, "actual"), intField(t, ev, "lost")
	if expected != 8_000_000 || lost != expected-actual {
		t.Errorf("expected %d actual %d lost %d, want 8000000 and lost = expected - actual", expected, actual, lost)
	}
	if lost <= 0 || actual <= 0 {
		t.Errorf("lost %d of %d: processes sharing memory without a lock should lose updates", lost, expected)
	}
}

func TestProcRaceLockAndAtomicLoseNothing(t *testing.T) {
	for _, mode := range []string{"lock", "atomic"} {
		t.Run(mode, func(t *testing.T) {
			d := startHarness(t, "procrace", "--sync", mode, "--procs", "4", "--increments", "200000")
			ev := d.next(t, "result", 60*time.Second)
			expected, actual, lost := intField(t, ev, "expected"), intField(t, ev, "actual"), intField(t, ev, "lost")
			if expected != 800_000 || actual != expected || lost != 0 {
				t.Errorf("%s: expected %d actual %d lost %d, want 800000 800000 0", mode, expected, actual, lost)
			}
			if code := d.stop(t); code != 0 {
				t.Errorf("exit code %d", code)
			}
		})
	}
}

func TestProcRaceChildrenAreProcessesSharingOnePage(t *testing.T) {
	// A run of seconds, quit as soon as every child has reported: meanwhile each child is a real
	// process of its own, a child of the demo, with the demo's memfd page mapped.
	d := startHarness(t, "procrace", "--sync", "lock", "--procs", "3", "--increments", "10000000")
	pids := map[int]bool{}
	for len(pids) < 3 {
		ev := d.next(t, "child", 20*time.Second)
		pid := intField(t, ev, "pid")
		if pid == os.Getpid() {
			t.Fatalf("a child runs in the demo's process")
		}
		pids[pid] = true
		if ppid := harnessParentOf(t, pid); ppid != os.Getpid() {
			t.Errorf("child %d has parent %d, want %d", pid, ppid, os.Getpid())
		}
		if maps := procRead(pid, "maps"); !strings.Contains(maps, "/memfd:procrace") {
			t.Errorf("child %d does not map the shared page; maps:\n%s", pid, maps)
		}
	}
	d.send(t, `{"cmd":"quit"}`)
	ev := d.next(t, "result", 20*time.Second)
	if expected, actual := intField(t, ev, "expected"), intField(t, ev, "actual"); expected != actual || ev["interrupted"] != true {
		t.Errorf("after quit: expected %d actual %d interrupted %v; the lock must keep the count exact", expected, actual, ev["interrupted"])
	}
	if code := d.stop(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
	for pid := range pids {
		eventually(t, "child processes gone", func() bool { return !running(pid) })
	}
}

func TestProcRaceRejectsBadFlags(t *testing.T) {
	harnessRejects(t, [][]string{
		{"procrace", "--sync", "mutex"},
		{"procrace", "--procs", "1"},
		{"procrace", "--procs", "17"},
		{"procrace", "--increments", "0"},
		{"procrace", "--increments", "10000001"},
		{"procrace", "--procs", "two"},
		{"procrace", "extra"},
	})
}
