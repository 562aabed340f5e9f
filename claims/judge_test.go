package claims

import (
	"strings"
	"testing"
)

// TestJudgeOnGivenFigures checks each verdict rule on figures written down here, so the rules are
// tested without running anything, including the figures a busy or unusual machine gives.
func TestJudgeOnGivenFigures(t *testing.T) {
	cases := []struct {
		id   string
		figs Figures
		want Verdict
		says string // a piece the why must contain, built from the figures
	}{
		{"memory", Figures{"threads_other_tabs_saw_write": 2, "processes_other_tabs_saw_write": 0, "other_tabs": 2, "processes_same_address": true}, Holds, "2 of 2"},
		{"memory", Figures{"threads_other_tabs_saw_write": 1, "processes_other_tabs_saw_write": 0, "other_tabs": 2, "processes_same_address": true}, Nuanced, "1 of 2"},
		{"memory", Figures{"threads_other_tabs_saw_write": 0, "processes_other_tabs_saw_write": 2, "other_tabs": 2, "processes_same_address": false}, Wrong, "opposite"},

		{"context-switch", Figures{"thread_switch_ns": 2000.0, "process_switch_ns": 4000.0}, Holds, "2 times"},
		{"context-switch", Figures{"thread_switch_ns": 4375.0, "process_switch_ns": 4579.0}, Nuanced, "4375 ns"},
		{"context-switch", Figures{"thread_switch_ns": 5000.0, "process_switch_ns": 4000.0}, Wrong, "x0.8"},
		{"context-switch", Figures{"thread_switch_ns": 0.0, "process_switch_ns": 4000.0}, Nuanced, "No switch"},

		{"communication", Figures{"shm_roundtrip_ns": 144.0, "pipe_roundtrip_ns": 6939.0}, Holds, "x48.2"},
		{"communication", Figures{"shm_roundtrip_ns": 1000.0, "pipe_roundtrip_ns": 1500.0}, Nuanced, "x1.5"},
		{"communication", Figures{"shm_roundtrip_ns": 1000.0, "pipe_roundtrip_ns": 900.0}, Wrong, "no slower"},
		{"communication", Figures{"shm_roundtrip_ns": 75308.0, "pipe_roundtrip_ns": 10163.0}, Nuanced, "waited for cores"},

		{"crashes", Figures{"tabs": 3, "threads_tabs_lost": 3, "processes_tabs_lost": 1}, Holds, "took 3 tabs"},
		{"crashes", Figures{"tabs": 3, "threads_tabs_lost": 1, "processes_tabs_lost": 1}, Nuanced, "took 1 tabs"},
		{"crashes", Figures{"tabs": 3, "threads_tabs_lost": 1, "processes_tabs_lost": 3}, Wrong, "and 3 when"},

		{"gil", Figures{"threads_speedup": 1.02, "processes_speedup": 1.96, "python": "3.11.2", "workers": 2}, Holds, "threads x1.02, processes x1.96"},
		{"gil", Figures{"threads_speedup": 1.02, "processes_speedup": 1.45, "python": "3.11.7", "workers": 2, "threads_cpu_parallelism": 0.88, "processes_cpu_parallelism": 0.95}, Holds, "short of x2"},
		{"gil", Figures{"threads_speedup": 0.84, "processes_speedup": 1.07, "python": "3.11.7", "workers": 2, "threads_cpu_parallelism": 0.58, "processes_cpu_parallelism": 0.89}, Holds, "kept 0.58 cores busy"},
		{"gil", Figures{"threads_speedup": 0.94, "processes_speedup": 0.96, "python": "3.11.7", "workers": 2, "threads_cpu_parallelism": 0.96, "processes_cpu_parallelism": 1.12}, Nuanced, "cannot show"},
		// A lucky thread round on a busy machine: the speedup says 1.59, the cores kept busy say one.
		{"gil", Figures{"threads_speedup": 1.59, "processes_speedup": 1.26, "python": "3.11.7", "workers": 2, "threads_cpu_parallelism": 0.97, "processes_cpu_parallelism": 1.1}, Nuanced, "took turns"},
		{"gil", Figures{"threads_speedup": 1.4, "processes_speedup": 1.9, "python": "3.11.7", "workers": 2}, Nuanced, "too close"},
		{"gil", Figures{"threads_speedup": 1.9, "processes_speedup": 1.9, "python": "3.13.0", "workers": 2}, Wrong, "no lock"},
		{"gil", Figures{"threads_speedup": 1.9, "processes_speedup": 1.9, "python": "3.13.0", "workers": 2, "threads_cpu_parallelism": 1.9, "processes_cpu_parallelism": 1.9}, Wrong, "more than one core"},
		{"gil", Figures{"threads_speedup": 1.0, "processes_speedup": 1.9, "python": "3.13.0", "workers": 2,
			"free_threaded_threads_speedup": 1.85, "free_threaded_python": "3.13.0t"}, Nuanced, "3.13.0t has no GIL"},

		{"creation", Figures{"thread_create_us": 106.7, "process_create_us": 16223.0, "process_create_true_us": 865.0}, Holds, "/bin/true"},
		{"creation", Figures{"thread_create_us": 100.0, "process_create_us": 1000.0}, Holds, "copy of this Go program"},
		{"creation", Figures{"thread_create_us": 100.0, "process_create_us": 150.0}, Nuanced, "only x1.5"},
		{"creation", Figures{"thread_create_us": 100.0, "process_create_us": 90.0}, Wrong, "no slower"},

		{"io-vs-cpu", Figures{"io_speedup": 2.0, "threads_speedup": 1.0, "processes_speedup": 1.9, "native_threads_speedup": 1.9}, Nuanced, "GIL"},
		{"io-vs-cpu", Figures{"io_speedup": 2.0, "threads_speedup": 1.0, "processes_speedup": 1.45, "native_threads_speedup": 0.81}, Holds, "x0.81"},
		{"io-vs-cpu", Figures{"io_speedup": 2.0, "threads_speedup": 1.0, "processes_speedup": 1.1, "native_threads_speedup": 1.0}, Nuanced, "did not beat"},
		{"io-vs-cpu", Figures{"io_speedup": 1.0, "threads_speedup": 1.0, "processes_speedup": 1.9, "native_threads_speedup": 1.9}, Wrong, "did not help"},

		{"fork-copy", Figures{"data_bytes": 64 << 20, "child_private_after_fork_bytes": 950272, "child_private_after_write_bytes": 68153344}, Wrong, "copy-on-write"},
		{"fork-copy", Figures{"data_bytes": 64 << 20, "child_private_after_fork_bytes": 66 << 20, "child_private_after_write_bytes": 66 << 20}, Holds, "copied at fork"},
		{"fork-copy", Figures{"data_bytes": 64 << 20, "child_private_after_fork_bytes": 32 << 20, "child_private_after_write_bytes": 64 << 20}, Nuanced, "32 MiB"},

		{"sync-between-processes", Figures{"expected": 8000000, "lost": 676084, "lost_with_lock": 0, "lost_with_atomic": 0}, Wrong, "lost 676,084 updates"},
		{"sync-between-processes", Figures{"expected": 8000000, "lost": 0, "lost_with_lock": 0}, Nuanced, "lost nothing"},
		{"sync-between-processes", Figures{"expected": 8000000, "lost": 10, "lost_with_lock": 3}, Nuanced, "3 with a lock"},

		{"sync-between-processes", Figures{"expected": -12345, "lost": 0, "lost_with_lock": 0}, Nuanced, "-12,345 times"},
		{"single-core", Figures{"workers": 2, "cores": 2, "alone_units_per_sec": 944.0, "pinned_units_per_sec": 962.0, "spread_units_per_sec": 1836.0, "pinned_min_share": 0.496}, Holds, "x1.91"},
		{"single-core", Figures{"workers": 2, "cores": 2, "alone_units_per_sec": 594.0, "pinned_units_per_sec": 604.0, "spread_units_per_sec": 491.0, "pinned_min_share": 0.499}, Nuanced, "other load"},
		{"single-core", Figures{"workers": 2, "cores": 1, "alone_units_per_sec": 900.0, "pinned_units_per_sec": 900.0, "spread_units_per_sec": 900.0, "pinned_min_share": 0.5}, Holds, "time slicing"},
		{"single-core", Figures{"workers": 4, "cores": 2, "alone_units_per_sec": 900.0, "pinned_units_per_sec": 900.0, "spread_units_per_sec": 1800.0, "pinned_min_share": 0.01}, Nuanced, "1%"},
	}
	for _, c := range cases {
		v, why, err := Judge(c.id, c.figs)
		if err != nil {
			t.Errorf("%s %v: %v", c.id, c.figs, err)
			continue
		}
		if v != c.want || !strings.Contains(why, c.says) {
			t.Errorf("%s %v:\n got %s: %s\nwant %s, saying %q", c.id, c.figs, v, why, c.want, c.says)
		}
	}
}

func TestJudgeRefusesUnknownClaimsAndMissingFigures(t *testing.T) {
	if _, _, err := Judge("tabs-are-threads", Figures{}); err == nil || !strings.Contains(err.Error(), "gil") {
		t.Errorf("unknown claim: %v, want an error listing the claims", err)
	}
	_, _, err := Judge("gil", Figures{"threads_speedup": 1.0, "python": "3.11"})
	if err == nil || !strings.Contains(err.Error(), "processes_speedup") {
		t.Errorf("missing figure: %v, want an error naming processes_speedup", err)
	}
}

func TestEveryClaimHasARuleRunsAndADemo(t *testing.T) {
	want := []string{"memory", "context-switch", "communication", "crashes", "gil", "creation", "io-vs-cpu",
		"fork-copy", "sync-between-processes", "single-core"}
	if got := IDs(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("IDs() = %v, want %v", got, want)
	}
	ordered := map[string]bool{}
	for _, k := range append(append([]string{}, timingOrder...), sideOrder...) {
		if ordered[k] {
			t.Errorf("run %s is in the lanes twice", k)
		}
		ordered[k] = true
	}
	for _, c := range All() {
		if _, ok := judges[c.ID]; !ok {
			t.Errorf("%s has no verdict rule", c.ID)
		}
		if c.Text == "" || c.Title == "" || c.Demo == "" || len(c.runs) == 0 || c.figures == nil {
			t.Errorf("%s is incomplete: %+v", c.ID, c)
		}
		if !strings.HasPrefix(c.Source, notesPrefix+"part ") || strings.HasSuffix(c.Source, ".txt") {
			t.Errorf("%s: source %q does not name a lecture note by its topic", c.ID, c.Source)
		}
		for _, k := range c.runs {
			if _, ok := runs[k]; !ok || !ordered[k] {
				t.Errorf("%s needs run %s, which is not defined or in no lane", c.ID, k)
			}
		}
	}
}
