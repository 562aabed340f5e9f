package trace

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/proctest"
	"github.com/taskscope/taskscope/internal/task"
	"github.com/taskscope/taskscope/internal/testenv"
	"github.com/taskscope/taskscope/trace/internal/perf"
)

// needPerf runs the test when this machine allows perf events on our own threads; otherwise it
// checks the refusal the user sees (why, and the command that allows it) and ends the test
// through testenv.Missing (a skip recorded for the summary, a failure under CI).
func needPerf(t testing.TB) {
	t.Helper()
	attr := perf.SwitchAttr(4096, false)
	fd, err := unix.PerfEventOpen(attr, 0, -1, -1, unix.PERF_FLAG_FD_CLOEXEC)
	if err == nil {
		unix.Close(fd)
		return
	}
	needAllowed(t, "perf events", refused(err, os.Getpid()))
}

// needAllowed checks a refusal as the user sees it and ends the test through testenv.Missing.
func needAllowed(t testing.TB, what string, err error) {
	t.Helper()
	var pr *PerfRefusedError
	if !errors.As(err, &pr) {
		testenv.Missing(t, what, err.Error(), "")
		return
	}
	testenv.CheckRefusal(t, pr.Reason, pr.Fix)
	testenv.Missing(t, what, pr.Reason, pr.Fix)
}

// traceWorkload starts an proctest workload under the exact tracer, waits for it to end and
// returns the trace and the JSON lines it printed.
func traceWorkload(t *testing.T, mode string, env ...string) (*Trace, [][]byte) {
	t.Helper()
	needPerf(t)
	argv, envv, err := proctest.TraceWorkload(mode, env...)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	tr, err := Start(Program{Argv: argv, Env: envv, Stdout: &out, Stderr: os.Stderr}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-tr.Exited():
	case <-time.After(30 * time.Second):
		tr.Kill()
		t.Fatal("workload did not end within 30s")
	}
	res := tr.Stop()
	if tr.ExitCode() != 0 {
		t.Fatalf("workload %s", tr.ExitStatus())
	}
	return res, bytes.Split(bytes.TrimSpace(out.Bytes()), []byte("\n"))
}

func medianNS(xs []int64) int64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// coreStealNS is the steal time of one CPU so far, from /proc/stat (USER_HZ ticks, as ns): the
// time a hypervisor ran something else while this virtual CPU wanted to run.
func coreStealNS(t *testing.T, core int) int64 {
	t.Helper()
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		t.Fatal(err)
	}
	prefix := "cpu" + strconv.Itoa(core) + " "
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); strings.HasPrefix(line, prefix) && len(f) > 8 {
			ticks, err := strconv.ParseInt(f[8], 10, 64)
			if err != nil {
				t.Fatalf("/proc/stat %s: %v", f[0], err)
			}
			return ticks * (1e9 / task.UserHZ)
		}
	}
	t.Fatalf("/proc/stat has no line for cpu%d", core)
	return 0
}
