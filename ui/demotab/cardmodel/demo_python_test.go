package cardmodel

import (
	"strings"
	"testing"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
)

// pyCompare is a recorded compare result of the python demo on two cores.
func pyCompare(free bool, threads, processes, threadsCores, processesCores float64) demos.Event {
	python := "3.11.2"
	if free {
		python = "3.13.1"
	}
	return demos.Event{"event": "result", "mode": "compare", "python": python, "python_path": "/usr/bin/python3",
		"free_threaded": free, "workers": float64(2), "cores": float64(2), "threads_speedup": threads,
		"processes_speedup": processes, "io_speedup": 1.98, "threads_cpu_parallelism": threadsCores,
		"processes_cpu_parallelism": processesCores}
}

func TestPythonVerdicts(t *testing.T) {
	for _, c := range []struct {
		name   string
		events []demos.Event
		want   []string
		not    []string
	}{
		{"nothing yet", nil, []string{"Press Measure"}, nil},
		{"under way", []demos.Event{{"event": "ready", "mode": "compare", "python": "3.11.2"}}, []string{"Measuring on Python 3.11.2"}, []string{"Press Measure"}},
		{"no python3", []demos.Event{{"event": "error", "message": "python3 not found: install it with `sudo apt-get install python3`"}},
			[]string{"No python3", "sudo apt-get install python3"}, []string{"GIL holds"}},
		{"hung python", []demos.Event{{"event": "error", "message": "/usr/bin/python3 ran for 1m0s: did not finish in time and was killed"}},
			[]string{"failed", "killed"}, []string{"No python3"}},
		{"the GIL holds", []demos.Event{pyCompare(false, 0.97, 1.91, 0.99, 1.93)},
			[]string{"The GIL holds: CPU-bound Python on 2 threads ran at 0.97x one worker", "on 2 processes at 1.91x", "1.0 cores busy", "I/O waits on threads overlapped: 1.98x"},
			[]string{"machine was busy", "dated"}},
		{"busy machine", []demos.Event{pyCompare(false, 1.0, 1.02, 0.6, 0.7)},
			[]string{"This machine was busy", "0.7 cores' worth"}, []string{"The GIL holds"}},
		{"free-threaded beside", []demos.Event{pyCompare(false, 0.97, 1.91, 0.99, 1.93), pyCompare(true, 1.88, 1.9, 1.9, 1.9)},
			[]string{"The GIL holds", "Free-threaded Python 3.13.1: threads 1.88x", "dated"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var s PythonState
			for _, e := range c.events {
				s.Apply(e)
			}
			got := PythonVerdict(s)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("verdict %q lacks %q", got, w)
				}
			}
			for _, w := range c.not {
				if strings.Contains(got, w) {
					t.Errorf("verdict %q has %q", got, w)
				}
			}
		})
	}
}

func TestPythonBarsSideBySide(t *testing.T) {
	var s PythonState
	bars, _ := PythonBars(s, 4)
	if len(bars) != 3 || bars[0].Text != "not measured" || bars[0].Label != "4 threads (GIL)" {
		t.Fatalf("before a run: %+v", bars)
	}
	s.Apply(pyCompare(false, 0.97, 1.91, 0.99, 1.93))
	bars, full := PythonBars(s, 4)
	if len(bars) != 3 || full != 2 {
		t.Fatalf("GIL only: %d bars, full %v: %+v", len(bars), full, bars)
	}
	if bars[0].Value != 0.97 || bars[1].Value != 1.91 || bars[2].Value != 1.98 || bars[1].Tone != model.ToneSecond {
		t.Errorf("bars %+v", bars)
	}
	if bars[0].Label != "2 threads (GIL)" || bars[0].Text != "0.97x one worker" {
		t.Errorf("threads bar %+v", bars[0])
	}
	// A free-threaded build's threads come beside the GIL build's, before the I/O bar.
	s.Apply(pyCompare(true, 1.88, 1.9, 1.9, 1.9))
	bars, _ = PythonBars(s, 4)
	if len(bars) != 4 || !strings.Contains(bars[2].Label, "free-threaded 3.13.1") || bars[2].Value != 1.88 {
		t.Errorf("with free-threaded: %+v", bars)
	}
	// A live result does not disturb the comparison's bars; the verdict speaks of the live run.
	s.ResetLive()
	s.Apply(demos.Event{"event": "result", "model": "threads", "kind": "cpu", "units_per_sec": 1900.0, "workers": 2.0})
	if s.GIL == nil || s.LiveUnits != 1900 {
		t.Errorf("after a live result: %+v", s)
	}
	if v := PythonVerdict(s); !strings.Contains(v, "Live: 2 Python threads doing cpu work, 1,900 units a second") {
		t.Errorf("live verdict %q", v)
	}
	s.Apply(demos.Event{"event": "exited", "reason": "exited 0"})
	if v := PythonVerdict(s); !strings.Contains(v, "ended") || strings.Contains(v, "press Stop") {
		t.Errorf("verdict after the live run %q", v)
	}
}

func TestForkcowVerdictAndBars(t *testing.T) {
	var s ForkcowState
	if v := ForkcowVerdict(s); !strings.Contains(v, "Press Measure") {
		t.Errorf("before: %q", v)
	}
	s.Apply(demos.Event{"event": "ready", "pid": 10.0, "data_bytes": float64(64 << 20), "children": 2.0})
	s.Apply(demos.Event{"event": "child", "child": 1.0, "phase": "after_fork"})
	if s.Done || s.Measured != 1 {
		t.Errorf("mid-run: %+v", s)
	}
	if v := ForkcowVerdict(s); !strings.Contains(v, "Measuring: the parent holds 64.0 MiB; 1 of 4") {
		t.Errorf("mid-run verdict %q", v)
	}
	s.Apply(demos.Event{"event": "result", "data_bytes": float64(64 << 20), "children": 2.0,
		"child_private_after_fork_bytes": float64(900 << 10), "child_shared_after_fork_bytes": float64(74 << 20),
		"child_private_after_write_bytes": float64(65 << 20), "child_shared_after_write_bytes": float64(10 << 20),
		"parent_private_bytes": float64(66 << 20)})
	v := ForkcowVerdict(s)
	for _, w := range []string{"Wrong", "900 KiB (1 % of the 64.0 MiB data)", "65.0 MiB (102 %)", "copied when written"} {
		if !strings.Contains(v, w) {
			t.Errorf("verdict %q lacks %q", v, w)
		}
	}
	bars, full := ForkcowBars(s)
	if len(bars) != 4 || full != float64(74<<20) || bars[0].Value != float64(900<<10) || bars[2].Value != float64(65<<20) {
		t.Errorf("bars %+v full %v", bars, full)
	}
	// Shared memory holds the interpreter's pages too, so it is no share of the data.
	if bars[0].Text != "900 KiB (1 % of the data)" || bars[1].Text != "74.0 MiB" {
		t.Errorf("bar texts %q, %q", bars[0].Text, bars[1].Text)
	}
	s.Reset()
	s.Apply(demos.Event{"event": "error", "message": "python3 not found: install it with `sudo apt-get install python3`"})
	if v := ForkcowVerdict(s); !strings.Contains(v, "sudo apt-get install python3") {
		t.Errorf("missing python: %q", v)
	}
}
