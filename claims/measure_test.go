package claims

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/internal/testenv"
)

func init() {
	// As in cmd/taskscope: a demo names its process after the main thread, so the main goroutine
	// must stay there.
	runtime.LockOSThread()
}

// TestMain lets the test binary stand in for taskscope: the demos the claims start re-run
// os.Executable() as `demo NAME ...`, which under `go test` is this binary.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "demo" {
		os.Exit(demos.Main(os.Args[2:]))
	}
	os.Exit(m.Run())
}

// requirePython fails (in CI) or skips the test when there is no python3 to measure.
func requirePython(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		testenv.Missing(t, "python3", err.Error(), "make deps (installs python3)")
	}
}

// required are the figures the issue asks for, per claim.
var required = map[string][]string{
	"gil":                    {"threads_speedup", "processes_speedup", "python"},
	"fork-copy":              {"data_bytes", "child_private_after_fork_bytes", "child_private_after_write_bytes"},
	"sync-between-processes": {"expected", "lost", "lost_with_lock"},
}

// TestMeasureAllGivesEveryClaimFiguresAndAVerdict runs every claim's demos for real, a minute
// of live workloads; `make check` (-race -short) leaves it to `make test`, and checks the
// concurrency of the measuring lanes with the short runs below (limit, cancel).
func TestMeasureAllGivesEveryClaimFiguresAndAVerdict(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every claim's live demos; make test runs it")
	}
	requirePython(t)
	start := time.Now()
	got := map[string]Result{}
	var order []string
	for r := range MeasureAll(context.Background(), Options{Short: true}) {
		if _, dup := got[r.ID]; dup {
			t.Errorf("%s came twice", r.ID)
		}
		got[r.ID] = r
		order = append(order, r.ID)
		t.Logf("%-24s %-8s %5.1fs %s %s %v", r.ID, r.Verdict, r.Took.Seconds(), r.Error, r.Why, r.Figures)
	}
	t.Logf("all in %v, in this order: %v", time.Since(start).Round(time.Millisecond), order)
	for _, id := range IDs() {
		r, ok := got[id]
		switch {
		case !ok:
			t.Errorf("%s: no result", id)
			continue
		case r.Error != "":
			t.Errorf("%s: not measured: %s", id, r.Error)
			continue
		case r.Verdict != Holds && r.Verdict != Nuanced && r.Verdict != Wrong:
			t.Errorf("%s: verdict %q", id, r.Verdict)
		case r.Why == "" || len(r.Figures) == 0:
			t.Errorf("%s: why %q figures %v", id, r.Why, r.Figures)
		}
		for name, v := range r.Figures {
			switch v.(type) {
			case float64, int, int64, string, bool:
			default:
				t.Errorf("%s: figure %s is a %T, not flat", id, name, v)
			}
		}
		for _, name := range required[id] {
			if _, ok := r.Figures[name]; !ok {
				t.Errorf("%s: figure %s missing", id, name)
			}
		}
		// Every run the figures come from is kept, event by event, for views that draw it.
		for _, k := range catalogRuns(id) {
			if len(r.Runs[k]) == 0 {
				t.Errorf("%s: no events of run %s kept", id, k)
			}
		}
		// The verdict must be the one its figures give: nothing decided elsewhere.
		if v, why, err := Judge(id, r.Figures); err != nil || v != r.Verdict || why != r.Why {
			t.Errorf("%s: judged again %s %q %v, measured %s %q", id, v, why, err, r.Verdict, r.Why)
		}
	}
	// Facts that do not depend on timing: the kernel, not the load, decides them.
	if f := got["memory"].Figures; f.num("threads_other_tabs_saw_write") != 2 || f.num("processes_other_tabs_saw_write") != 0 {
		t.Errorf("memory: %v, want the write seen by both other thread tabs and by no other process tab", f)
	}
	if n := countKind(got["memory"].Runs["browser-threads"], "tab"); n < 3 {
		t.Errorf("memory: %d tab events kept of the threads' browser, want one per tab at least", n)
	}
	if f := got["crashes"].Figures; f.num("threads_tabs_lost") != 3 || f.num("processes_tabs_lost") != 1 {
		t.Errorf("crashes: %v, want 3 tabs lost with threads and 1 with processes", f)
	}
	if f := got["fork-copy"].Figures; f.num("child_private_after_fork_bytes") >= f.num("data_bytes")/4 ||
		f.num("child_private_after_write_bytes") < f.num("data_bytes")*3/4 {
		t.Errorf("fork-copy: %v, want little private memory after fork and most of the data after writing", f)
	}
	if f := got["sync-between-processes"].Figures; f.num("lost") <= 0 || f.num("lost_with_lock") != 0 {
		t.Errorf("sync-between-processes: %v, want updates lost without the lock and none with it", f)
	}
	requireNoChildren(t)
}

func TestMeasureWithoutPythonIsAnErrorNotAVerdict(t *testing.T) {
	r := Measure(context.Background(), "gil", Options{Short: true, Python: "/nonexistent/python3"})
	if r.Error == "" || r.Verdict != "" || r.Why != "" {
		t.Fatalf("gil without a Python: %+v, want an error and no verdict", r)
	}
	if !strings.Contains(r.Error, "/nonexistent/python3") {
		t.Errorf("error %q does not name the missing Python", r.Error)
	}
	requireNoChildren(t)
}

func TestMeasureTimeLimitStopsTheDemo(t *testing.T) {
	// single-core runs for three seconds at the least; a one-second limit must stop it and say so.
	start := time.Now()
	r := Measure(context.Background(), "single-core", Options{Short: true, Limit: time.Second})
	if r.Error == "" || r.Verdict != "" || !strings.Contains(r.Error, "did not finish within 1s") {
		t.Fatalf("single-core with a 1s limit: %+v, want an error about the limit", r)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the limited measurement took %v", took)
	}
	requireNoChildren(t)
}

func TestMeasureCancelledStopsAtOnce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	// single-core runs for three seconds at the least, and gil waits behind it in the timing lane.
	results := MeasureIDs(ctx, Options{Short: true}, "single-core", "gil")
	time.Sleep(300 * time.Millisecond)
	cancel()
	n := 0
	for r := range results {
		n++
		if r.Error == "" {
			t.Errorf("%s measured although cancelled: %+v", r.ID, r)
		}
	}
	if n != 2 {
		t.Errorf("%d results, want 2", n)
	}
	requireNoChildren(t)
}

func TestMeasureUnknownClaim(t *testing.T) {
	r := Measure(context.Background(), "browser-tabs", Options{})
	if r.ID != "browser-tabs" || r.Error == "" || r.Verdict != "" {
		t.Errorf("unknown claim: %+v", r)
	}
}

// requireNoChildren checks that no process started by this test process is left running.
func requireNoChildren(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		kids := liveChildren(os.Getpid())
		if len(kids) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("processes left running: %v", kids)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// liveChildren lists the processes whose parent is pid and which are not zombies.
func liveChildren(pid int) []int {
	dirs, _ := os.ReadDir("/proc")
	var kids []int
	for _, d := range dirs {
		p, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) > 1 && f[0] != "Z" && f[1] == strconv.Itoa(pid) {
			kids = append(kids, p)
		}
	}
	return kids
}

// catalogRuns lists the run keys claim id is measured from.
func catalogRuns(id string) []string {
	for _, c := range catalog {
		if c.ID == id {
			return c.runs
		}
	}
	return nil
}

// countKind counts the events of one kind.
func countKind(events []demos.Event, kind string) int {
	n := 0
	for _, e := range events {
		if e.Kind() == kind {
			n++
		}
	}
	return n
}
