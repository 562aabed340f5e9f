package fleet

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"
)

// TopN is how many process groups each host lists.
const TopN = 5

// Host is one scrape target of a Taskscope agent, with its figures at one time. The JSON names
// are the documented output of `taskscope fleet --json`; none may be renamed.
type Host struct {
	// Host is the agent's hostname (taskscope_host_info), or the instance when unknown.
	Host     string `json:"host"`
	Instance string `json:"instance"`
	Job      string `json:"job"`
	Up       bool   `json:"up"`
	// Reason says why a host is not up: the scrape's last error, or that it was not scraped yet.
	Reason string `json:"reason,omitempty"`
	// ScrapeURL is the agent's metrics address; the window opens the agent from it.
	ScrapeURL string `json:"scrape_url,omitempty"`
	Cores     int    `json:"cores"`
	// CPUBusyCores is the sum of every core's busy share over the last minute.
	CPUBusyCores     float64 `json:"cpu_busy_cores"`
	MemoryUsedBytes  float64 `json:"memory_used_bytes"`
	MemoryTotalBytes float64 `json:"memory_total_bytes"`
	Processes        int     `json:"processes"`
	Top              []Top   `json:"top"`
}

// Top is one process group among a host's busiest.
type Top struct {
	Process string `json:"process"`
	User    string `json:"user"`
	// CPUCores is the group's CPU time per second over the last minute (1 = one core).
	CPUCores float64 `json:"cpu_cores"`
}

// Fleet is every host at one time.
type Fleet struct {
	At    time.Time `json:"at"`
	Hosts []Host    `json:"hosts"`
}

// target names a scrape target across queries.
type target struct{ job, instance string }

// The instant queries, all over every host at once: the number of requests per load is fixed,
// whatever the size of the fleet.
const (
	qInfo    = `last_over_time(taskscope_host_info[1d])`
	qCores   = `taskscope_host_cores`
	qBusy    = `sum by (job, instance) (rate(taskscope_core_busy_seconds_total[1m]))`
	qMemUsed = `taskscope_memory_total_bytes - taskscope_memory_available_bytes`
	qMemTot  = `taskscope_memory_total_bytes`
	qProcs   = `taskscope_processes`
)

// qTop is the busiest process groups of each host over the last minute.
// Only groups with a live member count: a group whose processes have all ended keeps its
// series (at a rate of zero) for an hour, and would fill an idle host's list with the dead.
var qTop = fmt.Sprintf(`topk by (job, instance) (%d, sum by (job, instance, process, user) (rate(taskscope_group_cpu_seconds_total[1m])) and on (job, instance, process, user) (taskscope_group_processes > 0))`, TopN)

// Load asks Prometheus for every host at time at (now when zero). A target counts as a
// Taskscope agent when its job has reported taskscope_host_info within the last day, so a
// host that is down now is still listed, with the reason.
func (c *Client) Load(ctx context.Context, at time.Time) (Fleet, error) {
	if at.IsZero() {
		at = time.Now()
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	queries := []string{qInfo, qCores, qBusy, qMemUsed, qMemTot, qProcs, qTop}
	results := make([]model.Vector, len(queries))
	errs := make([]error, len(queries)+1)
	var targets v1.TargetsResult
	var wg sync.WaitGroup
	for i, q := range queries {
		wg.Go(func() { results[i], errs[i] = c.vector(ctx, q, at) })
	}
	wg.Go(func() {
		var err error
		targets, err = c.api.Targets(ctx)
		if err != nil {
			errs[len(queries)] = fmt.Errorf("fleet: targets of %s: %w", c.url, err)
		}
	})
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return Fleet{}, err
		}
	}
	return assemble(at, targets.Active, results[0], results[1], results[2], results[3], results[4], results[5], results[6]), nil
}

// vector runs an instant query whose result must be a vector.
func (c *Client) vector(ctx context.Context, q string, at time.Time) (model.Vector, error) {
	v, _, _, err := c.api.Query(ctx, q, at)
	if err != nil {
		return nil, fmt.Errorf("fleet: query %s at %s: %w", q, c.url, err)
	}
	vec, ok := v.(model.Vector)
	if !ok {
		return nil, fmt.Errorf("fleet: query %s at %s: %w", q, c.url, notA("vector", v))
	}
	return vec, nil
}

// keyOf is the target a sample belongs to.
func keyOf(m model.Metric) target {
	return target{job: string(m[model.JobLabel]), instance: string(m[model.InstanceLabel])}
}

// assemble joins the targets and query results into hosts, sorted by host name.
func assemble(at time.Time, active []v1.ActiveTarget, info, cores, busy, memUsed, memTot, procs, top model.Vector) Fleet {
	jobs := map[string]bool{}
	names := map[target]string{}
	for _, s := range info {
		jobs[string(s.Metric[model.JobLabel])] = true
		names[keyOf(s.Metric)] = string(s.Metric["hostname"])
	}
	hosts := map[target]*Host{}
	for _, t := range active {
		k := target{job: string(t.Labels[model.JobLabel]), instance: string(t.Labels[model.InstanceLabel])}
		if !jobs[k.job] {
			continue
		}
		h := &Host{Instance: k.instance, Job: k.job, ScrapeURL: t.ScrapeURL, Up: t.Health == v1.HealthGood, Top: []Top{}}
		switch {
		case h.Up:
		case t.LastError != "":
			h.Reason = t.LastError
		case t.Health == v1.HealthUnknown:
			h.Reason = "not scraped yet"
		default:
			h.Reason = "scrape failed"
		}
		hosts[k] = h
	}
	// A host whose info is known but whose target is gone from the configuration is left
	// out: Prometheus no longer scrapes it, so it is not part of the fleet any more.
	for k, h := range hosts {
		h.Host = names[k]
		if h.Host == "" {
			h.Host = k.instance
		}
	}
	each := func(v model.Vector, set func(h *Host, s *model.Sample)) {
		for _, s := range v {
			if h := hosts[keyOf(s.Metric)]; h != nil {
				set(h, s)
			}
		}
	}
	each(cores, func(h *Host, s *model.Sample) { h.Cores = int(sane(s.Value, 1<<20)) })
	each(busy, func(h *Host, s *model.Sample) { h.CPUBusyCores = sane(s.Value, 1<<20) })
	each(memUsed, func(h *Host, s *model.Sample) { h.MemoryUsedBytes = sane(s.Value, 1<<60) })
	each(memTot, func(h *Host, s *model.Sample) { h.MemoryTotalBytes = sane(s.Value, 1<<60) })
	each(procs, func(h *Host, s *model.Sample) { h.Processes = int(sane(s.Value, 1<<30)) })
	each(top, func(h *Host, s *model.Sample) {
		if len(h.Top) < TopN {
			h.Top = append(h.Top, Top{Process: string(s.Metric["process"]), User: string(s.Metric["user"]), CPUCores: sane(s.Value, 1<<20)})
		}
	})
	f := Fleet{At: at, Hosts: make([]Host, 0, len(hosts))}
	for _, h := range hosts {
		slices.SortFunc(h.Top, func(a, b Top) int {
			if c := cmp.Compare(b.CPUCores, a.CPUCores); c != 0 {
				return c
			}
			return cmp.Compare(a.Process+"\x00"+a.User, b.Process+"\x00"+b.User)
		})
		f.Hosts = append(f.Hosts, *h)
	}
	slices.SortFunc(f.Hosts, func(a, b Host) int {
		return cmp.Or(cmp.Compare(a.Host, b.Host), cmp.Compare(a.Instance, b.Instance), cmp.Compare(a.Job, b.Job))
	})
	return f
}

// notA says what a query returned instead of the kind of value it should have: nothing (a
// server that answered success without data) or another type.
func notA(want string, v model.Value) error {
	if v == nil {
		return fmt.Errorf("the answer holds no result, want a %s", want)
	}
	return fmt.Errorf("the answer is a %s, want a %s", v.Type(), want)
}

// sane returns v when it is a finite number in 0..limit, else 0: a figure from another server
// (or a broken exporter under the same metric name) must not turn into a negative count, a
// NaN in the JSON output (which encoding/json refuses) or an integer overflow.
func sane(v model.SampleValue, limit float64) float64 {
	f := float64(v)
	if math.IsNaN(f) || f < 0 || f > limit {
		return 0
	}
	return f
}

// timeNow is time.Now; tests of the command set it to a fixed time.
var timeNow = time.Now
