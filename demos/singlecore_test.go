package demos

import (
	"os"
	"strconv"
	"testing"
	"time"
)

func TestSingleCorePinnedWorkersShareOneCore(t *testing.T) {
	d := startHarness(t, "singlecore", "--workers", "3", "--seconds", "1")
	ready := d.next(t, "ready", 10*time.Second)
	core := intField(t, ready, "core")
	all, err := allowedCores()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for seen["spread"] < 3 {
		ev := d.next(t, "worker", 30*time.Second)
		phase, k := ev.String("phase"), intField(t, ev, "worker")
		pid, tid := intField(t, ev, "pid"), intField(t, ev, "tid")
		seen[phase]++
		if pid != os.Getpid() {
			t.Errorf("%s worker %d in process %d, want threads of %d", phase, k, pid, os.Getpid())
		}
		name := threadNames(t, pid)[tid]
		if want := phase + "-" + strconv.Itoa(k); name != "" && name != want {
			t.Errorf("worker thread %d named %q, want %q", tid, name, want)
		}
		switch phase {
		case "alone", "pinned":
			requireOnCore(t, phase+" worker "+strconv.Itoa(k), pid, tid, core)
		case "spread":
			if got := taskAllowed(pid, tid); got != "" && len(all) > 1 && got == strconv.Itoa(core) {
				t.Errorf("spread worker %d may only use core %s", k, got)
			}
		}
	}
	if seen["alone"] != 1 || seen["pinned"] != 3 {
		t.Errorf("workers per phase %v, want alone 1, pinned 3, spread 3", seen)
	}
	ev := d.next(t, "result", 30*time.Second)
	t.Logf("%v", ev)
	for _, key := range []string{"alone_units_per_sec", "pinned_units_per_sec", "spread_units_per_sec", "speedup"} {
		if v, ok := ev.Float(key); !ok || v <= 0 {
			t.Errorf("%s = %v, want a positive number", key, ev[key])
		}
	}
	// Every pinned worker got turns on the one core: none was starved.
	if v, ok := ev.Float("pinned_min_share"); !ok || v <= 0 {
		t.Errorf("pinned_min_share = %v, want above 0", ev["pinned_min_share"])
	}
	if intField(t, ev, "workers") != 3 || intField(t, ev, "cores") != len(all) {
		t.Errorf("workers %v cores %v", ev["workers"], ev["cores"])
	}
	if code := d.stop(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

func TestSingleCoreRejectsBadFlags(t *testing.T) {
	harnessRejects(t, [][]string{
		{"singlecore", "--workers", "0"},
		{"singlecore", "--workers", "17"},
		{"singlecore", "--seconds", "0"},
		{"singlecore", "--seconds", "61"},
		{"singlecore", "--core", "4096"},
		{"singlecore", "--kind", "io"},
	})
}
