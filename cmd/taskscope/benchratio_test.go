package main

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/proctest"
)

// TestBenchSnapshotVsPS times `taskscope snapshot --json --interval 1ms` (this test binary
// re-executed as the command, so process start-up counts) against `ps -eLo
// pid,tid,psr,pcpu,rss,comm`, alternately, on the machine plus 5,000 sleeping threads, and prints
// the ratio of the medians. The snapshot's time includes both of its samples and the 1ms between
// them; ps takes one pass and shows lifetime CPU averages. It runs only with TASKSCOPE_BENCH=1.
func TestBenchSnapshotVsPS(t *testing.T) {
	if os.Getenv("TASKSCOPE_BENCH") != "1" {
		t.Skip("set TASKSCOPE_BENCH=1 to measure")
	}
	if _, err := exec.LookPath("ps"); err != nil {
		t.Skip("no ps")
	}
	const extra = 5000
	h, err := proctest.StartSleepers(extra)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Stop()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	rounds := 11
	if n, err := strconv.Atoi(os.Getenv("TASKSCOPE_BENCH_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	commands := map[string]func() *exec.Cmd{
		"ps": func() *exec.Cmd { return exec.Command("ps", "-eLo", "pid,tid,psr,pcpu,rss,comm") },
		"snapshot": func() *exec.Cmd {
			c := exec.Command(exe, "--json", "--interval", "1ms")
			c.Env = append(os.Environ(), envRunSnapshot+"=1")
			return c
		},
	}
	order := []string{"ps", "snapshot"}
	times := map[string][]time.Duration{}
	for r := -1; r < rounds; r++ { // round -1 warms the page cache and is not counted
		for i := range order {
			name := order[(i+r+1)%len(order)]
			c := commands[name]()
			start := time.Now()
			if out, err := c.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%.500s", name, err, out)
			}
			if r >= 0 {
				times[name] = append(times[name], time.Since(start))
			}
		}
	}
	med := func(d []time.Duration) time.Duration { slices.Sort(d); return d[len(d)/2] }
	ps, snap := med(times["ps"]), med(times["snapshot"])
	fmt.Printf("load: machine + %d sleeping threads (helper has %d tasks), %d rounds\n", extra, h.ThreadCount, rounds)
	fmt.Printf("ps -eLo pid,tid,psr,pcpu,rss,comm: median %v\n", ps)
	fmt.Printf("taskscope snapshot --json --interval 1ms: median %v\n", snap)
	fmt.Printf("snapshot/ps ratio: %.2f (ps takes %.2fx as long)\n", float64(snap)/float64(ps), float64(ps)/float64(snap))
	if float64(ps)/float64(snap) < 2 {
		t.Errorf("snapshot is only %.2fx faster than ps, target 2x", float64(ps)/float64(snap))
	}
}
