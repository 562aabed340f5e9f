package cardmodel

import (
	"strings"
	"testing"

	"github.com/taskscope/taskscope/demos"
)

// TestClaimEvidence builds each kind of evidence from recorded events, as a claim's runs give
// them, and checks what the card would draw.
func TestClaimEvidence(t *testing.T) {
	browser := func(mdl string, died bool) []demos.Event {
		out := []demos.Event{ev("ready", "pid", 100)}
		for n := 1; n <= 3; n++ {
			pid := 100
			if mdl == "processes" {
				pid = 100 + n
			}
			out = append(out, ev("tab", "tab", n, "pid", pid, "tid", 200+n, "state", "alive"))
		}
		for n := 1; n <= 3; n++ {
			v := 0
			if n == 1 || mdl == "threads" {
				v = 4242
			}
			out = append(out, ev("read", "tab", n, "value", v, "address", "0xc000010000"))
		}
		if died {
			out = append(out, ev("fault", "tab", 2, "pid", 100, "tid", 202, "message", "SIGSEGV"),
				ev("crashed", "tab", 2, "pid", 102, "reason", "SIGSEGV"))
		}
		return out
	}
	runs := map[string][]demos.Event{"browser-threads": browser("threads", true), "browser-processes": browser("processes", true)}

	mem, ok := ClaimEvidence("memory", runs)
	if !ok || len(mem.Browsers) != 2 || mem.Browsers[0].Model != "threads" {
		t.Fatalf("memory evidence %+v, %v", mem, ok)
	}
	// Before the crash every tab is alive and says what it read: 4242 in every thread tab,
	// only in tab 1 of the processes.
	if th, pr := mem.Browsers[0].Tabs[3], mem.Browsers[1].Tabs[3]; th.State != "alive" || th.Value != 4242 || pr.Value != 0 || !pr.Read {
		t.Errorf("memory: thread tab 3 %+v, process tab 3 %+v", th, pr)
	}
	crash, _ := ClaimEvidence("crashes", runs)
	if st := crash.Browsers[1].Tabs[2].State; st != "crashed" {
		t.Errorf("crashes: process tab 2 is %q at the end, want crashed", st)
	}

	cost, ok := ClaimEvidence("creation", map[string][]demos.Event{"cost": {ev("progress"), ev("result", "thread_create_us", 10, "process_create_us", 1000, "process_create_true_us", 800)}})
	if !ok || len(cost.Charts) != 1 || !cost.Charts[0].LogScale || cost.Charts[0].Bars[1].Value != 1000 || !strings.Contains(cost.Charts[0].Bars[1].Text, "100") {
		t.Errorf("creation evidence %+v", cost)
	}

	race := map[string][]demos.Event{
		"procrace-none": {ev("result", "sync", "none", "expected", 100, "actual", 60, "lost", 40, "seconds", 0.5, "procs", 4)},
		"procrace-lock": {ev("result", "sync", "lock", "expected", 100, "actual", 100, "lost", 0, "seconds", 0.9, "procs", 4)},
	}
	sync, ok := ClaimEvidence("sync-between-processes", race)
	if !ok || sync.Charts[0].FullScale != 100 || sync.Charts[0].Bars[0].Value != 60 {
		t.Errorf("sync evidence %+v", sync)
	}

	gil, ok := ClaimEvidence("gil", map[string][]demos.Event{"python": {ev("ready", "mode", "compare"),
		ev("result", "mode", "compare", "workers", 2, "cores", 2, "threads_speedup", 0.98, "processes_speedup", 1.9, "io_speedup", 1.95)}})
	if !ok || len(gil.Charts[0].Bars) != 3 || gil.Charts[0].Bars[0].Value != 0.98 || gil.Charts[0].Bars[1].Value != 1.9 || gil.Charts[0].FullScale != 2 {
		t.Errorf("gil evidence %+v", gil)
	}

	for _, c := range []string{"gil", "fork-copy", "sync-between-processes", "creation", "no-such-claim"} {
		if _, ok := ClaimEvidence(c, nil); ok {
			t.Errorf("%s: evidence from no events", c)
		}
	}
}
