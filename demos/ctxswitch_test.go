package demos

import (
	"os"
	"testing"
	"time"
)

func TestCtxSwitchEverythingOnOneCoreAndEachHandOffASwitch(t *testing.T) {
	// Enough rounds that the tasks live while /proc is read (about a second even on an idle core).
	d := startHarness(t, "ctxswitch", "--rounds", "4000", "--batches", "15")
	ready := d.next(t, "ready", 10*time.Second)
	core := intField(t, ready, "core")
	roles := map[string]bool{}
	for len(roles) < 3 {
		ev := d.next(t, "task", 20*time.Second)
		role := ev.String("role")
		pid, tid := intField(t, ev, "pid"), intField(t, ev, "tid")
		roles[role] = true
		requireOnCore(t, role, pid, tid, core)
		switch role {
		case "process-partner":
			if pid == os.Getpid() {
				t.Errorf("the process partner runs in the demo's own process %d", pid)
			} else if ppid := harnessParentOf(t, pid); ppid != os.Getpid() {
				t.Errorf("process partner %d has parent %d, want %d", pid, ppid, os.Getpid())
			}
			if names := threadNames(t, pid); names[tid] != "switch-partner" {
				t.Errorf("process partner thread %d named %q", tid, names[tid])
			}
		case "thread-partner", "driver":
			if pid != os.Getpid() {
				t.Errorf("%s in process %d, want the demo's %d", role, pid, os.Getpid())
			}
		}
	}
	ev := d.next(t, "result", 60*time.Second)
	t.Logf("%v", ev)
	for _, key := range []string{"thread_switch_ns", "process_switch_ns", "ratio"} {
		if v, ok := ev.Float(key); !ok || v <= 0 {
			t.Errorf("%s = %v, want a positive number", key, ev[key])
		}
	}
	if ev["all_on_core"] != true || intField(t, ev, "core") != core {
		t.Errorf("all_on_core %v core %v, want true %d", ev["all_on_core"], ev["core"], core)
	}
	// On one core a hand-off cannot happen without a switch: the kernel's counts must show at
	// least two per round trip for both kinds.
	for _, key := range []string{"thread_switches_per_round", "process_switches_per_round"} {
		if v, ok := ev.Float(key); !ok || v < 2 {
			t.Errorf("%s = %v, want at least 2", key, ev[key])
		}
	}
	if code := d.stop(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

func TestCtxSwitchViaPipe(t *testing.T) {
	d := startHarness(t, "ctxswitch", "--via", "pipe", "--rounds", "500", "--batches", "3")
	ev := d.next(t, "result", 60*time.Second)
	if ev.String("via") != "pipe" || intField(t, ev, "batches") != 3 {
		t.Errorf("result %v", ev)
	}
	for _, key := range []string{"thread_switch_ns", "process_switch_ns"} {
		if v, ok := ev.Float(key); !ok || v <= 0 {
			t.Errorf("%s = %v, want a positive number", key, ev[key])
		}
	}
}

func TestCtxSwitchQuitEndsItWithNothingLeft(t *testing.T) {
	d := startHarness(t, "ctxswitch", "--rounds", "1000000", "--batches", "51")
	var partner int
	for {
		ev := d.next(t, "task", 20*time.Second)
		if ev.String("role") == "process-partner" {
			partner = intField(t, ev, "pid")
		}
		if ev.String("role") == "driver" {
			break // the first batch, of seconds, has begun
		}
	}
	time.Sleep(100 * time.Millisecond)
	d.send(t, `{"cmd":"quit"}`)
	if code := d.exitCode(t, "quit"); code != 0 {
		t.Errorf("exit code %d", code)
	}
	eventually(t, "the partner process is gone", func() bool { return !running(partner) })
}

func TestCtxSwitchRejectsBadFlags(t *testing.T) {
	harnessRejects(t, [][]string{
		{"ctxswitch", "--via", "socket"},
		{"ctxswitch", "--rounds", "99"},
		{"ctxswitch", "--rounds", "1000001"},
		{"ctxswitch", "--batches", "2"},
		{"ctxswitch", "--batches", "52"},
		{"ctxswitch", "--core", "-2"},
		{"ctxswitch", "--core", "4096"},
		{"ctxswitch", "extra"},
	})
}
