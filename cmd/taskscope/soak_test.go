package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/proctest"
)

// The soak test runs the real window for a long time under load and watches it for leaks. It
// runs only when TASKSCOPE_SOAK holds its duration (`make soak SOAK=10m`).
//
// What the app is asked for, and may or may not do yet (the soak works either way, and says
// which in its log):
//
//   - TASKSCOPE_DEBUG_STATS=<interval>: print "taskscope-stats goroutines=N" on standard error
//     every interval. Without it the goroutine count cannot be read from outside without killing
//     the app (SIGQUIT), and the soak fails.
//   - TASKSCOPE_SOAK_DEMO_LOOP=1 (in a binary built with -tags soak, as soakBinary and make soak
//     build it): launch, crash, reload and relaunch a browser demo through the
//     app's own Demos tab, printing "taskscope-soak demo <what>" lines on standard error. Without
//     them the soak fails: it would exercise no demo.
const (
	envSoak      = "TASKSCOPE_SOAK"
	envSoakBin   = "TASKSCOPE_SOAK_BIN"
	envSoakEvery = "TASKSCOPE_SOAK_EVERY"
	envAppStats  = "TASKSCOPE_DEBUG_STATS"
	envAppLoop   = "TASKSCOPE_SOAK_DEMO_LOOP"
)

// soakReading is one measurement of the app.
type soakReading struct {
	at         time.Duration
	rssKiB     int
	threads    int
	goroutines int // -1 when the app does not report them
}

func TestSoak(t *testing.T) {
	length, err := time.ParseDuration(os.Getenv(envSoak))
	if os.Getenv(envSoak) == "" {
		t.Skip("soak runs only with TASKSCOPE_SOAK=<duration> (make soak)")
	}
	if err != nil || length < 2*time.Minute {
		t.Fatalf("%s=%q: want a duration of at least 2m", envSoak, os.Getenv(envSoak))
	}
	every := time.Minute
	if v := os.Getenv(envSoakEvery); v != "" {
		if every, err = time.ParseDuration(v); err != nil || every <= 0 {
			t.Fatalf("%s=%q: %v", envSoakEvery, v, err)
		}
	}
	bin := soakBinary(t)
	display, _ := guiXvfb(t, "1280x800x24")

	churn, err := proctest.StartChurn(400, 200)
	if err != nil {
		t.Fatal(err)
	}
	defer churn.Stop()

	app := exec.Command(bin)
	app.Env = append(os.Environ(), "DISPLAY="+display, envAppStats+"="+(every/4).String(), envAppLoop+"=1")
	app.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stderr, err := app.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	log := &appLog{}
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	logDone := make(chan struct{})
	go func() { log.read(stderr); close(logDone) }()
	go func() { <-logDone; exited <- app.Wait() }()
	var quitOnce sync.Once
	quitApp := func() {
		quitOnce.Do(func() {
			// SIGTERM closes the window the normal way, which also stops the app's demos.
			app.Process.Signal(syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(15 * time.Second):
				t.Error("app did not quit within 15s of SIGTERM")
				app.Process.Kill()
				<-exited
			}
		})
	}
	defer quitApp()

	// A few seconds over, so the reading due at the very end is still taken.
	ctx, cancel := context.WithTimeout(context.Background(), length+5*time.Second)
	defer cancel()
	loopDone := make(chan error, 1)
	go func() {
		// The app's Demos tab runs the browser loop (TASKSCOPE_SOAK_DEMO_LOOP); its first step
		// comes within a few seconds, or the soak would exercise no demo at all.
		hold(ctx, 10*time.Second)
		if log.count("taskscope-soak demo") == 0 {
			loopDone <- fmt.Errorf("the app printed no %q lines: its demo loop did not run", "taskscope-soak demo")
			return
		}
		<-ctx.Done()
		loopDone <- nil
	}()

	start := time.Now()
	var readings []soakReading
	tick := time.NewTicker(every)
	defer tick.Stop()
	for ctx.Err() == nil {
		select {
		case err := <-exited:
			t.Fatalf("app ended after %v: %v\n%s", time.Since(start).Round(time.Second), err, log.tail())
		case <-ctx.Done():
		case <-tick.C:
			r := soakReading{at: time.Since(start).Round(time.Second), goroutines: log.goroutines()}
			r.rssKiB, r.threads = appStatus(t, app.Process.Pid)
			st := churn.Stats()
			readings = append(readings, r)
			t.Logf("%8v  RSS %7d KiB  threads %3d  goroutines %s  (churn %d processes, %d threads so far)",
				r.at, r.rssKiB, r.threads, goroutineText(r.goroutines), st.Started, st.Threads)
		}
	}
	if err := <-loopDone; err != nil {
		t.Errorf("demo loop: %v", err)
	}
	st, err := churn.Stop()
	if err != nil {
		t.Error(err)
	}
	t.Logf("churn: %.0f processes/s, %.0f threads/s over %.0fs; demo steps run by the app: %d",
		float64(st.Started)/st.Elapsed, float64(st.Threads)/st.Elapsed, st.Elapsed, log.count("taskscope-soak demo"))
	if log.count("panic:")+log.count("fatal error:") > 0 {
		t.Errorf("the app's standard error holds a panic:\n%s", log.tail())
	}
	checkGrowth(t, readings)
	quitApp()
	// The kernel kills the app's demos as the app ends; give it a moment to finish.
	left := demoProcesses(bin)
	for deadline := time.Now().Add(3 * time.Second); len(left) > 0 && time.Now().Before(deadline); left = demoProcesses(bin) {
		time.Sleep(100 * time.Millisecond)
	}
	if len(left) > 0 {
		t.Errorf("demo processes left behind: %v", left)
	}
}

// checkGrowth compares the last reading with the first one taken after a minute (the app has
// built its tables and caches by then): RSS may not grow by more than 10%, goroutines not at all.
func checkGrowth(t *testing.T, rs []soakReading) {
	t.Helper()
	var base *soakReading
	for i := range rs {
		if rs[i].at >= time.Minute-time.Second {
			base = &rs[i]
			break
		}
	}
	if base == nil || base == &rs[len(rs)-1] {
		t.Errorf("%d readings: too few after the first minute to judge growth", len(rs))
		return
	}
	last := rs[len(rs)-1]
	growth := float64(last.rssKiB-base.rssKiB) / float64(base.rssKiB) * 100
	t.Logf("RSS %d KiB at %v, %d KiB at %v: %+.1f%%; threads %d -> %d; goroutines %s -> %s",
		base.rssKiB, base.at, last.rssKiB, last.at, growth, base.threads, last.threads,
		goroutineText(base.goroutines), goroutineText(last.goroutines))
	if growth > 10 {
		t.Errorf("RSS grew %.1f%% after the first minute, limit 10%%", growth)
	}
	switch {
	case base.goroutines < 0 || last.goroutines < 0:
		t.Errorf("goroutines not measured: the app printed no %s lines", envAppStats)
	case last.goroutines > base.goroutines:
		t.Errorf("goroutines grew from %d to %d", base.goroutines, last.goroutines)
	}
}

func goroutineText(n int) string {
	if n < 0 {
		return "n/a"
	}
	return strconv.Itoa(n)
}

// appStatus reads the app's resident memory and thread count from /proc/PID/status.
func appStatus(t *testing.T, pid int) (rssKiB, threads int) {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatalf("app status: %v", err)
	}
	for line := range strings.Lines(string(b)) {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "VmRSS:":
			rssKiB, _ = strconv.Atoi(f[1])
		case "Threads:":
			threads, _ = strconv.Atoi(f[1])
		}
	}
	return rssKiB, threads
}

// soakBinary returns the app binary: TASKSCOPE_SOAK_BIN (make soak builds it first), or a fresh
// build of this command.
func soakBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv(envSoakBin); bin != "" {
		abs, err := filepath.Abs(bin)
		if err != nil {
			t.Fatal(err)
		}
		return abs
	}
	// The app's demo loop is a test switch, built only with -tags soak.
	return guiBuild(t, "soak")
}

// appLog keeps the app's standard error: counts of marker lines, the latest goroutine count
// the app printed, and the last lines to show when something fails.
type appLog struct {
	mu    sync.Mutex
	lines []string
	gor   int
	seen  bool
	// quiet is the last count the app took with no demo running.
	quiet     int
	seenQuiet bool
}

var (
	goroutineLine = regexp.MustCompile(`taskscope-stats goroutines=(\d+)`)
	quiescentLine = regexp.MustCompile(`taskscope-stats quiescent goroutines=(\d+)`)
)

func (l *appLog) read(r interface{ Read([]byte) (int, error) }) {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		l.mu.Lock()
		if m := quiescentLine.FindStringSubmatch(line); m != nil {
			l.quiet, _ = strconv.Atoi(m[1])
			l.seenQuiet = true
		} else if m := goroutineLine.FindStringSubmatch(line); m != nil {
			l.gor, _ = strconv.Atoi(m[1])
			l.seen = true
		}
		l.lines = append(l.lines, line)
		if len(l.lines) > 5000 {
			l.lines = append(l.lines[:0], l.lines[len(l.lines)-2500:]...)
		}
		l.mu.Unlock()
	}
}

// goroutines is the last count the app printed, or -1. Counts taken by the app's demo loop
// when no demo runs come first: a running demo has reader goroutines of its own, so only those
// counts can be compared from one minute to the next without noise.
func (l *appLog) goroutines() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seenQuiet {
		return l.quiet
	}
	if !l.seen {
		return -1
	}
	return l.gor
}

func (l *appLog) count(marker string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, line := range l.lines {
		if strings.Contains(line, marker) {
			n++
		}
	}
	return n
}

func (l *appLog) tail() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b bytes.Buffer
	for _, line := range l.lines[max(0, len(l.lines)-40):] {
		b.WriteString(line + "\n")
	}
	return b.String()
}
