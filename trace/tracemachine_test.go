package trace

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/proctest"
	"github.com/taskscope/taskscope/trace/internal/perf"
)

// needMachine skips (fails in CI) a test that needs a whole-machine trace.
func needMachine(t testing.TB) {
	t.Helper()
	if err := ProbeMachine(Options{}); err != nil {
		if inCI() {
			t.Fatal("whole-machine tracing is not permitted here: ", err)
		}
		t.Skip("whole-machine tracing is not permitted here: ", err)
	}
}

// openFDs counts this process's open file descriptors.
func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

// TestTraceMachineSeesPinnedThreads traces the whole machine while a workload of its own hands a
// token between two named threads pinned to one core: both appear by name, running on that
// core; and stopping the trace closes every perf fd it opened.
func TestTraceMachineSeesPinnedThreads(t *testing.T) {
	needMachine(t)
	before := openFDs(t)
	tr, err := Machine(Options{Keep: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if during := openFDs(t); during <= before {
		t.Errorf("fds while tracing %d, before %d: the trace holds none?", during, before)
	}
	argv, env, err := proctest.TraceWorkload(proctest.ModeTokens, "TOKEN_SECONDS=1", "GODEBUG=asyncpreemptoff=1")
	if err != nil {
		tr.Stop()
		t.Fatal(err)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	runErr := cmd.Run()
	time.Sleep(250 * time.Millisecond) // the last records reach the reader
	res := tr.Stop()
	if runErr != nil {
		t.Fatalf("workload: %v", runErr)
	}
	if after := openFDs(t); after != before {
		t.Errorf("open fds: %d before the trace, %d after Stop", before, after)
	}
	lines := bytes.Split(bytes.TrimSpace(out.Bytes()), []byte("\n"))
	var rep proctest.TokenReport
	if err := json.Unmarshal(lines[len(lines)-1], &rep); err != nil {
		t.Fatalf("report %q: %v", out.String(), err)
	}
	if res.Source != SourceTracepoint {
		t.Fatalf("source %q, want tracepoint", res.Source)
	}
	for name, tid := range rep.TIDs {
		th := res.Thread(tid)
		if th == nil {
			t.Errorf("thread %s (%d) not in the whole-machine trace", name, tid)
			continue
		}
		if th.Name != name {
			t.Errorf("thread %d named %q, want %q", tid, th.Name, name)
		}
		on, off := 0, 0
		for _, r := range th.Runs {
			if r.Start < rep.PinnedNS {
				continue
			}
			if r.Core == rep.Core {
				on++
			} else {
				off++
			}
		}
		if on == 0 || off > 0 {
			t.Errorf("thread %s: %d runs on its core %d after pinning, %d elsewhere", name, on, rep.Core, off)
		}
	}
	t.Logf("whole machine: %d threads, %d processes, lost %d, %.1f s", len(res.Threads), len(res.Processes), res.Lost, float64(res.EndNS-res.StartNS)/1e9)
}

// TestProbeMachine: as root the probe allows it and leaves no fd open; an injected refusal is
// a PerfRefusedError with a fix.
func TestProbeMachine(t *testing.T) {
	err := ProbeMachine(Options{Refuse: unix.EACCES})
	var pr *PerfRefusedError
	if !errors.Is(err, ErrPerfRefused) || !errors.As(err, &pr) || pr.Fix == "" {
		t.Errorf("injected refusal: %v, want a PerfRefusedError with a fix", err)
	}
	if os.Geteuid() != 0 {
		return
	}
	before := openFDs(t)
	if err := ProbeMachine(Options{}); err != nil {
		t.Errorf("root: %v", err)
	}
	if after := openFDs(t); after != before {
		t.Errorf("probe left %d fds open", after-before)
	}
}

// TestTraceTrimBounded feeds the builder ten simulated minutes of switches among 100 threads,
// at 5,000 a second, trimming to the last minute as the tracer does: what it holds stays near
// one minute's worth, and a trace taken starts no earlier than the minute.
func TestTraceTrimBounded(t *testing.T) {
	b := newTraceBuilder(SourceTracepoint, 0, 2)
	const step = int64(time.Second / 5000)
	keep := int64(time.Minute)
	held := func() int {
		n := 0
		for _, th := range b.threads {
			n += len(th.runs)
		}
		return n
	}
	var most int
	prev := [2]int{0, 0}
	for i := int64(0); i < 10*60*5000; i++ {
		now := i * step
		cpu := int(i % 2)
		next := 1 + int(i%100)
		// Threads come and go: every 10 s a new set of TIDs.
		next += int(now/int64(10*time.Second)) * 1000
		r := perf.Record{Kind: perf.SchedSwitch, CPU: cpu, Time: now, PrevTID: prev[cpu], NextTID: next, NextComm: fmt.Sprint("t", next), PID: prev[cpu]}
		b.apply(&r)
		prev[cpu] = next
		if i%500 == 0 { // ten times a simulated second, as the reader drains
			b.trim(now - keep)
			most = max(most, held())
		}
	}
	perMinute := 60 * 5000
	if most > perMinute*3/2 {
		t.Errorf("held up to %d runs, one minute is %d", most, perMinute)
	}
	// A minute holds six or seven sets of 100 (one set comes every 10 s); ten minutes, 60.
	if len(b.threads) > 702 {
		t.Errorf("%d threads held; those gone for over a minute should be forgotten", len(b.threads))
	}
	tr := b.snapshot(10 * int64(time.Minute))
	if tr.StartNS < 9*int64(time.Minute)-int64(time.Second) {
		t.Errorf("trace starts at %d, want within the last minute", tr.StartNS)
	}
	for _, th := range tr.Threads {
		if len(th.Runs) > 0 && th.Runs[0].End <= tr.StartNS {
			t.Errorf("thread %d keeps a run ending at %d, before the start %d", th.TID, th.Runs[0].End, tr.StartNS)
			break
		}
	}
}
