package fleet

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/fleettest"

	"github.com/taskscope/taskscope/internal/promtest"
)

// deadAddr is a loopback address nothing listens on.
func deadAddr(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitUntil polls cond every 200 ms for up to d.
func waitUntil(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(d); !cond(); time.Sleep(200 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
	}
}

// TestFleetFromPrometheus has a real Prometheus scrape two agents and one address where
// nothing listens, then reads the fleet: both agents up with this machine's hostname, cores,
// memory, processes and busiest groups; the dead one down with the reason; the history holds
// values; and the command prints the documented JSON.
func TestFleetFromPrometheus(t *testing.T) {
	a, b, dead := fleettest.InProcessAgent(t), fleettest.InProcessAgent(t), deadAddr(t)
	base := promtest.Start(t, "1s", map[string]promtest.Job{"taskscope": {Targets: []string{a, b, dead}}})
	c, err := New(Options{URL: base})
	if err != nil {
		t.Fatal(err)
	}
	var f Fleet
	waitUntil(t, "three hosts, two with a CPU rate", 30*time.Second, func() bool {
		f, err = c.Load(context.Background(), time.Time{})
		if err != nil || len(f.Hosts) != 3 {
			return false
		}
		n := 0
		for _, h := range f.Hosts {
			if h.Up && h.CPUBusyCores > 0 && len(h.Top) > 0 {
				n++
			}
		}
		return n == 2
	})
	hostname, _ := os.Hostname()
	for _, h := range f.Hosts {
		if h.Instance == dead {
			if h.Up || !strings.Contains(h.Reason, "connection refused") || h.Host != dead {
				t.Errorf("dead target: %+v, want down, reason connection refused, named by its instance", h)
			}
			continue
		}
		if !h.Up || h.Host != hostname || h.Cores != runtime.NumCPU() || h.Processes < 2 ||
			h.MemoryUsedBytes <= 0 || h.MemoryUsedBytes > h.MemoryTotalBytes || h.CPUBusyCores > float64(h.Cores)+0.1 {
			t.Errorf("agent %s: %+v, want up as %s with %d cores, processes, memory within total", h.Instance, h, hostname, runtime.NumCPU())
		}
		if len(h.Top) > TopN {
			t.Errorf("agent %s: %d top groups, want at most %d", h.Instance, len(h.Top), TopN)
		}
		if u, err := AgentURL(h); err != nil || u != "http://"+h.Instance {
			t.Errorf("AgentURL(%s) = %q, %v", h.Instance, u, err)
		}
	}

	hist, err := c.History(context.Background(), Ranges[0], time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	hh := hist.Hosts[HostKey("taskscope", a)]
	if hh == nil || len(hh.CPU.Values) != Points || len(hh.Processes.Values) != Points {
		t.Fatalf("history of %s: %+v", a, hh)
	}
	last := hh.Processes.Values[Points-1]
	if math.IsNaN(last) || last < 2 || !math.IsNaN(hh.Processes.Values[0]) {
		t.Errorf("processes history: last %v (want a count), first %v (want NaN: Prometheus started seconds ago)", last, hh.Processes.Values[0])
	}

	var out, errb bytes.Buffer
	if code := Main("taskscope", []string{"--prometheus", base, "--json"}, &out, &errb); code != 0 {
		t.Fatalf("fleet --json: exit %d: %s", code, errb.String())
	}
	var doc struct {
		Hosts []map[string]json.RawMessage `json:"hosts"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || len(doc.Hosts) != 3 {
		t.Fatalf("fleet --json: %v, %d hosts:\n%s", err, len(doc.Hosts), out.String())
	}
	for _, k := range []string{"host", "instance", "up", "cores", "cpu_busy_cores", "memory_used_bytes", "processes", "top"} {
		if _, ok := doc.Hosts[0][k]; !ok {
			t.Errorf("fleet --json: a host lacks %q", k)
		}
	}
	out.Reset()
	if code := Main("taskscope", []string{"--prometheus", base}, &out, &errb); code != 0 || !strings.Contains(out.String(), "down: connection refused") {
		t.Errorf("fleet table: exit %d:\n%s", code, out.String())
	}
}

// TestMainRefusals: bad flags exit 2 with usage; an unreachable Prometheus exits 1 with one line.
func TestMainRefusals(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{}, 2, "--prometheus URL is required"},
		{[]string{"--prometheus", "ftp://x"}, 2, "want http://HOST:PORT"},
		{[]string{"--prometheus", "http://x:9090", "--ca-file", "/x"}, 2, "--ca-file goes with an https://"},
		{[]string{"--prometheus", "https://x:9090", "--ca-file", "/nonexistent"}, 2, "no such file"},
		{[]string{"--bogus"}, 2, "flag provided but not defined"},
		{[]string{"--prometheus", "http://" + deadAddr(t)}, 1, "connection refused"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := Main("taskscope", c.args, &out, &errb)
		if code != c.code || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, errb.String(), c.code, c.want)
		}
		if c.code == 1 && strings.Count(strings.TrimSpace(errb.String()), "\n") != 0 {
			t.Errorf("%v: want one line, got %q", c.args, errb.String())
		}
	}
	if _, err := New(Options{URL: "http://x", TokenFile: "/nonexistent"}); !errors.Is(err, ErrOptions) {
		t.Errorf("missing token file: %v", err)
	}
	// A token file is sent as a bearer token.
	seen := make(chan string, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case seen <- r.Header.Get("Authorization"):
		default:
		}
		http.Error(w, "no", http.StatusUnauthorized)
	})}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	go srv.Serve(ln)
	defer srv.Close()
	tok := t.TempDir() + "/tok"
	os.WriteFile(tok, []byte("s3cret\n"), 0o600)
	var out, errb bytes.Buffer
	if code := Main("taskscope", []string{"--prometheus", "http://" + ln.Addr().String(), "--token-file", tok}, &out, &errb); code != 1 {
		t.Errorf("Prometheus answering 401: exit %d, want 1 (%s)", code, errb.String())
	}
	if got := <-seen; got != "Bearer s3cret" {
		t.Errorf("Authorization %q, want Bearer s3cret", got)
	}
}
