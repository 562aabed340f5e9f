package fleettab

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/fleet"
	"github.com/taskscope/taskscope/internal/fleettest"
	"github.com/taskscope/taskscope/internal/promtest"
)

// firstFrame builds a fresh Fleet tab in a 1280x720 window, waits for its first load (hosts
// and history from Prometheus) and renders it: the time until the first frame shows the fleet.
func firstFrame(t *testing.T, c *fleet.Client, hosts int) time.Duration {
	t0 := time.Now()
	tab := newTab(c, func(string) error { return nil })
	w := test.NewTempWindow(t, tab.Content())
	w.Resize(fyne.NewSize(1280, 720))
	if err := loadOnce(t, tab); err != nil {
		t.Fatal(err)
	}
	img := w.Canvas().Capture()
	d := time.Since(t0)
	if len(tab.rows) != hosts || img.Bounds().Dx() == 0 {
		t.Fatalf("first frame: %d rows, want %d", len(tab.rows), hosts)
	}
	return d
}

// medianFrame is the median of five first frames.
func medianFrame(t *testing.T, c *fleet.Client, hosts int) (time.Duration, time.Duration) {
	var ds []time.Duration
	for range 5 {
		ds = append(ds, firstFrame(t, c, hosts))
	}
	slices.Sort(ds)
	return ds[2], ds[4]
}

// waitReady waits until Prometheus lists n hosts, all up with their busiest groups.
func waitReady(t *testing.T, c *fleet.Client, n int) {
	deadline := time.Now().Add(90 * time.Second)
	for {
		f, err := c.Load(t.Context(), time.Time{})
		ready := 0
		for _, h := range f.Hosts {
			if h.Up && len(h.Top) > 0 {
				ready++
			}
		}
		if err == nil && ready == n && len(f.Hosts) == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 90 s: %d hosts, %d ready (%v); want %d", len(f.Hosts), ready, err, n)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// TestBenchFleetFrame measures the Fleet tab's first frame (Fyne's test driver, software
// rendering, 1280x720) against a real Prometheus scraping 50 real agents in namespaces of
// their own, then 200 hosts (150 more replaying a real agent's exposition): under 1 s and
// under 2 s.
func TestBenchFleetFrame(t *testing.T) {
	if os.Getenv("TASKSCOPE_BENCH") != "1" {
		t.Skip("a benchmark: set TASKSCOPE_BENCH=1 (make bench does)")
	}
	fleettest.RequireRoot(t)
	test.NewTempApp(t)
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := fleettest.BuildAgent(t, filepath.Dir(strings.TrimSpace(string(out))), dir)
	agents := fleettest.StartAgents(t, bin, "frame", 50)
	sd := filepath.Join(dir, "targets.json")
	fleettest.WriteSD(t, sd, fleettest.Addrs(agents))
	url := promtest.Start(t, "2s", map[string]promtest.Job{"taskscope": {SDFile: sd}})
	c, err := fleet.New(fleet.Options{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	waitReady(t, c, 50)
	med, worst := medianFrame(t, c, 50)
	t.Logf("fleet: Fleet tab's first frame at 50 hosts: median %v, slowest %v of 5 (target < 1 s)", med.Round(time.Millisecond), worst.Round(time.Millisecond))
	if med >= time.Second {
		t.Errorf("first frame at 50 hosts: median %v, want < 1 s", med)
	}
	sim := fleettest.StartSimulated(t, agents[0], "sim", 150)
	fleettest.WriteSD(t, sd, append(fleettest.Addrs(agents), sim...))
	waitReady(t, c, 200)
	med, worst = medianFrame(t, c, 200)
	t.Logf("fleet: Fleet tab's first frame at 200 hosts (50 real, 150 replaying): median %v, slowest %v of 5 (target < 2 s)", med.Round(time.Millisecond), worst.Round(time.Millisecond))
	if med >= 2*time.Second {
		t.Errorf("first frame at 200 hosts: median %v, want < 2 s", med)
	}
}
