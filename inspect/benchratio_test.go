package inspect

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"
)

// benchRounds is how many interleaved rounds the ratio tests run (TASKSCOPE_BENCH_ROUNDS).
func benchRounds() int {
	if n, err := strconv.Atoi(os.Getenv("TASKSCOPE_BENCH_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 21
}

// median returns the middle of d (which it sorts).
func median(d []time.Duration) time.Duration {
	slices.Sort(d)
	return d[len(d)/2]
}

// TestBenchRatio measures the sampler against the floor on the same load, alternating them
// round by round so that both see the same machine, and prints the ratios of the medians. It
// runs only with TASKSCOPE_BENCH=1 (make bench).
func TestBenchRatio(t *testing.T) {
	if os.Getenv("TASKSCOPE_BENCH") != "1" {
		t.Skip("set TASKSCOPE_BENCH=1 to measure")
	}
	load.Need(t)
	floor := newFloorScan()
	steady, err := NewSampler("/proc")
	if err != nil {
		t.Fatal(err)
	}
	cold, err := NewSampler("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var tasks, shown int
	run := map[string]func(){
		"floor": func() {
			n, err := floor.scan("/proc")
			if err != nil {
				t.Fatal(err)
			}
			tasks = n
		},
		"sample": func() {
			snap, err := steady.Sample()
			if err != nil {
				t.Fatal(err)
			}
			shown = countThreads(snap)
		},
		"cold": func() {
			cold.forget()
			if _, err := cold.Sample(); err != nil {
				t.Fatal(err)
			}
		},
	}
	order := []string{"floor", "sample", "cold"}
	for _, name := range order { // warm up caches and the steady sampler's memory
		run[name]()
	}
	times := map[string][]time.Duration{}
	rounds := benchRounds()
	for r := range rounds {
		for i := range order {
			name := order[(i+r)%len(order)]
			start := time.Now()
			run[name]()
			times[name] = append(times[name], time.Since(start))
		}
	}
	f, s, c := median(times["floor"]), median(times["sample"]), median(times["cold"])
	fmt.Printf("load: %d task stat files (%d threads shown), %d extra sleeping threads, %d rounds\n", tasks, shown, extraThreads, rounds)
	fmt.Printf("floor (open+read+close every task stat): median %v\n", f)
	fmt.Printf("sample, steady state (every call after the first): median %v\n", s)
	fmt.Printf("sample, cold (first call, reads everything): median %v\n", c)
	fmt.Printf("sampler/floor ratio: %.2f\n", float64(s)/float64(f))
	fmt.Printf("cold sampler/floor ratio: %.2f\n", float64(c)/float64(f))
	if float64(c)/float64(f) > 1.5 {
		t.Errorf("a cold sample takes %.2fx the floor, target 1.5x", float64(c)/float64(f))
	}
}
