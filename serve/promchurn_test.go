package serve

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/promtest"
)

// startPrometheus runs a real Prometheus that scrapes each job's targets every scrape
// interval, and returns its base URL; it is killed when the test ends.
func startPrometheus(t testing.TB, interval string, jobs map[string][]string) string {
	t.Helper()
	promtest.Require(t)
	dir := t.TempDir()
	var b strings.Builder
	fmt.Fprintf(&b, "global:\n  scrape_interval: %s\n  scrape_timeout: %s\nscrape_configs:\n", interval, interval)
	for job, targets := range jobs {
		fmt.Fprintf(&b, "  - job_name: %s\n    static_configs:\n      - targets: ['%s']\n", job, strings.Join(targets, "','"))
	}
	cfgFile := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfgFile, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	prom := exec.Command(prometheusBin, "--config.file="+cfgFile, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--log.level=warn")
	prom.Stderr = os.Stderr
	prom.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := prom.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { prom.Process.Kill(); prom.Wait() })
	base := "http://" + addr
	waitFor(t, "Prometheus to be ready", func() bool {
		resp, err := http.Get(base + "/-/ready")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	return base
}

// TestPrometheusSeriesFlatUnderChurn has a real Prometheus scrape a default agent and a legacy
// per-PID agent while real short-lived processes come and go, and asks Prometheus how many
// taskscope_ series it stored for each: the default's count stays about flat, the legacy
// one's grows with the churn (so the check can see growth when there is some).
func TestPrometheusSeriesFlatUnderChurn(t *testing.T) {
	def := start(t, Config{Interval: 200 * time.Millisecond})
	legacy := start(t, Config{Interval: 200 * time.Millisecond, LegacyPIDMetrics: true})
	base := startPrometheus(t, "500ms", map[string][]string{"default": {def.Addr}, "legacy": {legacy.Addr}})
	stored := func(job string) float64 {
		v, _ := promQuery(t, base, fmt.Sprintf(`count(last_over_time({__name__=~"taskscope_.+",job=%q}[10m]))`, job), time.Now())
		return v
	}
	waitFor(t, "Prometheus's first scrapes", func() bool { return stored("default") > 0 && stored("legacy") > 0 })
	time.Sleep(2 * time.Second)
	d0, l0 := stored("default"), stored("legacy")
	const processes = 1000
	start := time.Now()
	churn(t, processes, 8)
	time.Sleep(1500 * time.Millisecond)
	d1, l1 := stored("default"), stored("legacy")
	// The churned program's own series: on this shared machine other programs start too, and
	// each new program adds its group (3 series) however the agent is set; what must not
	// happen is series per process of the churn.
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	sleeps := func(job string) float64 {
		v, _ := promQuery(t, base, fmt.Sprintf(`count(last_over_time({__name__=~"taskscope_.+",job=%q,process="sleep",user=%q}[10m]))`, job, me.Username), time.Now())
		return v
	}
	pids, _ := promQuery(t, base, `count(last_over_time({__name__=~"taskscope_.+",job="default",pid!=""}[10m]))`, time.Now())
	ds, ls := sleeps("default"), sleeps("legacy")
	t.Logf("Prometheus stored taskscope_ series: default %v -> %v (%v of them for sleep, %v with a pid), legacy per-PID %v -> %v (%v for sleep), %d processes in %v",
		d0, d1, ds, pids, l0, l1, ls, processes, time.Since(start).Round(100*time.Millisecond))
	if ds > 3 || pids > 0 {
		t.Errorf("default agent: %v stored series for the churned program and %v with a pid; want at most its group's 3 and none", ds, pids)
	}
	if d1 > d0+60 {
		t.Errorf("default agent: stored series grew from %v to %v under churn", d0, d1)
	}
	if ls < 30 {
		t.Errorf("legacy agent: %v stored series for the churned program; the churn did not show, so the default's flat count proves nothing", ls)
	}
}
