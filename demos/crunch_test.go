package demos

import (
	"os"
	"strconv"
	"testing"
	"time"
)

// crunchResultOK checks the shape of one result event of a crunch run with workers workers.
func crunchResultOK(t *testing.T, ev Event, model, kind string, workers int) {
	t.Helper()
	if ev.String("model") != model || ev.String("kind") != kind {
		t.Errorf("result of model %q kind %q, want %q %q", ev.String("model"), ev.String("kind"), model, kind)
	}
	if n, _ := ev.Int("workers"); n != workers {
		t.Errorf("workers = %v, want %d", ev["workers"], workers)
	}
	per, ok := ev["per_worker"].([]any)
	if !ok || len(per) != workers {
		t.Fatalf("per_worker = %v, want %d counts", ev["per_worker"], workers)
	}
	for i, v := range per {
		if f, ok := v.(float64); !ok || f < 0 {
			t.Errorf("per_worker[%d] = %v, want a count", i, v)
		}
	}
	if v, ok := ev.Float("units_per_sec"); !ok || v < 0 {
		t.Errorf("units_per_sec = %v", ev["units_per_sec"])
	}
	if c, _ := ev.Int("cores"); c < 1 {
		t.Errorf("cores = %v", ev["cores"])
	}
}

func TestCrunchThreadsAreNamedAndReport(t *testing.T) {
	for _, model := range []string{"threads", "locked-threads"} {
		t.Run(model, func(t *testing.T) {
			d := startHarness(t, "crunch", "--model", model, "--workers", "2", "--kind", "cpu")
			ev := d.next(t, "result", 10*time.Second)
			crunchResultOK(t, ev, model, "cpu", 2)
			names := harnessThreadNames(t, "self")
			for k := range 2 {
				if names["worker-"+strconv.Itoa(k)] == 0 {
					t.Errorf("no thread worker-%d among %v", k, names)
				}
			}
			t.Logf("%v", ev)
			if code := d.stop(t); code != 0 {
				t.Errorf("exit code %d", code)
			}
		})
	}
}

func TestCrunchProcessesAreChildren(t *testing.T) {
	d := startHarness(t, "crunch", "--model", "processes", "--workers", "2", "--kind", "io")
	seen := map[int]bool{}
	pids := map[int]bool{}
	for len(seen) < 2 {
		w := d.next(t, "worker", 10*time.Second)
		k, _ := w.Int("worker")
		pid, _ := w.Int("pid")
		tid, _ := w.Int("tid")
		if pid == os.Getpid() {
			t.Fatalf("worker %d runs in the parent", k)
		}
		if ppid := harnessParentOf(t, pid); ppid != os.Getpid() {
			t.Errorf("worker %d: pid %d has parent %d, want %d", k, pid, ppid, os.Getpid())
		}
		comm, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/task/" + strconv.Itoa(tid) + "/comm")
		if err != nil || string(comm) != "worker-"+strconv.Itoa(k)+"\n" {
			t.Errorf("worker %d: thread %d named %q (%v)", k, tid, comm, err)
		}
		seen[k] = true
		pids[pid] = true
	}
	ev := d.next(t, "result", 10*time.Second)
	crunchResultOK(t, ev, "processes", "io", 2)
	t.Logf("%v", ev)
	if code := d.stop(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
	// Stopping reaps the children: none is left, not even as a zombie.
	for pid := range pids {
		if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); err == nil {
			t.Errorf("worker process %d still exists after the demo ended", pid)
		}
	}
}

func TestCrunchQuitAndUnknownCommand(t *testing.T) {
	d := startHarness(t, "crunch", "--workers", "1", "--kind", "io")
	d.send(t, `{"cmd":"crash","tab":1}`)
	if ev := d.next(t, "error", 10*time.Second); ev.String("message") == "" {
		t.Error("error event without a message")
	}
	d.send(t, `{"cmd":"quit"}`)
	if code := d.exitCode(t, "quit"); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

func TestCrunchStopsAfterSeconds(t *testing.T) {
	d := startHarness(t, "crunch", "--workers", "1", "--kind", "io", "--seconds", "1")
	if code := d.exitCode(t, "its 1 s run ending"); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

func TestCrunchRejectsBadFlags(t *testing.T) {
	harnessRejects(t, [][]string{
		{"crunch", "--model", "fibers"},
		{"crunch", "--kind", "gpu"},
		{"crunch", "--workers", "0"},
		{"crunch", "--workers", "17"},
		{"crunch", "--seconds", "-1"},
		{"crunch", "--seconds", "3601"},
		{"crunch", "--workers"},
		{"crunch-worker", "--index", "16"},
	})
}
