package inspect

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestWriteJSONFixture(t *testing.T) {
	f := newFixture(t)
	f.sample(t, "proc-t0", 0)
	snap := f.sample(t, "proc-t1", time.Second)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, snap); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Taken      string `json:"taken"`
		IntervalMS int64  `json:"interval_ms"`
		Cores      []struct {
			ID   int     `json:"id"`
			Busy float64 `json:"busy_percent"`
		} `json:"cores"`
		Memory struct {
			Total uint64 `json:"total_bytes"`
		} `json:"memory"`
		Processes []struct {
			PID     int     `json:"pid"`
			Name    string  `json:"name"`
			Kernel  bool    `json:"kernel_thread"`
			CPU     float64 `json:"cpu_percent"`
			Cmdline string  `json:"cmdline"`
			Threads []struct {
				TID  int     `json:"tid"`
				Name string  `json:"name"`
				CPU  float64 `json:"cpu_percent"`
				Core int     `json:"core"`
			} `json:"threads"`
		} `json:"processes"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Taken != "2025-01-02T03:04:06Z" || got.IntervalMS != 1000 || got.Memory.Total != 8000000<<10 || got.Cores[1].Busy != 90 {
		t.Errorf("header fields: %+v", got)
	}
	var app = got.Processes[3]
	if app.PID != 100 || app.Name != "my (weird) app)" || app.CPU != 60 || len(app.Threads) != 3 ||
		app.Threads[1].Name != "worker-name-15b" || app.Threads[1].CPU != 50 || app.Threads[1].Core != 0 {
		t.Errorf("process 100 in JSON: %+v", app)
	}
	if !got.Processes[1].Kernel || got.Processes[1].Cmdline != "" {
		t.Errorf("kthreadd in JSON: %+v", got.Processes[1])
	}
	// An empty snapshot still has arrays, not nulls.
	buf.Reset()
	if err := WriteJSON(&buf, &Snapshot{}); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); !strings.Contains(s, `"processes":[]`) || !strings.Contains(s, `"cores":[]`) {
		t.Errorf("empty snapshot: %s", s)
	}
}

func TestWriteCSVFixture(t *testing.T) {
	f := newFixture(t)
	snap := f.sample(t, "proc-t0", 0)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, snap); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + countThreads(snap); len(rows) != want {
		t.Fatalf("%d rows, want %d (header + one per thread)", len(rows), want)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	found := false
	for _, r := range rows[1:] {
		if r[col["tid"]] == "101" {
			found = true
			if r[col["pid"]] != "100" || r[col["process_name"]] != "my (weird) app)" || r[col["thread_name"]] != "worker-name-15b" ||
				r[col["cmdline"]] != "/opt/my app/bin --flag" || r[col["core"]] != "0" {
				t.Errorf("row of thread 101: %q", r)
			}
		}
	}
	if !found {
		t.Error("no row for thread 101")
	}
}

func TestFiltered(t *testing.T) {
	f := newFixture(t)
	snap := f.sample(t, "proc-t0", 0)
	cases := map[string][]int{
		"":                {1, 2, 10, 100, 200, 300, 600, 700, 800},
		"WEIRD":           {100},
		"worker-name":     {100},
		"splash":          {1},
		"kworker":         {10},
		"70":              {700},
		"no such process": nil,
	}
	for text, want := range cases {
		var got []int
		sel, err := snap.Filtered(text)
		if err != nil {
			t.Fatalf("Filtered(%q): %v", text, err)
		}
		for _, p := range sel.Processes {
			got = append(got, p.PID)
		}
		if !equalInts(got, want) {
			t.Errorf("Filtered(%q) = %v, want %v", text, got, want)
		}
	}
	if len(snap.Processes) != 9 {
		t.Error("Filtered changed its receiver")
	}
}
