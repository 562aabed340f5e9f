package demos

import (
	"fmt"
	"strconv"
	"testing"
	"time"
)

func TestForkcowCopiesPagesOnWriteNotAtFork(t *testing.T) {
	requirePython(t)
	const mib = 32
	d := startHarness(t, "forkcow", "--mib", strconv.Itoa(mib), "--children", "2")
	ready := d.next(t, "ready", 30*time.Second)
	parent := intFieldOf(t, ready, "pid")
	data := intFieldOf(t, ready, "data_bytes")
	if data != mib<<20 {
		t.Fatalf("data_bytes %d, want %d", data, mib<<20)
	}
	kids := map[int]int{}
	for range 4 {
		ev := d.next(t, "child", 30*time.Second)
		k, pid := intFieldOf(t, ev, "child"), intFieldOf(t, ev, "pid")
		private, _ := ev.Float("private_bytes")
		shared, _ := ev.Float("shared_bytes")
		switch ev.String("phase") {
		case "after_fork":
			kids[k] = pid
			// The child is a real fork of the Python parent, named for the lesson.
			if _, ppid, ok := procStat(pid); !ok || ppid != parent {
				t.Errorf("child %d (pid %d): parent %d, want %d", k, pid, ppid, parent)
			}
			if got, want := procRead(pid, "comm"), "cow-child-"+strconv.Itoa(k); got != want {
				t.Errorf("child %d comm %q, want %q", k, got, want)
			}
			// Nothing is copied at the fork: the data is still the parent's pages, shared.
			if private >= 0.25*float64(data) || shared < 0.9*float64(data) {
				t.Errorf("child %d after fork: private %.0f, shared %.0f of %d bytes", k, private, shared, data)
			}
		case "after_write":
			if kids[k] != pid {
				t.Errorf("child %d wrote as pid %d, forked as %d", k, pid, kids[k])
			}
			// Writing its copy made every page of it the child's own.
			if private < 0.9*float64(data) {
				t.Errorf("child %d after write: private %.0f of %d bytes", k, private, data)
			}
		default:
			t.Errorf("child event with phase %q", ev.String("phase"))
		}
		t.Logf("child %d %s: private %.1f MiB, shared %.1f MiB", k, ev.String("phase"), private/(1<<20), shared/(1<<20))
	}
	res := d.next(t, "result", 30*time.Second)
	for _, k := range []string{"data_bytes", "children", "child_private_after_fork_bytes",
		"child_private_after_write_bytes", "parent_private_bytes"} {
		if _, ok := res.Float(k); !ok {
			t.Errorf("result lacks %s: %v", k, res)
		}
	}
	if n, _ := res.Int("children"); n != 2 {
		t.Errorf("children %v, want 2", res["children"])
	}
	// Once both children wrote, the parent's data is shared with no one: its own again.
	if p, _ := res.Float("parent_private_bytes"); p < 0.9*float64(data) {
		t.Errorf("parent_private_bytes %.0f, want most of %d", p, data)
	}
	if code := d.stop(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
	for _, pid := range append([]int{parent}, kids[1], kids[2]) {
		eventually(t, fmt.Sprintf("process %d gone", pid), func() bool { return !running(pid) })
	}
}

func TestForkcowQuitKillsParentAndChildren(t *testing.T) {
	requirePython(t)
	// Quit as soon as the first child is measured: the run is cut short and nothing stays behind.
	d := startHarness(t, "forkcow", "--mib", "8", "--children", "8")
	parent := intFieldOf(t, d.next(t, "ready", 30*time.Second), "pid")
	first := intFieldOf(t, d.next(t, "child", 30*time.Second), "pid")
	d.send(t, `{"cmd":"quit"}`)
	if code := d.exitCode(t, "quit"); code != 0 {
		t.Errorf("exit code %d", code)
	}
	for _, pid := range []int{parent, first} {
		eventually(t, fmt.Sprintf("process %d gone after quit", pid), func() bool { return !running(pid) })
	}
	eventually(t, "no child of the parent left", func() bool { return len(childrenOf(parent)) == 0 })
}

func TestForkcowRejectsBadFlags(t *testing.T) {
	harnessRejects(t, [][]string{
		{"forkcow", "--mib", "0"},
		{"forkcow", "--mib", "1025"},
		{"forkcow", "--children", "0"},
		{"forkcow", "--children", "9"},
		{"forkcow", "--mib", "512", "--children", "2"}, // 1.5 GiB over the budget
		{"forkcow", "--timeout", "0"},
		{"forkcow", "--mib", "lots"},
		{"forkcow", "extra"},
	})
}
