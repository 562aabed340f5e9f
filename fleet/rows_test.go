package fleet

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	v1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"
)

// fixture is a fleet of three hosts with every kind of value.
var fixture = Fleet{Hosts: []Host{
	{Host: "web", Instance: "10.0.0.2:9256", Job: "taskscope", Up: true, ScrapeURL: "http://10.0.0.2:9256/metrics", Cores: 4,
		CPUBusyCores: 3.5, MemoryUsedBytes: 2 << 30, MemoryTotalBytes: 8 << 30, Processes: 120,
		Top: []Top{{"nginx", "www", 1.5}, {"php", "www", 0.25}}},
	{Host: "build", Instance: "10.0.0.3:9256", Job: "taskscope", Up: true, ScrapeURL: "https://10.0.0.3:9256/metrics", Cores: 16,
		CPUBusyCores: 12, MemoryUsedBytes: 1 << 30, MemoryTotalBytes: 32 << 30, Processes: 900},
	{Host: "10.0.0.4:9256", Instance: "10.0.0.4:9256", Job: "taskscope", Reason: `Get "http://10.0.0.4:9256/metrics": dial tcp 10.0.0.4:9256: connect: connection refused`},
}}

// TestRows checks the order of each sort key and the text of a row.
func TestRows(t *testing.T) {
	order := func(rows []Row) string {
		var names []string
		for _, r := range rows {
			names = append(names, r.Name)
		}
		return strings.Join(names, " ")
	}
	for _, c := range []struct {
		by   SortKey
		want string
	}{
		{SortName, "10.0.0.4:9256 build web"},
		{SortStatus, "10.0.0.4:9256 build web"},
		{SortCPU, "build web 10.0.0.4:9256"},
		{SortMemory, "web build 10.0.0.4:9256"},
		{SortProcesses, "build web 10.0.0.4:9256"},
	} {
		if got := order(Rows(fixture, c.by)); got != c.want {
			t.Errorf("sort %s: %s, want %s", SortNames[c.by], got, c.want)
		}
	}
	rows := Rows(fixture, SortName)
	web := rows[2]
	want := Row{Key: HostKey("taskscope", "10.0.0.2:9256"), Name: "web", Instance: "10.0.0.2:9256", Up: true, Status: "up",
		CPU: "3.5 of 4 cores", Memory: "2.0 of 8.0 GiB", Processes: "120", Top: "nginx 1.50, php 0.25", Busy: 0.875}
	if web != want {
		t.Errorf("row of web:\n got %+v\nwant %+v", web, want)
	}
	down := rows[0]
	if down.Status != "down: connection refused: nothing listens at the agent's address" || down.CPU != "–" || down.Processes != "–" || down.Busy != -1 {
		t.Errorf("row of a down host: %+v", down)
	}
}

// TestDownReason names the usual scrape failures and cuts the rest.
func TestDownReason(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "scrape failed, no reason given"},
		{`Get "http://h:9256/metrics": context deadline exceeded`, "timed out: the agent did not answer within the scrape timeout"},
		{"server returned HTTP status 401 Unauthorized", "token refused (HTTP 401/403): the scrape's token is not the agent's"},
		{`dial tcp: lookup nohost: no such host`, "unknown host name (DNS)"},
		{"x509: certificate signed by unknown authority", "TLS certificate not trusted"},
		{"odd", "odd"},
		{strings.Repeat("é", 100), strings.Repeat("é", 79) + "…"},
	} {
		if got := DownReason(c.in); got != c.want {
			t.Errorf("DownReason(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestAgentURL opens up hosts at their scrape address and says why others cannot be opened.
func TestAgentURL(t *testing.T) {
	for _, c := range []struct {
		h    Host
		want string
		err  string
	}{
		{fixture.Hosts[0], "http://10.0.0.2:9256", ""},
		{fixture.Hosts[1], "https://10.0.0.3:9256", ""},
		{fixture.Hosts[2], "", "is down: connection refused"},
		{Host{Host: "x", Up: true, ScrapeURL: "http://x:9100/probe"}, "", "not at an agent's /metrics"},
		{Host{Host: "x", Up: true}, "", "no usable address"},
	} {
		got, err := AgentURL(c.h)
		if got != c.want || (c.err == "") != (err == nil) || (err != nil && (!strings.Contains(err.Error(), c.err) || !errors.Is(err, ErrCannotOpen))) {
			t.Errorf("AgentURL(%s %q) = %q, %v; want %q, %q", c.h.Host, c.h.ScrapeURL, got, err, c.want, c.err)
		}
	}
}

// TestZoomAndRanges steps through the ranges and stops at both ends.
func TestZoomAndRanges(t *testing.T) {
	r := Ranges[0]
	if r.Span != time.Hour {
		t.Fatalf("default range %v, want 1h", r.Span)
	}
	for _, want := range []string{"6h", "1d", "7d", "30d", "30d"} {
		r = Zoom(r, 1)
		if r.Name != want {
			t.Errorf("zoom out: %s, want %s", r.Name, want)
		}
	}
	if r = Zoom(r, -10); r.Name != "1h" {
		t.Errorf("zoom in past the start: %s", r.Name)
	}
	if _, err := ParseRange("2h"); !errors.Is(err, ErrOptions) {
		t.Errorf("ParseRange(2h): %v", err)
	}
}

// TestAlign places samples on steps, NaN in the gaps, and ignores samples outside the range.
func TestAlign(t *testing.T) {
	start := time.Unix(1000, 0)
	r := v1.Range{Start: start, End: start.Add(4 * time.Second), Step: time.Second}
	s := align(r, []model.SamplePair{
		{Timestamp: model.TimeFromUnix(1000), Value: 1},
		{Timestamp: model.TimeFromUnixNano(start.Add(2*time.Second + 100*time.Millisecond).UnixNano()), Value: 3},
		{Timestamp: model.TimeFromUnix(990), Value: 9},
		{Timestamp: model.TimeFromUnix(1010), Value: 9},
	})
	want := []float64{1, math.NaN(), 3, math.NaN(), math.NaN()}
	if len(s.Values) != len(want) {
		t.Fatalf("align: %v", s.Values)
	}
	for i := range want {
		if s.Values[i] != want[i] && !(math.IsNaN(want[i]) && math.IsNaN(s.Values[i])) {
			t.Errorf("align: %v, want %v", s.Values, want)
			break
		}
	}
}

// FuzzAlign feeds align timestamps and steps as a server might send them: it must never
// panic and always return one value per step.
func FuzzAlign(f *testing.F) {
	f.Add(int64(1000), int64(1000), int64(5), int64(1000500), 1.5)
	f.Add(int64(0), int64(1), int64(0), int64(-1), math.Inf(1))
	f.Fuzz(func(t *testing.T, startMs, stepMs, n, ts int64, v float64) {
		if stepMs <= 0 || stepMs > 1e9 || n < 0 || n > 10000 {
			return
		}
		start := time.UnixMilli(startMs)
		step := time.Duration(stepMs) * time.Millisecond
		r := v1.Range{Start: start, End: start.Add(time.Duration(n) * step), Step: step}
		s := align(r, []model.SamplePair{{Timestamp: model.Time(ts), Value: model.SampleValue(v)}})
		if len(s.Values) != int(n)+1 {
			t.Fatalf("%d values for %d steps", len(s.Values), n+1)
		}
	})
}

// TestSpark scales a series to bars, with gaps at zero and values clamped.
func TestSpark(t *testing.T) {
	s := Series{Start: time.Unix(0, 0), Step: time.Minute, Values: []float64{1, math.NaN(), 4, 8, -1}}
	for _, c := range []struct {
		full float64
		want []float64
	}{
		{4, []float64{25, 0, 100, 100, 0}},
		{0, []float64{12.5, 0, 50, 100, 0}},
	} {
		got := Spark(s, c.full)
		for i, p := range got {
			if p.V != c.want[i] || !p.At.Equal(time.Unix(int64(60*i), 0)) {
				t.Errorf("Spark(full %v)[%d] = %+v, want %v", c.full, i, p, c.want[i])
			}
		}
	}
	if len(Spark(Series{Values: []float64{math.NaN()}}, 0)) != 1 {
		t.Error("an all-NaN series must keep its length")
	}
}

// TestRowIndex: a selection follows its host's key through a new order, and a host gone
// leaves nothing selected.
func TestRowIndex(t *testing.T) {
	f := Fleet{Hosts: []Host{
		{Job: "j", Instance: "a:1", Host: "a", Up: true, CPUBusyCores: 0.1},
		{Job: "j", Instance: "b:1", Host: "b", Up: true, CPUBusyCores: 2},
	}}
	byName, byCPU := Rows(f, SortName), Rows(f, SortCPU)
	key := byName[0].Key
	for _, tc := range []struct {
		rows []Row
		key  string
		want int
	}{
		{byName, key, 0},
		{byCPU, key, 1},
		{byCPU, HostKey("j", "gone:1"), -1},
		{nil, key, -1},
	} {
		if got := RowIndex(tc.rows, tc.key); got != tc.want {
			t.Errorf("RowIndex(%q) = %d, want %d", tc.key, got, tc.want)
		}
	}
}
