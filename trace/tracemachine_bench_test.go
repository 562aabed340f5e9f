package trace

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"
	"unsafe"

	"github.com/taskscope/taskscope/internal/proctest"
)

// machineBench traces the whole machine for d, taking the trace twice a second as the Cores tab
// does, and measures this process's CPU then and, side by side, over the same d untraced with
// the same loop. It returns the switches a second the trace saw, both CPU figures (% of one
// core), the records lost, and the runs held at the end.
func machineBench(t *testing.T, d time.Duration) (rate, traced, idle float64, lost uint64, held int) {
	stop := make(chan struct{})
	time.AfterFunc(d, func() { close(stop) })
	idle = pollEvery(stop, 500*time.Millisecond, func() {})
	tr, err := Machine(Options{Keep: 65 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	stop = make(chan struct{})
	time.AfterFunc(d, func() { close(stop) })
	traced = pollEvery(stop, 500*time.Millisecond, func() { tr.Trace() })
	res := tr.Stop()
	for _, th := range res.Threads {
		held += len(th.Runs)
	}
	return float64(held) / (float64(res.EndNS-res.StartNS) / 1e9), traced, idle, res.Lost, held
}

// pollEvery calls poll every step until done is closed, and returns this process's CPU over
// that stretch as a % of one core.
func pollEvery(done <-chan struct{}, step time.Duration, poll func()) float64 {
	cpu0, wall0 := processCPU(), time.Now()
	tick := time.NewTicker(step)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return (processCPU() - cpu0).Seconds() / time.Since(wall0).Seconds() * 100
		case <-tick.C:
			poll()
		}
	}
}

// TestBenchMachineTraceCost measures what the Cores tab's whole-machine trace costs: the
// tracer's own CPU at the machine's own switch rate, then with a ping-pong workload adding
// about 20,000 switches a second, as % of one core. Runs only with TASKSCOPE_BENCH=1.
func TestBenchMachineTraceCost(t *testing.T) {
	if os.Getenv("TASKSCOPE_BENCH") != "1" {
		t.Skip("set TASKSCOPE_BENCH=1 to measure")
	}
	needMachine(t)
	const d = 5 * time.Second
	report := func(what string, rate, traced, idle float64, lost uint64, held int) {
		// Memory: a minute of runs at this rate, as the Cores tab keeps (MachineKeep).
		perMin := rate * 60 * float64(unsafe.Sizeof(Run{}))
		t.Logf("machine trace cost (%s): %.0f switches/s, tracing adds %.2f%% of one core (%.2f%% traced, %.2f%% untraced), lost %d, %d runs held; a minute of runs is %.1f MiB",
			what, rate, traced-idle, traced, idle, lost, held, perMin/(1<<20))
	}
	rate, traced, idle, lost, held := machineBench(t, d)
	report("the machine as it is", rate, traced, idle, lost, held)

	argv, env, err := proctest.TraceWorkload(proctest.ModePingPong, "PINGPONG_RATE=8000",
		fmt.Sprintf("PINGPONG_MS=%d", (2*d+time.Second).Milliseconds()), "GODEBUG=asyncpreemptoff=1")
	if err != nil {
		t.Fatal(err)
	}
	load := exec.Command(argv[0], argv[1:]...)
	load.Env = env
	if err := load.Start(); err != nil {
		t.Fatal(err)
	}
	defer load.Wait()
	rate, traced, idle, lost, held = machineBench(t, d)
	report("with a 20,000 switches/s workload", rate, traced, idle, lost, held)
	if traced-idle > 5 {
		t.Errorf("the whole-machine trace cost %.2f%% of one core at %.0f switches/s", traced-idle, rate)
	}
}
