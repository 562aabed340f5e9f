package serve

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/proctest"
)

// prometheusBin is Debian's Prometheus server (package prometheus, in the Makefile's APT_PKGS).
const prometheusBin = "/usr/bin/prometheus"

// TestPrometheusScrapesAgent starts a real Prometheus server that scrapes an agent (with a
// bearer token, as the README's scrape job does) while a thread spins, then asks Prometheus's
// HTTP API for the rate of that thread's CPU seconds: about one core, and about what the
// kernel's own schedstat says the thread ran.
func TestPrometheusScrapesAgent(t *testing.T) {
	if _, err := os.Stat(prometheusBin); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing (Debian package prometheus; make test installs it): %v", prometheusBin, err)
		}
		t.Skipf("%s is missing; install the Debian package prometheus (make deps does)", prometheusBin)
	}
	h, err := proctest.StartWorkload()
	if err != nil {
		t.Fatal(err)
	}
	defer h.Stop()
	busyTID := h.Threads[proctest.BusyThread]

	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token")
	os.WriteFile(tokenFile, []byte("prom-secret\n"), 0o600)
	agent := start(t, Config{Interval: 500 * time.Millisecond, ThreadsFor: proctest.WorkloadName, Token: "prom-secret"})

	promAddr := freeAddr(t)
	config := fmt.Sprintf(`global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: taskscope
    scrape_interval: 1s
    scrape_timeout: 900ms
    authorization:
      type: Bearer
      credentials_file: %s
    static_configs:
      - targets: ['%s']
`, tokenFile, agent.Addr)
	cfgFile := filepath.Join(dir, "prometheus.yml")
	os.WriteFile(cfgFile, []byte(config), 0o600)
	prom := exec.Command(prometheusBin, "--config.file="+cfgFile, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+promAddr, "--log.level=warn")
	prom.Stderr = os.Stderr
	prom.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := prom.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { prom.Process.Kill(); prom.Wait() }()
	base := "http://" + promAddr
	waitFor(t, "Prometheus to be ready", func() bool {
		resp, err := http.Get(base + "/-/ready")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})

	// Prometheus hands its targets to the scrapers a few seconds after it starts: wait for the
	// first sample, then let it scrape for a window while the kernel counts the same run time.
	series := fmt.Sprintf(`taskscope_thread_cpu_seconds_total{thread=%q,tid="%d"}`, proctest.BusyThread, busyTID)
	waitFor(t, "Prometheus's first scrape of the agent", func() bool {
		_, ok := promQuery(t, base, "count_over_time("+series+"[1m])", time.Now())
		return ok
	})
	const window = 8 * time.Second
	r0, err := proctest.RunTime(h.PID, busyTID)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	time.Sleep(window)
	r1, err := proctest.RunTime(h.PID, busyTID)
	if err != nil {
		t.Fatal(err)
	}
	t1 := time.Now()
	share := float64(r1-r0) / float64(t1.Sub(t0))
	query := fmt.Sprintf("rate(%s[%ds])", series, int(window.Seconds()))
	var rate float64
	waitFor(t, "Prometheus to answer the rate query", func() bool {
		v, ok := promQuery(t, base, query, t1)
		rate = v
		return ok
	})
	t.Logf("Prometheus: %s = %.3f cores; schedstat over the same time: %.3f", query, rate, share)
	if rate < share-0.25 || rate > share+0.25 {
		t.Errorf("rate %.3f cores, but the kernel says the thread ran %.3f of a core", rate, share)
	}
	// On a machine where the thread got its core, the rate must say so.
	if share >= 0.75 && (rate < 0.6 || rate > 1.3) {
		t.Errorf("rate %.3f cores for a thread that spins, want about 1 (0.6..1.3)", rate)
	}
	if v, ok := promQuery(t, base, `max(rate(taskscope_core_busy_seconds_total[5s]))`, t1); !ok || v <= 0 || v > 1.05 {
		t.Errorf("per-core busy rate %.3f (found %v), want within 0..1", v, ok)
	}
}

// promQuery runs an instant query at time at and returns the first result's value.
func promQuery(t testing.TB, base, query string, at time.Time) (float64, bool) {
	t.Helper()
	q := url.Values{"query": {query}, "time": {strconv.FormatFloat(float64(at.UnixMilli())/1000, 'f', 3, 64)}}
	resp, err := http.Get(base + "/api/v1/query?" + q.Encode())
	if err != nil {
		return 0, false
	}
	defer resp.Body.Close()
	var out struct {
		Status string `json:"status"`
		Data   struct {
			Result []struct {
				Value [2]any `json:"value"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Status != "success" || len(out.Data.Result) == 0 {
		return 0, false
	}
	s, _ := out.Data.Result[0].Value[1].(string)
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// freeAddr returns a loopback address with a port nothing listens on just now.
func freeAddr(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
