// Package promtest runs a real Prometheus server (Debian's package prometheus) for tests:
// given the scrape jobs, it writes a configuration, starts the server on a free loopback port,
// waits until it is ready and kills it when the test ends. A machine without Prometheus skips
// the test (recorded by testenv), except under CI (CI=true), where that fails.
package promtest

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/testenv"
)

// Bin is Debian's Prometheus server.
const Bin = "/usr/bin/prometheus"

// Job is one scrape job: static targets, and optionally a file of file-based service discovery.
type Job struct {
	Targets []string
	// SDFile, when set, is a file_sd_configs file (JSON) the job reads its targets from.
	SDFile string
}

// Require ends t through testenv.Missing when the Prometheus server is not installed: a skip
// recorded for make test's summary, a failure under CI=true.
func Require(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(Bin); err != nil {
		testenv.Missing(t, "a Prometheus server", err.Error(), "make test-deps (installs the Debian package prometheus)")
	}
}

// Start runs Prometheus scraping jobs every interval (a Prometheus duration, e.g. "1s") and
// returns its base URL.
func Start(t testing.TB, interval string, jobs map[string]Job) string {
	t.Helper()
	Require(t)
	dir := t.TempDir()
	var b strings.Builder
	fmt.Fprintf(&b, "global:\n  scrape_interval: %s\n  scrape_timeout: %s\nscrape_configs:\n", interval, interval)
	names := make([]string, 0, len(jobs))
	for name := range jobs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		j := jobs[name]
		fmt.Fprintf(&b, "  - job_name: %s\n", name)
		if len(j.Targets) > 0 {
			fmt.Fprintf(&b, "    static_configs:\n      - targets: ['%s']\n", strings.Join(j.Targets, "','"))
		}
		if j.SDFile != "" {
			fmt.Fprintf(&b, "    file_sd_configs:\n      - files: ['%s']\n        refresh_interval: 5s\n", j.SDFile)
		}
	}
	cfg := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfg, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(Bin, "--config.file="+cfg, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--log.level=error")
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return base
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("Prometheus at %s not ready within 30 s: %v", base, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
