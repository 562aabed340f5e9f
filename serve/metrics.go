package serve

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/taskscope/taskscope/inspect"
)

// The agent's metrics. Counters are cumulative and end in _total; Prometheus computes rates
// from them at its own pace, so the agent needs no notion of the scrape interval.
//
// By default every series is bounded by what runs on the host, not by how often processes
// start: processes are grouped by name and user, and per-PID and per-thread series are opt-in
// and capped (docs/fleet.md lists the cost of each in series).
var (
	descGroupCPU = prometheus.NewDesc("taskscope_group_cpu_seconds_total",
		"CPU time (user plus system) used by the processes of one name and user since the agent first saw them, exited ones included.",
		[]string{"process", "user"}, nil)
	descGroupRSS = prometheus.NewDesc("taskscope_group_resident_memory_bytes",
		"Resident memory of the live processes of one name and user.",
		[]string{"process", "user"}, nil)
	descGroupProcs = prometheus.NewDesc("taskscope_group_processes",
		"Number of live processes of one name and user.",
		[]string{"process", "user"}, nil)
	descHostInfo = prometheus.NewDesc("taskscope_host_info",
		"The host the agent runs on, always 1: its hostname and kernel as labels.",
		[]string{"hostname", "kernel"}, nil)
	descHostCores = prometheus.NewDesc("taskscope_host_cores",
		"Number of logical CPUs of the host.", nil, nil)
	descMemTotal = prometheus.NewDesc("taskscope_memory_total_bytes",
		"Total usable memory of the host (MemTotal).", nil, nil)
	descMemAvail = prometheus.NewDesc("taskscope_memory_available_bytes",
		"Memory the kernel says is available for new work without swapping (MemAvailable).", nil, nil)
	descProcessCPU = prometheus.NewDesc("taskscope_process_cpu_seconds_total",
		"CPU time (user plus system) a process has used since it started; only for the busiest --top-pids processes, or every process with --legacy-pid-metrics.",
		[]string{"pid", "process", "user"}, nil)
	descProcessRSS = prometheus.NewDesc("taskscope_process_resident_memory_bytes",
		"Resident memory of a process; only for the busiest --top-pids processes, or every process with --legacy-pid-metrics.",
		[]string{"pid", "process", "user"}, nil)
	descThreadCPU = prometheus.NewDesc("taskscope_thread_cpu_seconds_total",
		"CPU time a thread has used since it started; only for processes matching --threads-for, at most --max-thread-series.",
		[]string{"pid", "tid", "process", "thread"}, nil)
	descDropped = prometheus.NewDesc("taskscope_series_dropped_total",
		"Series left out of scrapes by a cap (kind: group for --max-groups, process for --top-pids, thread for --max-thread-series), summed over scrapes.",
		[]string{"kind"}, nil)
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

// dropKinds are the values of taskscope_series_dropped_total's kind label.
var dropKinds = []string{"group", "process", "thread"}

// metricsOptions selects the optional, costlier series.
type metricsOptions struct {
	// threadsFor is --threads-for ("" for no thread series); maxThreads caps their number.
	threadsFor string
	maxThreads int
	// topPIDs is how many of the busiest processes get per-PID series.
	topPIDs int
	// legacyPIDs gives every process per-PID series, as agents before the groups did.
	legacyPIDs bool
	// maxGroups caps the number of groups; groupExpiry is how long an empty one stays.
	maxGroups   int
	groupExpiry time.Duration
}

// collector turns the latest snapshot into metrics at each scrape. It is a custom Collector
// rather than a set of gauges kept up to date, because the set of processes changes between
// scrapes: series of ended processes must vanish, not linger at their last value.
type collector struct {
	src    *source
	maxAge time.Duration
	opts   metricsOptions
	// threadsFor is the --threads-for query; nil for no thread series.
	threadsFor *inspect.Query

	// mu serialises scrapes: the group tally and the drop counters are state that each
	// scrape moves forward.
	mu      sync.Mutex
	groups  *groupTracker
	dropped map[string]float64
	// lastSnap is the snapshot last folded into groups: two scrapes reading the same
	// snapshot must not count it twice.
	lastSnap *inspect.Snapshot
	figures  map[groupKey]groupFigures
}

// Describe sends the descriptors of every metric Collect may send.
func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descGroupCPU, descGroupRSS, descGroupProcs, descHostInfo, descHostCores,
		descMemTotal, descMemAvail, descProcessCPU, descProcessRSS, descThreadCPU, descDropped, descCoreBusy,
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
	c.mu.Lock()
	defer c.mu.Unlock()
	fresh := snap != c.lastSnap
	if fresh {
		var droppedGroups int
		c.figures, droppedGroups = c.groups.update(snap.Taken, snap.Processes)
		c.dropped["group"] += float64(droppedGroups)
		c.lastSnap = snap
	}
	for k, f := range c.figures {
		ch <- prometheus.MustNewConstMetric(descGroupCPU, prometheus.CounterValue, seconds(f.CPU), k.Process, k.User)
		ch <- prometheus.MustNewConstMetric(descGroupRSS, prometheus.GaugeValue, float64(f.RSS), k.Process, k.User)
		ch <- prometheus.MustNewConstMetric(descGroupProcs, prometheus.GaugeValue, float64(f.Processes), k.Process, k.User)
	}
	c.collectPIDs(ch, snap, fresh)
	h := snap.Host
	ch <- prometheus.MustNewConstMetric(descHostInfo, prometheus.GaugeValue, 1, label(h.Hostname), label(h.Kernel))
	ch <- prometheus.MustNewConstMetric(descHostCores, prometheus.GaugeValue, float64(len(snap.Cores)))
	ch <- prometheus.MustNewConstMetric(descMemTotal, prometheus.GaugeValue, float64(snap.Memory.TotalBytes))
	ch <- prometheus.MustNewConstMetric(descMemAvail, prometheus.GaugeValue, float64(snap.Memory.AvailableBytes))
	threads := 0
	for i := range snap.Processes {
		threads += len(snap.Processes[i].Threads)
	}
	for _, core := range snap.Cores {
		ch <- prometheus.MustNewConstMetric(descCoreBusy, prometheus.CounterValue, seconds(core.BusyTime), strconv.Itoa(core.ID))
	}
	for _, kind := range dropKinds {
		ch <- prometheus.MustNewConstMetric(descDropped, prometheus.CounterValue, c.dropped[kind], kind)
	}
	ch <- prometheus.MustNewConstMetric(descProcesses, prometheus.GaugeValue, float64(len(snap.Processes)))
	ch <- prometheus.MustNewConstMetric(descThreads, prometheus.GaugeValue, float64(threads))
	ch <- prometheus.MustNewConstMetric(descScrapeError, prometheus.GaugeValue, 0)
	ch <- prometheus.MustNewConstMetric(descScrape, prometheus.GaugeValue, time.Since(start).Seconds())
}

// collectPIDs sends the opt-in per-process and per-thread series. fresh is false when this
// scrape reads the same snapshot as the one before, whose drops were already counted.
func (c *collector) collectPIDs(ch chan<- prometheus.Metric, snap *inspect.Snapshot, fresh bool) {
	procs := snap.Processes
	if !c.opts.legacyPIDs && c.opts.topPIDs > 0 {
		procs = busiest(procs, c.opts.topPIDs)
		if fresh {
			c.dropped["process"] += float64(len(snap.Processes) - len(procs))
		}
	} else if !c.opts.legacyPIDs {
		procs = nil
	}
	for i := range procs {
		p := &procs[i]
		pid := strconv.Itoa(p.PID)
		name, user := label(p.Name), label(p.User)
		ch <- prometheus.MustNewConstMetric(descProcessCPU, prometheus.CounterValue, seconds(p.CPUTime), pid, name, user)
		ch <- prometheus.MustNewConstMetric(descProcessRSS, prometheus.GaugeValue, float64(p.RSSBytes), pid, name, user)
	}
	if c.threadsFor == nil {
		return
	}
	left := c.opts.maxThreads
	for i := range snap.Processes {
		p := &snap.Processes[i]
		if !c.threadsFor.Match(p) {
			continue
		}
		pid, name := strconv.Itoa(p.PID), label(p.Name)
		for j := range p.Threads {
			if left <= 0 {
				if fresh {
					c.dropped["thread"]++
				}
				continue
			}
			left--
			t := &p.Threads[j]
			ch <- prometheus.MustNewConstMetric(descThreadCPU, prometheus.CounterValue, seconds(t.CPUTime),
				pid, strconv.Itoa(t.TID), name, label(t.Name))
		}
	}
}

// busiest returns the n processes with the highest CPU share over the last interval (ties by
// PID, so the choice is stable), in a new slice.
func busiest(procs []inspect.Process, n int) []inspect.Process {
	if n >= len(procs) {
		return procs
	}
	out := slices.Clone(procs)
	slices.SortFunc(out, func(a, b inspect.Process) int {
		if c := cmp.Compare(b.CPUPercent, a.CPUPercent); c != 0 {
			return c
		}
		return cmp.Compare(a.PID, b.PID)
	})
	return out[:n]
}

// seconds converts d to seconds in one division, so that 6.69 s prints as 6.69 and not as the
// 6.6899999999999995 that Duration.Seconds's two-part sum gives.
func seconds(d time.Duration) float64 { return float64(d) / float64(time.Second) }

// label makes a name fit to be a label value: Prometheus wants valid UTF-8, and a process may
// name itself with any bytes.
func label(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// newCollector returns the collector for src with the optional series opts selects.
func newCollector(src *source, maxAge time.Duration, opts metricsOptions) *collector {
	if opts.maxGroups <= 0 {
		opts.maxGroups = DefaultMaxGroups
	}
	if opts.maxThreads <= 0 {
		opts.maxThreads = DefaultMaxThreadSeries
	}
	if opts.groupExpiry <= 0 {
		opts.groupExpiry = time.Hour
	}
	c := &collector{src: src, maxAge: maxAge, opts: opts,
		groups: newGroupTracker(opts.maxGroups, opts.groupExpiry), dropped: map[string]float64{}}
	// Config.check has parsed the query already; an empty one asks for no thread series.
	if q, err := inspect.ParseQuery(opts.threadsFor); err == nil && !q.Empty() {
		c.threadsFor = q
	}
	return c
}

// Defaults of the caps on series.
const (
	// DefaultMaxGroups bounds the process groups: a host runs far fewer distinct programs.
	DefaultMaxGroups = 1000
	// DefaultMaxThreadSeries bounds the thread series --threads-for may add.
	DefaultMaxThreadSeries = 500
	// MaxTopPIDs is the most --top-pids accepts.
	MaxTopPIDs = 1000
)
