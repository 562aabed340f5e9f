package record

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/internal/proctest"
)

// TestLiveRoundTrip records a workload the test starts (named threads pinned to known cores, a
// child process) through the real sampler, and replays chosen moments: each equals the sample
// that was live then, and the workload's threads are there with their names and cores.
func TestLiveRoundTrip(t *testing.T) {
	h, err := proctest.StartWorkload()
	if err != nil {
		t.Fatal(err)
	}
	defer h.Stop()
	s, err := inspect.NewSampler("/proc")
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.Sample()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "live.tsrec")
	w, err := Create(path, first.Host, first.BootTime, Options{Interval: 200 * time.Millisecond, KeyframeEvery: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var live []*inspect.Snapshot
	for range 12 {
		time.Sleep(200 * time.Millisecond)
		snap, err := s.Sample()
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Append(snap); err != nil {
			t.Fatal(err)
		}
		live = append(live, snap)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Samples() != len(live) || len(r.Problems()) > 0 {
		t.Fatalf("%d samples, problems %q", r.Samples(), r.Problems())
	}
	for _, i := range []int{11, 0, 5, 6, 3, 10} {
		// Wall-clock times, as the file keeps them: Sub would use the monotonic readings.
		got, err := r.At(live[i].Taken.Round(0).Sub(live[0].Taken.Round(0)))
		if err != nil {
			t.Fatal(err)
		}
		sameSample(t, "live", live[i], got)
		p, ok := got.Find(h.PID)
		if !ok || p.Name != proctest.WorkloadName {
			t.Fatalf("sample %d: the workload (PID %d) is missing or misnamed", i, h.PID)
		}
		if _, ok := got.Find(h.Child); !ok {
			t.Fatalf("sample %d: the workload's child %d is missing", i, h.Child)
		}
		for name, tid := range h.Threads {
			found := false
			for _, th := range p.Threads {
				if th.TID == tid {
					found = th.Name == name
					if name == proctest.BusyThread && th.Core != 0 {
						t.Fatalf("sample %d: %s is pinned to core 0 but replays on core %d", i, name, th.Core)
					}
				}
			}
			if !found {
				t.Fatalf("sample %d: thread %s (TID %d) missing from the replay", i, name, tid)
			}
		}
	}
}

// TestCommands runs record, replay and export as the command line does, on a workload, and
// checks what each prints and exits with.
func TestCommands(t *testing.T) {
	h, err := proctest.StartWorkload()
	if err != nil {
		t.Fatal(err)
	}
	defer h.Stop()
	dir := t.TempDir()
	rec := filepath.Join(dir, "w.tsrec")
	var out, errb bytes.Buffer
	code := RecordMain("taskscope", []string{"--duration", "1500ms", "--interval", "250ms", "--filter", proctest.WorkloadName, "-o", rec}, &out, &errb)
	if code != 0 || !strings.Contains(errb.String(), "samples over") {
		t.Fatalf("record: exit %d, stderr %q", code, errb.String())
	}
	out.Reset()
	errb.Reset()
	if code := ReplayMain([]string{rec, "--at", "1s", "--json"}, &out, &errb); code != 0 {
		t.Fatalf("replay: exit %d, stderr %q", code, errb.String())
	}
	var doc struct {
		Processes []struct {
			PID     int    `json:"pid"`
			Name    string `json:"name"`
			Threads []struct {
				Name string `json:"name"`
				Core int    `json:"core"`
			} `json:"threads"`
		} `json:"processes"`
		Cores []struct{} `json:"cores"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("replay --json is not JSON: %v\n%s", err, out.String())
	}
	names := map[string]int{}
	for _, p := range doc.Processes {
		if p.PID == h.PID {
			for _, th := range p.Threads {
				names[th.Name] = th.Core
			}
		}
	}
	if core, ok := names[proctest.BusyThread]; !ok || core != 0 {
		t.Fatalf("replay lacks %s on core 0: %v", proctest.BusyThread, names)
	}
	if _, ok := names[proctest.SleepThread]; !ok || len(doc.Cores) == 0 {
		t.Fatalf("replay lacks %s or the cores: %v", proctest.SleepThread, names)
	}
	out.Reset()
	if code := ReplayMain([]string{"--at", "500ms", rec}, &out, &errb); code != 0 || !strings.Contains(out.String(), proctest.BusyThread) {
		t.Fatalf("replay as a table: exit %d\n%s", code, out.String())
	}
	js := filepath.Join(dir, "w.json")
	if code := ExportMain([]string{rec, "-o", js}, &out, &errb); code != 0 {
		t.Fatalf("export: exit %d, %s", code, errb.String())
	}
	b, err := os.ReadFile(js)
	if err != nil || !json.Valid(b) || !bytes.Contains(b, []byte(`"`+proctest.BusyThread+`"`)) {
		t.Fatalf("export: %v, valid %v", err, json.Valid(b))
	}
}

// TestCommandErrors: bad flags give the usage and exit 2; a bad file one clear line and exit 1.
func TestCommandErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage")
	os.WriteFile(garbage, []byte("this is not a recording at all"), 0o644)
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, nil, 0o644)
	cases := []struct {
		main func([]string, *bytes.Buffer, *bytes.Buffer) int
		args []string
		code int
		says string
	}{
		{rec, []string{"--interval", "1ms", "-o", "x"}, 2, "out of range"},
		{rec, []string{"--duration", "1s"}, 2, "-o FILE is required"},
		{rec, []string{"--bogus"}, 2, "usage: taskscope record"},
		{rec, []string{"-o", filepath.Join(dir, "no", "such", "dir.tsrec"), "--duration", "10ms"}, 1, "no such file"},
		{replay, []string{}, 2, "no recording named"},
		{replay, []string{garbage, "--at", "x"}, 2, "invalid value"},
		{replay, []string{garbage, "--at", "-1s"}, 2, "negative"},
		{replay, []string{garbage}, 1, "not a Taskscope recording"},
		{replay, []string{empty, "--json"}, 1, "empty"},
		{replay, []string{filepath.Join(dir, "missing")}, 1, "no such file"},
		{export, []string{garbage}, 2, "-o OUT.json is required"},
		{export, []string{garbage, "-o", filepath.Join(dir, "o.json")}, 1, "not a Taskscope recording"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := c.main(c.args, &out, &errb)
		if code != c.code || !strings.Contains(errb.String(), c.says) {
			t.Errorf("%v: exit %d, stderr %q; want %d saying %q", c.args, code, errb.String(), c.code, c.says)
		}
		if c.code == 1 && strings.Count(strings.TrimSpace(errb.String()), "\n") > 0 {
			t.Errorf("%v: a bad file should give one line, got %q", c.args, errb.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "o.json")); err == nil {
		t.Error("a failed export left its output file")
	}
}

func rec(a []string, o, e *bytes.Buffer) int    { return RecordMain("taskscope", a, o, e) }
func replay(a []string, o, e *bytes.Buffer) int { return ReplayMain(a, o, e) }
func export(a []string, o, e *bytes.Buffer) int { return ExportMain(a, o, e) }

// startRecorder runs `taskscope record` in a process of its own, writing to path.
func startRecorder(t *testing.T, path string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), proctest.HelperEnv("record-main"),
		envRecordArgs+"="+strings.Join([]string{"--interval", "200ms", "-o", path}, "\x1f"))
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait for a few chunks on disk.
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if st, err := os.Stat(path); err == nil && st.Size() > 0 {
			if r, err := Open(path); err == nil {
				n := r.Samples()
				r.Close()
				if n >= 8 {
					return cmd
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	t.Fatal("the recorder wrote no samples within 30 s")
	return nil
}

// TestSignals: SIGINT and SIGTERM end a recording cleanly (exit 0, an index); SIGKILL leaves a
// file that replays up to at most about a second before the kill.
func TestSignals(t *testing.T) {
	dir := t.TempDir()
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		path := filepath.Join(dir, sig.String()+".tsrec")
		cmd := startRecorder(t, path)
		cmd.Process.Signal(sig)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("%v: the recorder exited with %v", sig, err)
		}
		r, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Indexed() || len(r.Problems()) > 0 {
			t.Fatalf("%v: the file was not closed properly: %q", sig, r.Problems())
		}
		r.Close()
	}
	path := filepath.Join(dir, "killed.tsrec")
	cmd := startRecorder(t, path)
	time.Sleep(time.Second)
	killed := time.Now()
	cmd.Process.Kill()
	cmd.Wait()
	r, err := Open(path)
	if err != nil {
		t.Fatalf("a killed recording does not open: %v", err)
	}
	defer r.Close()
	last, err := r.At(time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	// A chunk covers a second; allow the sampling interval and a loaded machine's lag on top.
	if lost := killed.Sub(last.Taken); lost > 2*time.Second {
		t.Fatalf("the killed recording ends %v before the kill; a crash should lose about a second", lost)
	}
	if r.Indexed() || len(r.Problems()) == 0 {
		t.Fatal("a killed recording should say it was not closed properly")
	}
}
