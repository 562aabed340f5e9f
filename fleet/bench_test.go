package fleet

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/fleettest"
	"github.com/taskscope/taskscope/internal/promtest"
)

// moduleRoot is the directory of go.mod.
func moduleRoot(t testing.TB) string {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// timeFleetJSON runs `taskscope fleet --prometheus URL --json` runs times and returns the
// median and the slowest wall time, checking each prints hosts hosts, all up.
func timeFleetJSON(t *testing.T, bin, url string, hosts, runs int) (median, worst time.Duration) {
	var times []time.Duration
	for range runs {
		t0 := time.Now()
		out, err := exec.Command(bin, "fleet", "--prometheus", url, "--json").Output()
		d := time.Since(t0)
		if err != nil {
			t.Fatalf("fleet --json: %v", err)
		}
		var doc struct {
			Hosts []Host `json:"hosts"`
		}
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatal(err)
		}
		up := 0
		for _, h := range doc.Hosts {
			if h.Up {
				up++
			}
		}
		if len(doc.Hosts) != hosts || up != hosts {
			t.Fatalf("fleet --json: %d hosts, %d up; want %d up", len(doc.Hosts), up, hosts)
		}
		times = append(times, d)
	}
	slices.Sort(times)
	return times[len(times)/2], times[len(times)-1]
}

// waitHosts waits until Prometheus lists n hosts, all up with a CPU rate and a top group.
func waitHosts(t *testing.T, c *Client, n int) {
	deadline := time.Now().Add(90 * time.Second)
	for {
		f, err := c.Load(context.Background(), time.Time{})
		ready := 0
		if err == nil {
			for _, h := range f.Hosts {
				if h.Up && h.CPUBusyCores > 0 && len(h.Top) > 0 {
					ready++
				}
			}
		}
		if ready == n && len(f.Hosts) == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 90 s Prometheus lists %d hosts, %d ready (%v); want %d", len(f.Hosts), ready, err, n)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// seriesOf counts the taskscope_ series of an agent's /metrics.
func seriesOf(t *testing.T, addr string) (int, map[string]bool) {
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	names := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "taskscope_") {
			names[line[:strings.LastIndexByte(line, ' ')]] = true
		}
	}
	return len(names), names
}

// TestBenchFleet measures the fleet at scale against a real Prometheus: 50 real agents, each
// in PID, UTS and mount namespaces of its own, then 200 hosts (the 50 plus 150 endpoints
// replaying a real agent's exposition under their own hostnames); `taskscope fleet --json`
// must take under 1 s at 50 and under 2 s at 200, and one agent's series count must stay flat
// while 10,000 short-lived processes come and go in its namespace.
func TestBenchFleet(t *testing.T) {
	if os.Getenv("TASKSCOPE_BENCH") != "1" {
		t.Skip("a benchmark: set TASKSCOPE_BENCH=1 (make bench does)")
	}
	fleettest.RequireRoot(t)
	root, dir := moduleRoot(t), t.TempDir()
	agentBin := fleettest.BuildAgent(t, root, dir)
	bin := filepath.Join(dir, "taskscope")
	build := exec.Command("go", "build", "-o", bin, "./cmd/taskscope")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build taskscope: %v\n%s", err, out)
	}

	agents := fleettest.StartAgents(t, agentBin, "fleet", 50)
	sd := filepath.Join(dir, "targets.json")
	fleettest.WriteSD(t, sd, fleettest.Addrs(agents))
	url := promtest.Start(t, "2s", map[string]promtest.Job{"taskscope": {SDFile: sd}})
	c, err := New(Options{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	waitHosts(t, c, 50)
	var rss, maxRSS uint64
	for _, a := range agents {
		r, err := a.RSS()
		if err != nil {
			t.Fatal(err)
		}
		rss += r
		maxRSS = max(maxRSS, r)
	}
	t.Logf("fleet: 50 real agents in namespaces of their own: RSS %.1f MiB in all, %.1f MiB each on average, %.1f MiB the largest",
		float64(rss)/(1<<20), float64(rss)/50/(1<<20), float64(maxRSS)/(1<<20))
	med, worst := timeFleetJSON(t, bin, url, 50, 5)
	t.Logf("fleet: `taskscope fleet --json` at 50 hosts: median %v, slowest %v of 5 (target < 1 s)", med.Round(time.Millisecond), worst.Round(time.Millisecond))
	if med >= time.Second {
		t.Errorf("fleet --json at 50 hosts: median %v, want < 1 s", med)
	}
	t0 := time.Now()
	if _, err := c.History(context.Background(), Ranges[0], time.Time{}); err != nil {
		t.Fatal(err)
	}
	t.Logf("fleet: history of every figure of 50 hosts over 1h (%d points): %v", Points, time.Since(t0).Round(time.Millisecond))

	// Churn in one agent's namespace: 10,000 processes, 20 at a time.
	a0 := agents[0]
	before, _ := seriesOf(t, a0.Addr)
	storedQ := fmt.Sprintf(`count(last_over_time({__name__=~"taskscope_.+",instance=%q}[1h]))`, a0.Addr)
	stored0 := instant(t, c, storedQ)
	churn := a0.InNamespace(`i=0; while [ $i -lt 500 ]; do j=0; while [ $j -lt 20 ]; do sleep 0.02 & j=$((j+1)); done; wait; i=$((i+1)); done`)
	t1 := time.Now()
	if err := churn.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- churn.Wait() }()
	union := map[string]bool{}
	most := 0
	for waiting := true; waiting; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("churn: %v", err)
			}
			waiting = false
		case <-time.After(300 * time.Millisecond):
			n, names := seriesOf(t, a0.Addr)
			most = max(most, n)
			for k := range names {
				union[k] = true
			}
		}
	}
	churnTime := time.Since(t1)
	time.Sleep(5 * time.Second) // two more scrapes
	after, _ := seriesOf(t, a0.Addr)
	stored1 := instant(t, c, storedQ)
	t.Logf("fleet: agent %s while 10,000 processes came and went in %v: /metrics %d series before, at most %d during, %d after, %d distinct; Prometheus stored %v before, %v after",
		a0.Hostname, churnTime.Round(time.Second), before, most, after, len(union), stored0, stored1)
	// The churn adds its programs' groups (sh and sleep, 3 series each) and nothing per process.
	if len(union) > before+6 || stored1 > stored0+6 {
		t.Errorf("series not flat under churn: %d before, %d distinct during; stored %v -> %v", before, len(union), stored0, stored1)
	}

	// 200 hosts: 150 simulated ones replay agent 1's exposition (agent 0 churned) under their own hostnames.
	sim := fleettest.StartSimulated(t, agents[1], "sim", 150)
	fleettest.WriteSD(t, sd, append(fleettest.Addrs(agents), sim...))
	waitHosts(t, c, 200)
	med, worst = timeFleetJSON(t, bin, url, 200, 5)
	t.Logf("fleet: `taskscope fleet --json` at 200 hosts (50 real, 150 replaying): median %v, slowest %v of 5 (target < 2 s)", med.Round(time.Millisecond), worst.Round(time.Millisecond))
	if med >= 2*time.Second {
		t.Errorf("fleet --json at 200 hosts: median %v, want < 2 s", med)
	}
	t0 = time.Now()
	if _, err := c.History(context.Background(), Ranges[0], time.Time{}); err != nil {
		t.Fatal(err)
	}
	t.Logf("fleet: history of every figure of 200 hosts over 1h: %v", time.Since(t0).Round(time.Millisecond))
}

// instant runs a query that yields one number.
func instant(t *testing.T, c *Client, q string) float64 {
	v, err := c.vector(context.Background(), q, time.Now())
	if err != nil || len(v) == 0 {
		t.Fatalf("%s: %v (%d results)", q, err, len(v))
	}
	return float64(v[0].Value)
}
