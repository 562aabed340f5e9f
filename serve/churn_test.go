package serve

import (
	"bufio"
	"bytes"
	"os/exec"
	"os/user"
	"strings"
	"sync"
	"testing"
	"time"
)

// seriesCount counts the taskscope_ series of a text exposition.
func seriesCount(body []byte) int {
	n := 0
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "taskscope_") {
			n++
		}
	}
	return n
}

// churn starts n real short-lived processes (true), a few at a time, and waits for them all.
func churn(t testing.TB, n, parallel int) {
	t.Helper()
	var wg sync.WaitGroup
	sem := make(chan struct{}, parallel)
	for range n {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := exec.Command("/bin/sleep", "0.02").Run(); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

// TestSeriesFlatUnderChurn scrapes agents while hundreds of real processes start and exit: the
// default agent's and a --top-pids agent's series counts stay about flat (only the group of the
// new program appears), while the legacy per-PID agent's grow with every process.
func TestSeriesFlatUnderChurn(t *testing.T) {
	def := start(t, Config{Interval: 20 * time.Millisecond})
	top := start(t, Config{Interval: 20 * time.Millisecond, TopPIDs: 5})
	legacy := start(t, Config{Interval: 20 * time.Millisecond, LegacyPIDMetrics: true})
	agents := []struct {
		name string
		r    *running
	}{{"default", def}, {"--top-pids 5", top}, {"--legacy-pid-metrics", legacy}}
	count := func(r *running) int { _, b := get(t, r.URL+"/metrics", ""); return seriesCount(b) }
	before := make([]int, len(agents))
	for i, a := range agents {
		count(a.r) // the first scrape warms the sampler
		before[i] = count(a.r)
	}
	// Union of series over the churn, as Prometheus would store them.
	seen := make([]map[string]bool, len(agents))
	most := make([]int, len(agents))
	for i := range seen {
		seen[i] = map[string]bool{}
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			for i, a := range agents {
				_, b := get(t, a.r.URL+"/metrics", "")
				most[i] = max(most[i], seriesCount(b))
				for _, line := range strings.Split(string(b), "\n") {
					if strings.HasPrefix(line, "taskscope_") {
						seen[i][line[:strings.LastIndexByte(line, ' ')]] = true
					}
				}
			}
			select {
			case <-stop:
				return
			case <-time.After(25 * time.Millisecond):
			}
		}
	}()
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	me := u.Username
	const processes = 400
	churn(t, processes, 8)
	close(stop)
	<-done
	for i, a := range agents {
		t.Logf("%s: %d series before, at most %d in one scrape and %d distinct during %d processes' churn", a.name, before[i], most[i], len(seen[i]), processes)
	}
	// Allowance: the churn's own group (3 series) and whatever other programs this shared
	// machine started meanwhile; per-PID series would add hundreds.
	// The default agent's series over the whole churn (what Prometheus would store) stay
	// flat; --top-pids N exposes at most N pairs per scrape, but which PIDs they are changes as
	// the busiest processes change, so only its count per scrape is flat.
	const allowance = 60
	sleeps := 0
	for k := range seen[0] {
		if strings.Contains(k, `process="sleep"`) && strings.Contains(k, `user="`+me+`"`) {
			sleeps++
		}
		if strings.Contains(k, `pid="`) {
			t.Errorf("default agent: a series with a pid: %s", k)
		}
	}
	if sleeps > 3 {
		t.Errorf("default agent: %d series for the churned program, want its group's 3", sleeps)
	}
	if len(seen[0]) > before[0]+allowance {
		t.Errorf("default: %d distinct series during churn, %d before: not flat", len(seen[0]), before[0])
	}
	if most[1] > before[1]+allowance {
		t.Errorf("--top-pids 5: up to %d series in one scrape during churn, %d before: not flat", most[1], before[1])
	}
	if len(seen[2]) < before[2]+processes/4 {
		t.Errorf("legacy agent: only %d series during churn from %d before; the churn did not show, so the flat counts above prove nothing", len(seen[2]), before[2])
	}
}
