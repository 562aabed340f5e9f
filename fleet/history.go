package fleet

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"
)

// Range is a span of history to show, ending now.
type Range struct {
	// Name is how the range is written: 1h, 6h, 1d, 7d, 30d.
	Name string
	Span time.Duration
}

// Ranges are the spans the history can be zoomed to, shortest first; the first is the default.
var Ranges = []Range{
	{"1h", time.Hour}, {"6h", 6 * time.Hour}, {"1d", 24 * time.Hour}, {"7d", 7 * 24 * time.Hour}, {"30d", 30 * 24 * time.Hour},
}

// ParseRange finds a range by name.
func ParseRange(name string) (Range, error) {
	for _, r := range Ranges {
		if r.Name == name {
			return r, nil
		}
	}
	return Range{}, fmt.Errorf("%w: range %q: want one of 1h, 6h, 1d, 7d, 30d", ErrOptions, name)
}

// Zoom returns the range step steps longer (positive) or shorter (negative) than r, stopping
// at the ends of Ranges.
func Zoom(r Range, step int) Range {
	i := 0
	for j, x := range Ranges {
		if x.Span == r.Span {
			i = j
		}
	}
	i = min(max(i+step, 0), len(Ranges)-1)
	return Ranges[i]
}

// Points is how many values a history series holds, whatever its span: enough for a
// sparkline, and a fixed cost per host.
const Points = 120

// Series is one figure over a range: Values[i] is at Start + i*Step, NaN where Prometheus had
// nothing (the host was down, or not yet scraped).
type Series struct {
	Start  time.Time
	Step   time.Duration
	Values []float64
}

// HostHistory is the history of one host's figures.
type HostHistory struct {
	CPU, Memory, Processes Series
	// Top holds the CPU of each process group while it was among the host's busiest, keyed
	// by TopKey.
	Top map[string]Series
}

// TopKey names a process group of a host in HostHistory.Top.
func TopKey(process, user string) string { return process + "\x00" + user }

// HostKey names a host in a History: its job and instance.
func HostKey(job, instance string) string { return job + "\x00" + instance }

// History is every host's history over one range.
type History struct {
	Range Range
	End   time.Time
	Hosts map[string]*HostHistory
}

// History asks Prometheus for every host's figures over r, ending at end (now when zero):
// four range queries for the whole fleet.
func (c *Client) History(ctx context.Context, r Range, end time.Time) (History, error) {
	if end.IsZero() {
		end = time.Now()
	}
	step := r.Span / Points
	// A rate over less than two scrapes has no value: the window is at least a minute, and
	// at least two steps so that no CPU time falls between the steps.
	window := model.Duration(max(time.Minute, 2*step))
	rng := v1.Range{Start: end.Add(-r.Span + step), End: end, Step: step}
	queries := []string{
		fmt.Sprintf(`sum by (job, instance) (rate(taskscope_core_busy_seconds_total[%s]))`, window),
		qMemUsed,
		qProcs,
		fmt.Sprintf(`topk by (job, instance) (%d, sum by (job, instance, process, user) (rate(taskscope_group_cpu_seconds_total[%s])))`, TopN, window),
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	mats := make([]model.Matrix, len(queries))
	errs := make([]error, len(queries))
	var wg sync.WaitGroup
	for i, q := range queries {
		wg.Go(func() {
			v, _, _, err := c.api.QueryRange(ctx, q, rng)
			if err != nil {
				errs[i] = fmt.Errorf("fleet: range query %s at %s: %w", q, c.url, err)
				return
			}
			m, ok := v.(model.Matrix)
			if !ok {
				errs[i] = fmt.Errorf("fleet: range query %s at %s: %w", q, c.url, notA("matrix", v))
			}
			mats[i] = m
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return History{}, err
		}
	}
	h := History{Range: r, End: end, Hosts: map[string]*HostHistory{}}
	host := func(m model.Metric) *HostHistory {
		k := HostKey(string(m[model.JobLabel]), string(m[model.InstanceLabel]))
		if h.Hosts[k] == nil {
			h.Hosts[k] = &HostHistory{Top: map[string]Series{}}
		}
		return h.Hosts[k]
	}
	for _, s := range mats[0] {
		host(s.Metric).CPU = align(rng, s.Values)
	}
	for _, s := range mats[1] {
		host(s.Metric).Memory = align(rng, s.Values)
	}
	for _, s := range mats[2] {
		host(s.Metric).Processes = align(rng, s.Values)
	}
	for _, s := range mats[3] {
		host(s.Metric).Top[TopKey(string(s.Metric["process"]), string(s.Metric["user"]))] = align(rng, s.Values)
	}
	return h, nil
}

// align places Prometheus's samples on the range's steps, NaN where there is none. Samples
// outside the range (which a well-behaved server does not send) are ignored.
func align(r v1.Range, pts []model.SamplePair) Series {
	n := int(r.End.Sub(r.Start)/r.Step) + 1
	s := Series{Start: r.Start, Step: r.Step, Values: make([]float64, n)}
	for i := range s.Values {
		s.Values[i] = math.NaN()
	}
	for _, p := range pts {
		d := p.Timestamp.Time().Sub(r.Start)
		i := int((d + r.Step/2) / r.Step)
		if d < -r.Step/2 || i < 0 || i >= n {
			continue
		}
		s.Values[i] = float64(p.Value)
	}
	return s
}
