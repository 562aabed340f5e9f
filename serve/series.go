package serve

import "fmt"

// HostSeries is the number of taskscope_ series an agent exposes once per host whatever runs
// on it: host info, cores, memory total and available, processes, threads, scrape duration and
// error, stream clients and those dropped, and the three kinds of dropped series.
const HostSeries = 13

// SeriesPerGroup is the number of series of each process group (name and user): CPU seconds,
// resident memory and process count.
const SeriesPerGroup = 3

// seriesNote is what `serve --help` says a host costs in Prometheus, after the flags.
func seriesNote() string {
	return fmt.Sprintf(`
Series per host with the default flags: %d, plus 1 per logical CPU, plus %d per process group
(process name and user; at most %d × --max-groups), plus about 44 of the agent's own Go runtime.
They do not grow with process churn. --top-pids N adds 2 × N at a time; --threads-for adds at
most --max-thread-series; --legacy-pid-metrics adds 2 per process, a new pair for every process
started. docs/fleet.md lists every metric and its cost.`, HostSeries, SeriesPerGroup, SeriesPerGroup)
}
