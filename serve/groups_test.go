package serve

import (
	"strings"
	"testing"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/internal/proctest"
)

// proc builds a process of the tracker's interest.
func proc(pid int, start uint64, name, user string, cpu time.Duration) inspect.Process {
	return inspect.Process{PID: pid, StartTicks: start, Name: name, User: user, CPUTime: cpu, RSSBytes: 100}
}

// TestGroupTracker steps a tracker through snapshots and checks each group's figures: the CPU
// counter keeps exited members, a reused PID is a new member, a smaller reading does not
// lower it, an empty group expires, and the cap drops new groups.
func TestGroupTracker(t *testing.T) {
	s := time.Second
	t0 := time.Unix(1000, 0)
	cc := groupKey{"cc", "root"}
	steps := []struct {
		name    string
		at      time.Duration
		procs   []inspect.Process
		want    map[groupKey]groupFigures
		dropped int
	}{
		{"two members", 0, []inspect.Process{proc(10, 1, "cc", "root", 2*s), proc(11, 1, "cc", "root", 3*s)},
			map[groupKey]groupFigures{cc: {CPU: 5 * s, RSS: 200, Processes: 2}}, 0},
		{"one exits: its time stays", s, []inspect.Process{proc(11, 1, "cc", "root", 4*s)},
			map[groupKey]groupFigures{cc: {CPU: 6 * s, RSS: 100, Processes: 1}}, 0},
		{"pid 11 reused by a new cc", 2 * s, []inspect.Process{proc(11, 9, "cc", "root", 1*s)},
			map[groupKey]groupFigures{cc: {CPU: 7 * s, RSS: 100, Processes: 1}}, 0},
		{"a smaller reading keeps the larger", 3 * s, []inspect.Process{proc(11, 9, "cc", "root", 0)},
			map[groupKey]groupFigures{cc: {CPU: 7 * s, RSS: 100, Processes: 1}}, 0},
		{"a second group, then the cap", 4 * s, []inspect.Process{proc(11, 9, "cc", "root", 2*s), proc(20, 1, "ld", "bob", s),
			proc(21, 1, "as", "bob", s)},
			map[groupKey]groupFigures{cc: {CPU: 8 * s, RSS: 100, Processes: 1}, {"ld", "bob"}: {CPU: s, RSS: 100, Processes: 1}}, 1},
		{"empty groups stay a while", 5 * s, nil,
			map[groupKey]groupFigures{cc: {CPU: 8 * s}, {"ld", "bob"}: {CPU: s}}, 0},
		{"and then expire", 20 * s, nil, map[groupKey]groupFigures{}, 0},
	}
	g := newGroupTracker(2, 10*s)
	for _, st := range steps {
		got, dropped := g.update(t0.Add(st.at), st.procs)
		if dropped != st.dropped || len(got) != len(st.want) {
			t.Fatalf("%s: %d groups %v, %d dropped; want %v, %d dropped", st.name, len(got), got, dropped, st.want, st.dropped)
		}
		for k, w := range st.want {
			if got[k] != w {
				t.Errorf("%s: %v = %+v, want %+v", st.name, k, got[k], w)
			}
		}
	}
}

// TestBusiest picks the busiest processes, ties by PID, and leaves the input alone.
func TestBusiest(t *testing.T) {
	in := []inspect.Process{{PID: 1, CPUPercent: 5}, {PID: 2, CPUPercent: 50}, {PID: 3, CPUPercent: 5}, {PID: 4}}
	got := busiest(in, 2)
	if len(got) != 2 || got[0].PID != 2 || got[1].PID != 1 || in[0].PID != 1 {
		t.Errorf("busiest: %+v (input now %+v)", got, in)
	}
	if len(busiest(in, 9)) != 4 {
		t.Error("n beyond the count must return all")
	}
}

// TestCaps scrapes agents with small caps: --top-pids 3 gives three processes per-PID series,
// --max-thread-series 2 two thread series, --max-groups 2 two groups; each counts what it left
// out in taskscope_series_dropped_total.
func TestCaps(t *testing.T) {
	h, err := proctest.StartWorkload()
	if err != nil {
		t.Fatal(err)
	}
	defer h.Stop()
	r := start(t, Config{Interval: 20 * time.Millisecond, TopPIDs: 3, ThreadsFor: proctest.WorkloadName, MaxThreadSeries: 2, MaxGroups: 2})
	get(t, r.URL+"/metrics", "")
	time.Sleep(30 * time.Millisecond)
	_, body := get(t, r.URL+"/metrics", "")
	text := string(body)
	counts := map[string]int{}
	for _, line := range strings.Split(text, "\n") {
		if name, _, ok := strings.Cut(line, "{"); ok && !strings.HasPrefix(line, "#") {
			counts[name]++
		}
	}
	if counts["taskscope_process_cpu_seconds_total"] != 3 || counts["taskscope_thread_cpu_seconds_total"] != 2 ||
		counts["taskscope_group_cpu_seconds_total"] != 2 {
		t.Errorf("series: %d per-PID, %d thread, %d group; want 3, 2, 2", counts["taskscope_process_cpu_seconds_total"],
			counts["taskscope_thread_cpu_seconds_total"], counts["taskscope_group_cpu_seconds_total"])
	}
	for _, kind := range dropKinds {
		v := value(t, body, `taskscope_series_dropped_total{kind="`+kind+`"}`)
		if v <= 0 {
			t.Errorf("dropped %s: %v, want > 0", kind, v)
		}
	}
}
