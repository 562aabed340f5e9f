package serve

import (
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/taskscope/taskscope/inspect"
)

// The agent's metrics. Counters are cumulative since the task (or the machine) started and end
// in _total; Prometheus computes rates from them at its own pace, so the agent needs no notion
// of the scrape interval.
var (
	descProcessCPU = prometheus.NewDesc("taskscope_process_cpu_seconds_total",
		"CPU time (user plus system) a process has used since it started, its ended threads included.",
		[]string{"pid", "process", "user"}, nil)
	descProcessRSS = prometheus.NewDesc("taskscope_process_resident_memory_bytes",
		"Resident memory of a process.",
		[]string{"pid", "process", "user"}, nil)
	descThreadCPU = prometheus.NewDesc("taskscope_thread_cpu_seconds_total",
		"CPU time a thread has used since it started; only for processes matching --threads-for.",
		[]string{"pid", "tid", "process", "thread"}, nil)
	descCoreBusy = prometheus.NewDesc("taskscope_core_busy_seconds_total",
		"Time a logical CPU spent on anything but idle and iowait since boot.",
		[]string{"core"}, nil)
	descProcesses = prometheus.NewDesc("taskscope_processes",
		"Number of processes in the snapshot the scrape read.", nil, nil)
	descThreads = prometheus.NewDesc("taskscope_threads",
		"Number of threads in the snapshot the scrape read.", nil, nil)
	descScrape = prometheus.NewDesc("taskscope_scrape_duration_seconds",
		"Time this scrape took the agent to get a snapshot (sampling /proc when the last one was older than --interval) and turn it into metrics.",
		nil, nil)
	descScrapeError = prometheus.NewDesc("taskscope_scrape_error",
		"1 when this scrape could not read /proc (the other taskscope_ metrics are then missing), else 0.",
		nil, nil)
)

// collector turns the latest snapshot into metrics at each scrape. It is a custom Collector
// rather than a set of gauges kept up to date, because the set of processes changes between
// scrapes: series of ended processes must vanish, not linger at their last value.
type collector struct {
	src    *source
	maxAge time.Duration
	// threadsFor is the --threads-for query; nil for no thread metrics.
	threadsFor *inspect.Query
}

// Describe sends the descriptors of every metric Collect may send.
func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descProcessCPU, descProcessRSS, descThreadCPU, descCoreBusy,
		descProcesses, descThreads, descScrape, descScrapeError} {
		ch <- d
	}
}

// Collect sends the metrics of a snapshot no older than the sampling interval.
func (c *collector) Collect(ch chan<- prometheus.Metric) {
	start := time.Now()
	snap, err := c.src.snapshot(c.maxAge)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(descScrapeError, prometheus.GaugeValue, 1)
		return
	}
	threads := 0
	for i := range snap.Processes {
		p := &snap.Processes[i]
		threads += len(p.Threads)
		pid := strconv.Itoa(p.PID)
		name, user := label(p.Name), label(p.User)
		ch <- prometheus.MustNewConstMetric(descProcessCPU, prometheus.CounterValue, seconds(p.CPUTime), pid, name, user)
		ch <- prometheus.MustNewConstMetric(descProcessRSS, prometheus.GaugeValue, float64(p.RSSBytes), pid, name, user)
		if c.threadsFor == nil || !c.threadsFor.Match(p) {
			continue
		}
		for j := range p.Threads {
			t := &p.Threads[j]
			ch <- prometheus.MustNewConstMetric(descThreadCPU, prometheus.CounterValue, seconds(t.CPUTime),
				pid, strconv.Itoa(t.TID), name, label(t.Name))
		}
	}
	for _, core := range snap.Cores {
		ch <- prometheus.MustNewConstMetric(descCoreBusy, prometheus.CounterValue, seconds(core.BusyTime), strconv.Itoa(core.ID))
	}
	ch <- prometheus.MustNewConstMetric(descProcesses, prometheus.GaugeValue, float64(len(snap.Processes)))
	ch <- prometheus.MustNewConstMetric(descThreads, prometheus.GaugeValue, float64(threads))
	ch <- prometheus.MustNewConstMetric(descScrapeError, prometheus.GaugeValue, 0)
	ch <- prometheus.MustNewConstMetric(descScrape, prometheus.GaugeValue, time.Since(start).Seconds())
}

// seconds converts d to seconds in one division, so that 6.69 s prints as 6.69 and not as the
// 6.6899999999999995 that Duration.Seconds's two-part sum gives.
func seconds(d time.Duration) float64 { return float64(d) / float64(time.Second) }

// label makes a name fit to be a label value: Prometheus wants valid UTF-8, and a process may
// name itself with any bytes.
func label(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// newCollector returns the collector for src, with thread metrics for processes matching
// threadsFor.
func newCollector(src *source, maxAge time.Duration, threadsFor string) *collector {
	c := &collector{src: src, maxAge: maxAge}
	// Config.check has parsed the query already; an empty one asks for no thread metrics.
	if q, err := inspect.ParseQuery(threadsFor); err == nil && !q.Empty() {
		c.threadsFor = q
	}
	return c
}
