package trace

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/taskscope/taskscope/internal/proctest"
	"github.com/taskscope/taskscope/trace/internal/perf"
)

// modeTraceUnprivileged is the helper mode that tries the tracer as whoever runs it.
const modeTraceUnprivileged = "trace-unprivileged"

func init() {
	proctest.HandleMode(modeTraceUnprivileged, runTraceUnprivileged)
}

// unprivReport is what the helper saw.
type unprivReport struct {
	UID        int      `json:"uid"`
	Paranoid   int      `json:"paranoid"`
	OwnErr     string   `json:"own_err"`
	OwnSource  string   `json:"own_source"`
	OwnExact   bool     `json:"own_exact"`
	OwnNames   []string `json:"own_names"`
	OwnRuns    int      `json:"own_runs"`
	AttachErr  string   `json:"attach_err"`
	AttachIs   bool     `json:"attach_refused"`
	NotOwner   bool     `json:"attach_not_owner"`
	MachineErr string   `json:"machine_err"`
	MachineIs  bool     `json:"machine_refused"`
	ProbeErr   string   `json:"probe_err"`
	ProbeIs    bool     `json:"probe_refused"`
}

// runTraceUnprivileged traces a program of its own, then tries to attach to PID 1 (root's),
// to trace the whole machine, and to pin PID 1, and reports each outcome.
func runTraceUnprivileged() error {
	rep := unprivReport{UID: os.Getuid()}
	rep.Paranoid, _ = perf.ReadParanoid()
	tr, err := Start(Program{Argv: []string{"/bin/sh", "-c", "/bin/sleep 0.05; /bin/true"}}, Options{})
	if err != nil {
		rep.OwnErr = err.Error()
	} else {
		<-tr.Exited()
		res := tr.Stop()
		rep.OwnSource, rep.OwnExact = res.Source, res.Exact
		for _, th := range res.Threads {
			rep.OwnNames = append(rep.OwnNames, th.Name)
			rep.OwnRuns += len(th.Runs)
		}
	}
	_, err = Attach(1, Options{})
	if err != nil {
		var pr *PerfRefusedError
		rep.AttachErr, rep.AttachIs = err.Error(), errors.Is(err, ErrPerfRefused)
		rep.NotOwner = errors.As(err, &pr) && pr.NotOwner
	}
	if tr, err := Machine(Options{}); err != nil {
		rep.MachineErr, rep.MachineIs = err.Error(), errors.Is(err, ErrPerfRefused)
	} else {
		tr.Stop()
	}
	if err := ProbeMachine(Options{}); err != nil {
		rep.ProbeErr, rep.ProbeIs = err.Error(), errors.Is(err, ErrPerfRefused)
	}
	return json.NewEncoder(os.Stdout).Encode(rep)
}

// TestTraceUnprivileged runs the tracer as the user nobody (through setpriv, as a user would
// start it), with the machine's perf_event_paranoid: its own program is traced exactly, and
// root's PID 1 is refused, with a clear reason, for tracing (pinning is checked by inspect's TestUnprivilegedLiveProc).
func TestTraceUnprivileged(t *testing.T) {
	needPerf(t)
	var cmd *exec.Cmd
	if os.Getuid() == 0 {
		setpriv, err := exec.LookPath("setpriv")
		if err != nil {
			t.Fatal("setpriv (util-linux) is needed to run the helper as nobody")
		}
		cmd = exec.Command(setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", proctest.PublicBinary(t), "-test.run=^$")
	} else {
		self, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		cmd = exec.Command(self, "-test.run=^$")
	}
	cmd.Dir = "/"
	cmd.Env = append(os.Environ(), proctest.HelperEnv(modeTraceUnprivileged))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("helper: %v\n%s", err, stderr.String())
	}
	var rep unprivReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("helper said %q: %v", out, err)
	}
	t.Logf("as uid %d (paranoid %d): own program %s exact=%v threads %v runs %d; attach to 1: %s; machine: %s",
		rep.UID, rep.Paranoid, rep.OwnSource, rep.OwnExact, rep.OwnNames, rep.OwnRuns, rep.AttachErr, rep.MachineErr)
	if rep.UID == 0 {
		t.Fatal("the helper ran as root")
	}
	if rep.Paranoid > 2 {
		if !strings.Contains(rep.OwnErr, "sysctl kernel.perf_event_paranoid=2") {
			t.Errorf("paranoid %d: own program error %q, want the sysctl fix", rep.Paranoid, rep.OwnErr)
		}
		return
	}
	if rep.OwnErr != "" || rep.OwnSource != SourcePerf || !rep.OwnExact || rep.OwnRuns == 0 {
		t.Errorf("own program: err %q source %q exact %v runs %d, want an exact perf trace", rep.OwnErr, rep.OwnSource, rep.OwnExact, rep.OwnRuns)
	}
	for _, want := range []string{"sh", "sleep", "true"} {
		found := false
		for _, n := range rep.OwnNames {
			found = found || n == want
		}
		if !found {
			t.Errorf("own program: no thread named %q in %v", want, rep.OwnNames)
		}
	}
	if !rep.AttachIs || !rep.NotOwner || !strings.Contains(rep.AttachErr, "another user") || strings.Contains(rep.AttachErr, "\n") {
		t.Errorf("attach to root's PID 1: %q (refused %v, not owner %v), want one line saying it is another user's", rep.AttachErr, rep.AttachIs, rep.NotOwner)
	}
	if !rep.MachineIs || !strings.Contains(rep.MachineErr, "root") {
		t.Errorf("whole machine as nobody: %q, want refused, saying root is needed", rep.MachineErr)
	}
	// The Cores tab's probe agrees with the tracer, and names a command that allows it.
	if !rep.ProbeIs || !strings.Contains(rep.ProbeErr, "root") || !strings.Contains(rep.ProbeErr, "setcap cap_perfmon,cap_dac_read_search+ep") && !strings.Contains(rep.ProbeErr, "as root") {
		t.Errorf("probe as nobody: %q, want not permitted, with the command that allows it", rep.ProbeErr)
	}
}

// TestTraceMachineWithCaps gives a copy of the helper the capabilities the refusal's fix names
// (what `make perf-access` sets) and runs it as nobody: the probe and the whole-machine trace
// are then permitted. CAP_PERFMON alone is not enough: tracefs, where the tracepoint's id is
// read, is root's alone.
func TestTraceMachineWithCaps(t *testing.T) {
	proctest.NeedRoot(t)
	needMachine(t)
	setcap, err := exec.LookPath("setcap")
	if err != nil {
		t.Fatal("setcap (libcap2-bin) is needed to test the capabilities")
	}
	bin := proctest.PublicBinary(t)
	run := func(caps string) unprivReport {
		if out, err := exec.Command(setcap, caps, bin).CombinedOutput(); err != nil {
			t.Fatalf("setcap %s: %v %s", caps, err, out)
		}
		cmd := exec.Command("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", bin, "-test.run=^$")
		cmd.Dir = "/"
		cmd.Env = append(os.Environ(), proctest.HelperEnv(modeTraceUnprivileged))
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("helper with %s: %v", caps, err)
		}
		var rep unprivReport
		if err := json.Unmarshal(out, &rep); err != nil {
			t.Fatalf("helper said %q: %v", out, err)
		}
		return rep
	}
	if rep := run("cap_perfmon+ep"); !rep.ProbeIs {
		t.Errorf("CAP_PERFMON alone: probe said %q, want refused (tracefs is root's)", rep.ProbeErr)
	}
	if rep := run("cap_perfmon,cap_dac_read_search+ep"); rep.ProbeErr != "" || rep.MachineErr != "" || rep.UID == 0 {
		t.Errorf("as uid %d with the fix's capabilities: probe %q, trace %q; want both permitted", rep.UID, rep.ProbeErr, rep.MachineErr)
	}
}
