package serve

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/taskscope/taskscope/internal/proctest"
)

// TestMetricsNamingRules runs client_golang's linter (the rules promtool checks) over the
// collector's output on the live machine.
func TestMetricsNamingRules(t *testing.T) {
	src, err := newSource("/proc", 10*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	c := newCollector(src, time.Second, "taskscope")
	problems, err := testutil.CollectAndLint(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(c); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.Gather(); err != nil {
		t.Errorf("pedantic registry: %v", err)
	}
}

// TestMetricsOfWorkload scrapes an agent while a workload of known threads runs: the process's
// series carry its pid, name and user, its threads have series only when --threads-for matches
// it, and the busy thread's counter grows by about what the kernel says it ran.
func TestMetricsOfWorkload(t *testing.T) {
	h, err := proctest.StartWorkload()
	if err != nil {
		t.Fatal(err)
	}
	defer h.Stop()
	with := start(t, Config{Interval: 50 * time.Millisecond, ThreadsFor: proctest.WorkloadName})
	without := start(t, Config{Interval: 50 * time.Millisecond})

	pid, busy := strconv.Itoa(h.PID), strconv.Itoa(h.Threads[proctest.BusyThread])
	procSeries := fmt.Sprintf(`taskscope_process_cpu_seconds_total{pid="%s",process="%s",user="`, pid, proctest.WorkloadName)
	threadSeries := fmt.Sprintf(`taskscope_thread_cpu_seconds_total{pid="%s",process="%s",thread="%s",tid="%s"}`,
		pid, proctest.WorkloadName, proctest.BusyThread, busy)

	code, first := get(t, with.URL+"/metrics", "")
	if code != 200 {
		t.Fatalf("/metrics: %d", code)
	}
	var v0, v1 float64
	share, err := proctest.BusyShare(h.PID, h.Threads[proctest.BusyThread], func() {
		v0 = value(t, first, threadSeries)
		time.Sleep(time.Second)
		_, second := get(t, with.URL+"/metrics", "")
		v1 = value(t, second, threadSeries)
	})
	if err != nil {
		t.Fatal(err)
	}
	// Ticks are 10 ms and the two scrapes are not exactly a second apart: allow for both.
	if got := (v1 - v0) * 100; got < share*0.7-5 || got > share*1.3+5 {
		t.Errorf("busy thread's counter grew by %.2f s in a second (%.0f%%), schedstat says %.0f%%", v1-v0, got, share)
	}
	for _, want := range []string{procSeries, "taskscope_process_resident_memory_bytes{pid=\"" + pid + "\"",
		`taskscope_core_busy_seconds_total{core="0"}`, "taskscope_scrape_duration_seconds ", "taskscope_processes ",
		"taskscope_threads ", "taskscope_stream_clients ", "process_resident_memory_bytes ", "go_goroutines "} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	_, other := get(t, without.URL+"/metrics", "")
	if bytes.Contains(other, []byte("taskscope_thread_cpu_seconds_total{")) {
		t.Error("thread series without --threads-for")
	}
	if !bytes.Contains(other, []byte(procSeries)) {
		t.Error("the process is missing from the agent without --threads-for")
	}
}

// value finds one series in a text exposition and returns its value.
func value(t testing.TB, body []byte, series string) float64 {
	t.Helper()
	for _, line := range strings.Split(string(body), "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			v, err := strconv.ParseFloat(rest, 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
	}
	t.Fatalf("no series %s in:\n%.2000s", series, body)
	return 0
}
