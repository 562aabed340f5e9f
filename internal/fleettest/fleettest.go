// Package fleettest builds a fleet for tests and benchmarks: real agents (taskscope-agent
// serve), each in PID, UTS and mount namespaces of its own with a hostname of its own and on
// a loopback port of its own, plus simulated hosts that replay a real agent's current
// exposition under another hostname, all listed in a file for Prometheus's file-based service
// discovery. Namespaces need root: without it a test skips (fails under CI=true).
package fleettest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/testenv"
)

// RequireRoot ends t through testenv unless it runs as root and has unshare (namespaces need
// both): a recorded skip on a desktop, a failure under CI=true.
func RequireRoot(t testing.TB) {
	t.Helper()
	testenv.RequireRoot(t, "a fleet of agents in PID, UTS and mount namespaces of their own (unshare)")
	_, err := exec.LookPath("unshare")
	testenv.Require(t, "unshare (util-linux)", err, "sudo apt-get install util-linux")
}

// BuildAgent builds cmd/taskscope-agent (static, no cgo) into dir and returns its path.
// root is the module's root directory.
func BuildAgent(t testing.TB, root, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "taskscope-agent")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/taskscope-agent")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build taskscope-agent: %v\n%s", err, out)
	}
	return bin
}

// Agent is one real agent in namespaces of its own.
type Agent struct {
	Hostname string
	Addr     string
	cmd      *exec.Cmd
}

// PID is the agent's PID as this machine's PID namespace sees it (the child of unshare).
func (a *Agent) PID() (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", a.cmd.Process.Pid, a.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0, fmt.Errorf("unshare %d has no child", a.cmd.Process.Pid)
	}
	return strconv.Atoi(f[0])
}

// RSS is the agent's resident memory in bytes.
func (a *Agent) RSS() (uint64, error) {
	pid, err := a.PID()
	if err != nil {
		return 0, err
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmRSS for %d", pid)
}

// InNamespace runs a shell script inside the agent's PID and mount namespaces, so that the
// processes it starts are the agent's host's and no other agent's.
func (a *Agent) InNamespace(script string) *exec.Cmd {
	pid, _ := a.PID()
	return exec.Command("nsenter", "--target", strconv.Itoa(pid), "--pid", "--mount", "--uts", "--", "sh", "-c", script)
}

// freePort returns a loopback address nothing listens on just now.
func freePort(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// StartAgents starts n agents named prefix-00, prefix-01, ... with extra agent flags, waits
// until each serves /metrics, and stops them when the test ends.
func StartAgents(t testing.TB, bin, prefix string, n int, extra ...string) []*Agent {
	t.Helper()
	agents := make([]*Agent, n)
	for i := range agents {
		a := &Agent{Hostname: fmt.Sprintf("%s-%02d", prefix, i), Addr: freePort(t)}
		args := append([]string{"serve", "--listen", a.Addr, "--interval", "1s"}, extra...)
		script := fmt.Sprintf("hostname %s && exec %s", a.Hostname, shellQuote(bin, args...))
		a.cmd = exec.Command("unshare", "--pid", "--uts", "--mount", "--fork", "--kill-child", "--mount-proc", "sh", "-c", script)
		a.cmd.Stderr = os.Stderr
		a.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		if err := a.cmd.Start(); err != nil {
			t.Fatalf("unshare: %v", err)
		}
		t.Cleanup(func() { a.cmd.Process.Kill(); a.cmd.Wait() })
		agents[i] = a
	}
	for _, a := range agents {
		deadline := time.Now().Add(20 * time.Second)
		for {
			resp, err := http.Get("http://" + a.Addr + "/metrics")
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == 200 {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("agent %s at %s not serving within 20 s: %v", a.Hostname, a.Addr, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	return agents
}

// shellQuote joins a command for sh -c, each word in single quotes.
func shellQuote(cmd string, args ...string) string {
	words := append([]string{cmd}, args...)
	for i, w := range words {
		words[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(words, " ")
}

// StartSimulated serves n simulated hosts named prefix-000, ..., each on a loopback port of
// its own, answering /metrics with the current exposition of the real agent at addr (fetched
// at most once a second) with its hostname label replaced: the series and values of a real
// agent, at the cost of one HTTP handler instead of one process.
func StartSimulated(t testing.TB, real *Agent, prefix string, n int) []string {
	t.Helper()
	var mu sync.Mutex
	var body []byte
	var fetched time.Time
	current := func() []byte {
		mu.Lock()
		defer mu.Unlock()
		if time.Since(fetched) > time.Second {
			resp, err := http.Get("http://" + real.Addr + "/metrics")
			if err == nil {
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err == nil && resp.StatusCode == 200 {
					body, fetched = b, time.Now()
				}
			}
		}
		return body
	}
	from := []byte(`hostname="` + real.Hostname + `"`)
	addrs := make([]string, n)
	for i := range addrs {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		to := []byte(fmt.Sprintf(`hostname="%s-%03d"`, prefix, i))
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; version=0.0.4")
			w.Write(bytes.Replace(current(), from, to, 1))
		})}
		go srv.Serve(ln)
		t.Cleanup(func() { srv.Close() })
		addrs[i] = ln.Addr().String()
	}
	return addrs
}

// WriteSD writes a file_sd_configs file listing targets (atomically, as Prometheus wants).
func WriteSD(t testing.TB, path string, targets []string) {
	t.Helper()
	b, err := json.Marshal([]map[string]any{{"targets": targets, "labels": map[string]string{"fleet": "bench"}}})
	if err != nil {
		t.Fatal(err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// Addrs lists the agents' addresses.
func Addrs(agents []*Agent) []string {
	out := make([]string, len(agents))
	for i, a := range agents {
		out[i] = a.Addr
	}
	return out
}
