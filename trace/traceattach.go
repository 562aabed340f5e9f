package trace

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/task"
)

// Attach attaches to the running process pid and traces all its threads, and the threads
// and children they start from now on (the events are inherited), until Stop. The process is
// left alone when the trace stops. Threads are attached one by one, and the list is read again
// until no new one appears, so a thread started during the attach by a thread not yet traced is
// still caught; the trace begins once all are attached. It returns an error matching
// ErrPerfRefused when the kernel refuses (another user's process, perf_event_paranoid), and
// one matching task.ErrGone when there is no such process.
func Attach(pid int, opts Options) (*Tracer, error) {
	if pid <= 0 {
		return nil, fmt.Errorf("trace: pid %d: %w", pid, task.ErrGone)
	}
	pages, err := opts.ringPages()
	if err != nil {
		return nil, err
	}
	cpus, err := task.OnlineCPUs()
	if err != nil {
		return nil, err
	}
	t := &Tracer{}
	names := map[int]string{}
	for round := 0; ; round++ {
		tids, err := task.Threads(pid)
		if err != nil {
			t.closeAll()
			return nil, err
		}
		added := 0
		for _, tid := range tids {
			if _, done := names[tid]; done {
				continue
			}
			err := t.openSwitchEvents(tid, cpus, pages, opts, false)
			if errors.Is(err, unix.ESRCH) {
				names[tid] = "" // ended meanwhile
				continue
			}
			if err != nil {
				t.closeAll()
				return nil, err
			}
			names[tid] = readComm(pid, tid)
			added++
		}
		if added == 0 {
			break
		}
		if round > 100 {
			t.closeAll()
			return nil, fmt.Errorf("trace: pid %d keeps starting threads faster than they can be attached", pid)
		}
	}
	if len(t.rings) == 0 {
		return nil, fmt.Errorf("trace: pid %d: %w", pid, task.ErrGone)
	}
	t.b = newTraceBuilder(SourcePerf, monoNow(), cpus[len(cpus)-1]+1)
	for tid, name := range names {
		if name == "" {
			continue
		}
		t.b.thread(pid, tid).name = name
	}
	t.b.process(pid).name = names[pid]
	if err := t.startReader(); err != nil {
		t.closeAll()
		return nil, err
	}
	return t, nil
}

// readComm reads the name of thread tid of process pid ("" when it ended).
func readComm(pid, tid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/comm", pid, tid))
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(b), "\n")
}
