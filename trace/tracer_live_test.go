package trace

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/proctest"
	"github.com/taskscope/taskscope/internal/task"
	"github.com/taskscope/taskscope/internal/testenv"
)

// TestTraceTokensAlternate checks the exact trace of two threads pinned to one core handing a
// token back and forth, each holding it for 2 ms of CPU: they alternate on that core, in turns
// of about 2 ms, as many as the workload counted.
func TestTraceTokensAlternate(t *testing.T) {
	res, lines := traceWorkload(t, proctest.ModeTokens, "TOKEN_SECONDS=1", "GODEBUG=asyncpreemptoff=1")
	var rep proctest.TokenReport
	if err := json.Unmarshal(lines[len(lines)-1], &rep); err != nil {
		t.Fatalf("report %q: %v", lines, err)
	}
	if !res.Exact || res.Source != SourcePerf || res.Lost != 0 {
		t.Fatalf("trace source %s exact %v lost %d (%s), want exact perf", res.Source, res.Exact, res.Lost, res.Reason)
	}
	a, b := rep.TIDs[proctest.TokenA], rep.TIDs[proctest.TokenB]
	for _, tid := range []int{a, b} {
		th := res.Thread(tid)
		if th == nil {
			t.Fatalf("thread %d not in the trace", tid)
		}
		if th.Name != proctest.TokenA && th.Name != proctest.TokenB {
			t.Errorf("thread %d named %q", tid, th.Name)
		}
		for _, r := range th.Runs {
			if r.Start >= rep.PinnedNS && r.Core != rep.Core {
				t.Errorf("thread %s ran on core %d, pinned to %d", th.Name, r.Core, rep.Core)
				break
			}
		}
	}
	// Each hold ends with the thread blocking in read until the token comes back. Between two
	// blocks the thread either held the token (2 ms of CPU, whatever else ran on the core
	// meanwhile) or was woken for a moment and blocked again (a few microseconds; such wakeups
	// are real and shown, but hold no token). The holds must match the workload's count, last
	// 2 ms of CPU each, and begin A, B, A, B.
	type start struct {
		t   int64
		tid int
	}
	var starts []start
	for _, tid := range []int{a, b} {
		th := res.Thread(tid)
		name := th.Name
		var held []int64
		var cur, from int64
		brief := 0
		for i, r := range th.Runs {
			if i == 0 || th.Runs[i-1].After == StateBlocked {
				from = r.Start
			}
			cur += r.Len()
			if r.After == StateBlocked || i == len(th.Runs)-1 {
				if cur >= 1_000_000 {
					held = append(held, cur)
					starts = append(starts, start{from, tid})
				} else {
					brief++
				}
				cur = 0
			}
		}
		holds := rep.Holds[name]
		m := medianNS(held)
		t.Logf("%s: %d holds counted, %d traced (%d runs, %d preempted, %d brief wakeups), median hold %.3f ms of CPU",
			name, holds, len(held), len(th.Runs), th.Involuntary, brief, float64(m)/1e6)
		if d := len(held) - holds; d < -1-holds/50 || d > 1+holds/50 {
			t.Errorf("%s: %d holds in the trace, the workload counted %d", name, len(held), holds)
		}
		if m < 1_900_000 || m > 2_600_000 {
			t.Errorf("%s: median hold %.3f ms, want about 2 ms", name, float64(m)/1e6)
		}
	}
	slices.SortFunc(starts, func(x, y start) int { return int(x.t - y.t) })
	twice := 0
	for i := 1; i < len(starts); i++ {
		if starts[i].tid == starts[i-1].tid {
			twice++
		}
	}
	if twice > len(starts)/50 {
		t.Errorf("%d of %d holds began right after a hold of the same thread: they do not alternate", twice, len(starts))
	}
}

// TestTraceRhythm checks a thread that runs 5 ms and sleeps 5 ms: its bursts (runs joined
// across preemptions) hold about 5 ms of CPU, and the stretches where it was blocked last about
// 5 ms.
func TestTraceRhythm(t *testing.T) {
	testenv.SkipUnderRace(t, "the rhythm of a timed workload")
	res, lines := traceWorkload(t, proctest.ModeRhythm, "RHYTHM_CYCLES=60")
	var rep proctest.RhythmReport
	if err := json.Unmarshal(lines[len(lines)-1], &rep); err != nil {
		t.Fatalf("report %q: %v", lines, err)
	}
	th := res.Thread(rep.TID)
	if th == nil || th.Name != proctest.RhythmThread {
		t.Fatalf("rhythm thread %d not found by name in the trace: %+v", rep.TID, th)
	}
	var bursts, sleeps []int64
	var cur int64
	for i, r := range th.Runs {
		cur += r.Len()
		if r.After == StateRunnable && i+1 < len(th.Runs) {
			continue // preempted: the burst goes on after
		}
		bursts = append(bursts, cur)
		cur = 0
		if r.After == StateBlocked && i+1 < len(th.Runs) {
			sleeps = append(sleeps, th.Runs[i+1].Start-r.End)
		}
	}
	mb, ms := medianNS(bursts), medianNS(sleeps)
	t.Logf("%d cycles: %d bursts (median %.2f ms), %d sleeps (median %.2f ms)", rep.Cycles, len(bursts), float64(mb)/1e6, len(sleeps), float64(ms)/1e6)
	if len(bursts) < rep.Cycles*9/10 || len(bursts) > rep.Cycles*11/10+2 {
		t.Errorf("%d bursts for %d cycles", len(bursts), rep.Cycles)
	}
	if mb < 4_500_000 || mb > 6_500_000 {
		t.Errorf("median burst %.2f ms, want about 5", float64(mb)/1e6)
	}
	// A 5 ms sleep never ends sooner; it may end later when the woken thread waits for a
	// CPU on a busy machine (the switch records do not say when it was woken).
	if ms < 4_900_000 || ms > 15_000_000 {
		t.Errorf("median sleep %.2f ms, want about 5", float64(ms)/1e6)
	}
}

// TestTraceFamily checks births, exits and names: every thread and child the workload started
// is in the trace under its own name, born and ended inside it, children under the right
// parent.
func TestTraceFamily(t *testing.T) {
	res, lines := traceWorkload(t, proctest.ModeFamily)
	var rep proctest.FamilyReport
	if err := json.Unmarshal(lines[len(lines)-1], &rep); err != nil {
		t.Fatalf("report %q: %v", lines, err)
	}
	check := func(tid int, name string) {
		th := res.Thread(tid)
		switch {
		case th == nil:
			t.Errorf("%s (%d) is not in the trace", name, tid)
		case th.Name != name:
			t.Errorf("thread %d named %q, want %q", tid, th.Name, name)
		case th.Born == 0 || th.Ended == 0 || th.Born < res.StartNS || th.Ended < th.Born || th.Ended > res.EndNS:
			t.Errorf("%s: born %d ended %d, trace %d..%d", name, th.Born, th.Ended, res.StartNS, res.EndNS)
		case len(th.Runs) == 0 || th.Runs[len(th.Runs)-1].After != StateDead:
			t.Errorf("%s: runs %v, want the last to end in death", name, th.Runs)
		}
	}
	for name, tid := range rep.Threads {
		check(tid, name)
	}
	for name, pid := range rep.Children {
		check(pid, name)
		check(rep.ChildThreads[name], proctest.FamilyChildThread)
		var proc *Process
		for i := range res.Processes {
			if res.Processes[i].PID == pid {
				proc = &res.Processes[i]
			}
		}
		if proc == nil || proc.PPID != rep.PID || proc.Name != name || proc.Born == 0 || proc.Ended == 0 {
			t.Errorf("child process %s: %+v, want parent %d, born and ended", name, proc, rep.PID)
		}
	}
	if len(rep.Threads) != proctest.FamilyThreads || len(rep.Children) != proctest.FamilyChildren {
		t.Fatalf("workload reported %v", rep)
	}
}

// TestTraceAttach attaches to a running workload (all its threads) and sees its named threads.
func TestTraceAttach(t *testing.T) {
	needPerf(t)
	h, err := proctest.StartWorkload()
	if err != nil {
		t.Fatal(err)
	}
	defer h.Stop()
	busyTID := h.Threads[proctest.BusyThread]
	steal0 := coreStealNS(t, 0)
	t0 := monoNow()
	r0, err := proctest.RunTime(h.PID, busyTID)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Attach(h.PID, Options{})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	live := tr.Trace()
	res := tr.Stop()
	r1, err := proctest.RunTime(h.PID, busyTID)
	t1 := monoNow()
	if err != nil {
		t.Fatal(err)
	}
	steal := coreStealNS(t, 0) - steal0
	if !res.Exact || live.EndNS > res.EndNS || live.StartNS != res.StartNS {
		t.Errorf("exact %v (%s); live trace %d..%d, final %d..%d", res.Exact, res.Reason, live.StartNS, live.EndNS, res.StartNS, res.EndNS)
	}
	busy := res.Thread(busyTID)
	if busy == nil || busy.Name != proctest.BusyThread || busy.Process != proctest.WorkloadName {
		t.Fatalf("busy thread: %+v", busy)
	}
	// Its run time in the trace agrees with the scheduler's own count (schedstat), read just
	// outside the trace: no more than that, and no less than that minus the time outside.
	kernel := int64(r1 - r0)
	outside := (res.StartNS - t0) + (t1 - res.EndNS)
	t.Logf("busy thread: %.2f ms traced, %.2f ms by schedstat over a window %.2f ms longer", float64(busy.RunNS)/1e6, float64(kernel)/1e6, float64(outside)/1e6)
	// schedstat of a running task is brought up to date at each tick (4 ms at HZ=250), so the
	// second reading may lag by a tick; on a virtual machine a tick can itself come late (seen:
	// 5.6 ms over, with no steal counted), so two ticks are allowed. Time the host took core 0
	// away (steal) counts in the trace's stretches, whose ends are timestamps, but not in
	// schedstat, which counts what the guest ran.
	const tick = 4_000_000
	t.Logf("core 0 steal time over the window: %.2f ms", float64(steal)/1e6)
	if busy.RunNS > kernel+2*tick+steal || busy.RunNS < kernel-outside-2*tick {
		t.Errorf("busy thread ran %d ns in the trace; schedstat says %d over a window %d ns longer", busy.RunNS, kernel, outside)
	}
	if busy.CoreShare(0) < 0.999 {
		t.Errorf("busy thread, pinned to core 0, ran %.1f%% there", busy.CoreShare(0)*100)
	}
	if _, err := Attach(1<<22+1, Options{}); !errors.Is(err, task.ErrGone) {
		t.Errorf("attach to a PID that cannot exist: %v, want task.ErrGone", err)
	}
}

// TestTraceRefusedInjected takes the refusal path: the error matches ErrPerfRefused, says how
// to allow perf events, and the fallback's trace says "sampled".
func TestTraceRefusedInjected(t *testing.T) {
	for _, errno := range []unix.Errno{unix.EACCES, unix.EPERM} {
		_, err := Start(Program{Argv: []string{"/bin/true"}}, Options{Refuse: errno})
		var pr *PerfRefusedError
		if !errors.Is(err, ErrPerfRefused) || !errors.As(err, &pr) || !errors.Is(err, errno) {
			t.Fatalf("refused with %v: got %v", errno, err)
		}
		if pr.Fix == "" || bytes.ContainsRune([]byte(err.Error()), '\n') {
			t.Errorf("refusal %q: want one line with a fix", err)
		}
		tr, err := SampleProgram(Program{Argv: []string{"/bin/sleep", "0.05"}}, err.Error())
		if err != nil {
			t.Fatal(err)
		}
		<-tr.Exited()
		res := tr.Stop()
		if res.Source != SourceSampled || res.Exact || res.Reason != pr.Error() || len(res.Threads) != 1 {
			t.Errorf("fallback trace: source %q exact %v reason %q threads %d", res.Source, res.Exact, res.Reason, len(res.Threads))
		}
	}
}

// TestTraceLiveGrows checks the live API: Traces taken while the program runs are immutable
// and each later one extends the one before.
func TestTraceLiveGrows(t *testing.T) {
	needPerf(t)
	argv, env, err := proctest.TraceWorkload(proctest.ModeTokens, "TOKEN_SECONDS=1")
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	tr, err := Start(Program{Argv: argv, Env: env, Stdout: pw}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Kill()
	var ready proctest.TokenReport
	if err := json.NewDecoder(bufio.NewReader(pr)).Decode(&ready); err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, pr)
	a := ready.TIDs[proctest.TokenA]
	var prev *Trace
	var prevRuns []Run
	for range 8 {
		time.Sleep(100 * time.Millisecond)
		cur := tr.Trace()
		th := cur.Thread(a)
		if prev != nil && th != nil {
			if cur.EndNS < prev.EndNS {
				t.Fatalf("live trace went back: %d after %d", cur.EndNS, prev.EndNS)
			}
			// The earlier trace's closed runs are unchanged, and the later one begins with them.
			n := len(prevRuns)
			if len(prev.Thread(a).Runs) < n || len(th.Runs) < n-1 || !slices.Equal(prev.Thread(a).Runs[:n-1], th.Runs[:n-1]) {
				t.Fatalf("runs changed between live traces")
			}
		}
		if th != nil {
			prevRuns = slices.Clone(th.Runs)
		}
		prev = cur
	}
	<-tr.Exited()
	pw.Close()
	final := tr.Stop()
	if th := final.Thread(a); th == nil || len(th.Runs) < len(prevRuns) {
		t.Fatalf("final trace has fewer runs than a live one")
	}
}

// TestTraceStopRacesTrace calls Trace from several goroutines while Stop unmaps the rings:
// every call returns a trace (the race detector watches the rest), none reads a ring after it
// is gone.
func TestTraceStopRacesTrace(t *testing.T) {
	needPerf(t)
	for range 5 {
		tr, err := Start(Program{Argv: []string{"/bin/sleep", "0.2"}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		for range 4 {
			go func() {
				defer func() { done <- struct{}{} }()
				for range 50 {
					if tr.Trace() == nil {
						t.Error("nil trace")
					}
				}
			}()
		}
		time.Sleep(5 * time.Millisecond)
		tr.Stop()
		for range 4 {
			<-done
		}
		tr.Kill()
		<-tr.Exited()
	}
}
