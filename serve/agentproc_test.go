package serve

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/proctest"
)

// envAgentArgs carries the flags of an agent run in a re-executed test binary, one per line.
const envAgentArgs = "TASKSCOPE_SERVE_TEST_ARGS"

func init() {
	proctest.HandleMode("agent", func() error {
		if code := Main("taskscope", strings.Split(os.Getenv(envAgentArgs), "\n"), os.Stdout, os.Stderr); code != 0 {
			return fmt.Errorf("agent exited with code %d", code)
		}
		return nil
	})
}

// agentProc is an agent running in a process of its own (this test binary re-executed), so
// that its memory and CPU time are its own and not the test's.
type agentProc struct {
	cmd  *exec.Cmd
	URL  string
	Addr string
}

var servingLine = regexp.MustCompile(`serving https?://([0-9.:]+)/metrics`)

// startAgentProc starts an agent process with args (plus --listen 127.0.0.1:0) and waits until
// it serves.
func startAgentProc(t testing.TB, args ...string) *agentProc {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), proctest.HelperEnv("agent"),
		envAgentArgs+"="+strings.Join(append([]string{"--listen", "127.0.0.1:0"}, args...), "\n"))
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	a := &agentProc{cmd: cmd}
	t.Cleanup(a.stop)
	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case line <- sc.Text():
			default:
			}
		}
	}()
	select {
	case l := <-line:
		m := servingLine.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("agent said %q", l)
		}
		a.Addr, a.URL = m[1], "http://"+m[1]
	case <-time.After(30 * time.Second):
		t.Fatal("the agent process did not start serving within 30 s")
	}
	return a
}

// stop ends the agent with SIGTERM, as its service manager would.
func (a *agentProc) stop() {
	if a.cmd.ProcessState != nil {
		return
	}
	a.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { a.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		a.cmd.Process.Kill()
		<-done
	}
}

// rssBytes reads the agent's resident memory from /proc.
func (a *agentProc) rssBytes(t testing.TB) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", a.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			var kb int64
			fmt.Sscan(rest, &kb)
			return kb << 10
		}
	}
	t.Fatal("no VmRSS")
	return 0
}

// cpuTime reads the agent's CPU time (all threads, user plus system) from schedstat, in
// nanoseconds rather than stat's 10 ms ticks.
func (a *agentProc) cpuTime(t testing.TB) time.Duration {
	t.Helper()
	var total time.Duration
	dir := fmt.Sprintf("/proc/%d/task", a.cmd.Process.Pid)
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(dir + "/" + e.Name() + "/schedstat")
		if err != nil {
			continue // a thread that ended
		}
		var ns int64
		fmt.Sscan(string(b), &ns)
		total += time.Duration(ns)
	}
	return total
}
