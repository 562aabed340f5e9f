package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// TestBenchCoresCost is issue 12's observer-effect comparison, run by `make bench`
// (TASKSCOPE_BENCH=1): two windows of Taskscope side by side on one Xvfb of two 1920x1080
// screens, both filtering for one busy demo process (so both run the same 10 Hz watch of it),
// one showing the Processes tab and one the Cores tab. Over the same time their CPU use is
// compared, once in the normal theme and once in presentation mode; the Cores tab may cost
// at most twice what the Processes tab costs (TASKSCOPE_CORESCOST_SECONDS, default 20 s each).
func TestBenchCoresCost(t *testing.T) {
	if os.Getenv("TASKSCOPE_BENCH") != "1" {
		t.Skip("set TASKSCOPE_BENCH=1 to measure")
	}
	guiNeedTools(t, "Xvfb", "xwininfo")
	seconds := 20
	if n, err := strconv.Atoi(os.Getenv("TASKSCOPE_CORESCOST_SECONDS")); err == nil && n > 0 {
		seconds = n
	}
	bin := guiBuild(t)
	// The watched process: one busy crunch worker, alive while its stdin is open.
	busy := exec.Command(bin, "demo", "crunch", "--model", "threads", "--workers", "1", "--kind", "cpu")
	stdin, err := busy.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := busy.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); busy.Wait() }()

	for _, mode := range []string{"normal", "presentation"} {
		display, _ := guiXvfb(t, "1920x1080x24", "1920x1080x24")
		var apps []*benchApp
		for i, tab := range []string{"processes", "cores"} {
			args := []string{"--tab", tab, "--filter", "crunch"}
			if mode == "presentation" {
				args = append(args, "--presentation")
			}
			env, _ := guiEnv(t, display+"."+strconv.Itoa(i))
			var log guiBuffer
			apps = append(apps, &benchApp{name: tab, display: display + "." + strconv.Itoa(i), title: "Taskscope",
				cmd: guiStart(t, env, &log, bin, args...)})
		}
		for _, a := range apps {
			if !waitWindow(a.display, a.title, 30*time.Second) {
				t.Fatalf("no window from the %s tab within 30 s", a.name)
			}
		}
		time.Sleep(3 * time.Second) // the first samples, the lanes filling
		for _, a := range apps {
			a.ticks0 = treeTicks(a.cmd.Process.Pid)
		}
		time.Sleep(time.Duration(seconds) * time.Second)
		for _, a := range apps {
			a.ticks = treeTicks(a.cmd.Process.Pid) - a.ticks0
		}
		procs, cores := apps[0], apps[1]
		ratio := float64(cores.ticks) / float64(max(procs.ticks, 1))
		fmt.Printf("%s, 1920x1080, %d s: processes tab %.1f%% of a core, cores tab %.1f%%: cores/processes %.2f (target <= 2.0)\n",
			mode, seconds, float64(procs.ticks)/float64(seconds), float64(cores.ticks)/float64(seconds), ratio)
		if ratio > 2 {
			t.Errorf("%s: the Cores tab costs %.2fx the Processes tab, target 2.0", mode, ratio)
		}
		for _, a := range apps {
			guiStop(a.cmd, 5*time.Second)
		}
	}
}
