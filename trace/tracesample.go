package trace

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/taskscope/taskscope/internal/task"
	"github.com/taskscope/taskscope/trace/internal/perf"
)

// sampleEvery is how often the sampled fallback reads /proc.
const sampleEvery = 10 * time.Millisecond

// SampleProgram starts the program p without perf events and follows it by reading the stat
// file of each of its threads (and its children's) every 10 ms: the fallback when perf events
// are refused. Its Traces are labelled SourceSampled, never exact, with reason (the refusal,
// in one line) as their Reason. A thread's "run" is a stretch of samples that found it
// runnable (R: running or waiting for a CPU, /proc does not tell which) on one core.
func SampleProgram(p Program, reason string) (*Tracer, error) {
	path, err := p.path()
	if err != nil {
		return nil, err
	}
	cmd := p.command(path, p.Argv)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("trace: start %s: %w", p.Argv[0], err)
	}
	t, err := sampleTracer(cmd.Process.Pid, reason)
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, err
	}
	t.prog = waitFor(cmd)
	return t, nil
}

// SampleProcess follows the running process pid (and its children) as SampleProgram does.
func SampleProcess(pid int, reason string) (*Tracer, error) {
	if _, err := task.Threads(pid); err != nil {
		return nil, err
	}
	return sampleTracer(pid, reason)
}

// sampleTracer makes a Tracer whose reader samples the process tree under root.
func sampleTracer(root int, reason string) (*Tracer, error) {
	cpus, err := task.OnlineCPUs()
	if err != nil {
		return nil, err
	}
	t := &Tracer{}
	t.b = newTraceBuilder(SourceSampled, monoNow(), cpus[len(cpus)-1]+1)
	t.b.reason = reason
	if t.b.reason == "" {
		t.b.reason = "sampled every 10 ms: switches between samples are not seen"
	}
	s := &procSampler{root: root, seen: map[int]sampledTask{}}
	t.b.tgidOf = s.tgid
	t.sample = s.sample
	t.every = sampleEvery
	if err := t.startReader(); err != nil {
		return nil, err
	}
	return t, nil
}

// sampledTask is what the last sample saw of a thread.
type sampledTask struct {
	pid     int
	state   byte
	core    int
	name    string
	running bool
}

// procSampler reads the process tree and turns what changed into records.
type procSampler struct {
	root int
	seen map[int]sampledTask
	buf  []byte
}

func (s *procSampler) tgid(tid int) int {
	if st, ok := s.seen[tid]; ok {
		return st.pid
	}
	return readTgid(tid)
}

// sample reads every thread of the tree once and appends the records its changes imply.
func (s *procSampler) sample(now int64, out []perf.Record) []perf.Record {
	if s.buf == nil {
		s.buf = make([]byte, 4096)
	}
	_ = now
	found := map[int]bool{}
	pids := []int{s.root}
	for len(pids) > 0 {
		pid := pids[0]
		pids = pids[1:]
		tids, err := task.Threads(pid)
		if err != nil {
			continue
		}
		for _, tid := range tids {
			dir := "/proc/" + strconv.Itoa(pid) + "/task/" + strconv.Itoa(tid)
			b, err := os.ReadFile(dir + "/stat")
			if err != nil {
				continue
			}
			var st task.Stat
			if task.ParseStat(b, &st) != nil {
				continue
			}
			found[tid] = true
			out = s.observe(now, pid, tid, &st, out)
			if kids, err := os.ReadFile(dir + "/children"); err == nil {
				for f := range bytes.FieldsSeq(kids) {
					if c, err := strconv.Atoi(string(f)); err == nil {
						pids = append(pids, c)
					}
				}
			}
		}
	}
	for tid, old := range s.seen {
		if !found[tid] {
			out = append(out, perf.Record{Kind: perf.Exit, PID: old.pid, TID: tid, Time: now, CPU: old.core})
			delete(s.seen, tid)
		}
	}
	return out
}

// observe compares one thread's sample with the last and appends the records for the change.
func (s *procSampler) observe(now int64, pid, tid int, st *task.Stat, out []perf.Record) []perf.Record {
	old, known := s.seen[tid]
	cur := sampledTask{pid: pid, state: st.State, core: st.Processor, name: string(st.Comm), running: st.State == 'R'}
	if !known || old.name != cur.name {
		out = append(out, perf.Record{Kind: perf.Comm, PID: pid, TID: tid, Time: now, CPU: cur.core, Name: cur.name})
	}
	switch {
	case old.running && (!cur.running || old.core != cur.core):
		out = append(out, perf.Record{Kind: perf.SchedSwitch, PID: pid, PrevTID: tid, Time: now, CPU: old.core, PrevState: schedStateOf(cur.state), PrevComm: cur.name})
		if cur.running {
			out = append(out, perf.Record{Kind: perf.SchedSwitch, PID: pid, NextTID: tid, Time: now, CPU: cur.core, NextComm: cur.name})
		}
	case cur.running && !old.running:
		out = append(out, perf.Record{Kind: perf.SchedSwitch, PID: pid, NextTID: tid, Time: now, CPU: cur.core, NextComm: cur.name})
	}
	s.seen[tid] = cur
	return out
}

// schedStateOf turns a stat state letter into the tracepoint's state bits.
func schedStateOf(c byte) int64 {
	switch c {
	case 'R':
		return 0
	case 'D':
		return 2
	case 'T', 't':
		return 4
	case 'Z', 'X':
		return 0x20
	}
	return 1
}
