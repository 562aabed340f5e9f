package demos

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Test-only demos, registered in the test binary so that its re-executed copies run them too.
func init() {
	Register("test-noise", func(s *Session, _ []string) error {
		os.Stdout.WriteString("this is not json\n")
		os.Stdout.WriteString(strings.Repeat("x", MaxLineBytes+10) + "\n")
		os.Stdout.WriteString(`{"no_event":1}` + "\n")
		s.Emit(Event{"event": "ok"})
		return nil
	})
	Register("test-flood", func(s *Session, args []string) error {
		n, _ := strconv.Atoi(args[0])
		for i := range n {
			s.Emit(Event{"event": "tick", "i": i})
		}
		return nil
	})
	Register("test-fail", func(*Session, []string) error { return errors.New("failing on purpose") })
	Register("test-deaf", func(*Session, []string) error {
		// Ignores its input closing, as a hung demo would; only a kill ends it.
		for {
			time.Sleep(time.Hour)
		}
	})
	helperModes["launcher-parent"] = launcherParent
}

func TestLauncherTurnsBadLinesIntoErrors(t *testing.T) {
	w := startDemo(t, NewLauncher(), "test-noise")
	all := w.rest()
	var kinds []string
	for _, e := range all {
		kinds = append(kinds, e.Kind())
	}
	want := "error error error ok exited"
	if strings.Join(kinds, " ") != want {
		t.Fatalf("events %v, want kinds %s", all, want)
	}
	if !strings.Contains(all[1].String("message"), "longer than") {
		t.Errorf("over-long line reported as %q", all[1].String("message"))
	}
	if w.r.ExitReason() != "exited 0" {
		t.Errorf("ExitReason = %q", w.r.ExitReason())
	}
}

func TestLauncherFloodDropsOldestWithoutBlocking(t *testing.T) {
	const n = 5 * eventBuffer
	r, err := NewLauncher().Start("test-flood", strconv.Itoa(n))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	select {
	case <-r.Done(): // ended though nobody read: the demo was never blocked
	case <-time.After(deadline):
		t.Fatal("flooding demo did not end while its events were unread")
	}
	var got []Event
	for e := range r.Events() {
		got = append(got, e)
	}
	if len(got) > eventBuffer {
		t.Errorf("%d events kept, buffer is %d", len(got), eventBuffer)
	}
	last := got[len(got)-1]
	if last.Kind() != "exited" {
		t.Errorf("last event %v, want exited", last)
	}
	if d, _ := last.Int("dropped"); d < n+1-eventBuffer {
		t.Errorf("last event says %d dropped, want at least %d", d, n+1-eventBuffer)
	}
}

func TestLauncherExitReasons(t *testing.T) {
	w := startDemo(t, NewLauncher(), "test-fail")
	rest := w.rest()
	exited := rest[len(rest)-1]
	if w.r.ExitReason() != "exit status 1" || exited.Kind() != "exited" {
		t.Fatalf("ExitReason %q, last event %v", w.r.ExitReason(), exited)
	}
	if c, _ := exited.Int("code"); c != 1 {
		t.Errorf("exited code %v, want 1", exited["code"])
	}

	deaf := startDemo(t, NewLauncher(), "test-deaf")
	start := time.Now()
	if err := deaf.r.Stop(); err != nil {
		t.Fatal(err)
	}
	if got := deaf.r.ExitReason(); got != "killed by SIGKILL" {
		t.Errorf("demo ignoring its input: %q after %v, want killed by SIGKILL", got, time.Since(start))
	}
	if err := deaf.r.Send(Command{Cmd: "quit"}); !errors.Is(err, ErrNotRunning) {
		t.Errorf("Send after Stop: %v, want ErrNotRunning", err)
	}
}

// TestDemoProcessIsNamed checks that a demo's process is named after the demo, so a process
// list shows "test-deaf" where it would otherwise show the name of the binary.
func TestDemoProcessIsNamed(t *testing.T) {
	deaf := startDemo(t, NewLauncher(), "test-deaf")
	defer deaf.r.Stop()
	// The rename comes a moment after the start; the demo does nothing else.
	var comm []byte
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", deaf.r.PID))
		if err != nil {
			t.Fatal(err)
		}
		if comm = bytes.TrimSpace(b); string(comm) == "test-deaf" {
			break
		}
	}
	if string(comm) != "test-deaf" {
		t.Fatalf("demo process is named %q, want test-deaf", comm)
	}
	// The runtime's threads, started before the demo ran, say what they are: none is named
	// after the binary, and none after the demo, as if it did the demo's work.
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", deaf.r.PID))
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range tasks {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/comm", deaf.r.PID, task.Name()))
		name := string(bytes.TrimSpace(b))
		main := task.Name() == strconv.Itoa(deaf.r.PID)
		if err == nil && (main && name != "test-deaf" || !main && name != RuntimeThreadName) {
			t.Errorf("thread %s of the demo is named %q, want test-deaf for the main thread, else %s", task.Name(), name, RuntimeThreadName)
		}
	}
}

// TestDemoHelp checks that a person asking a demo for help gets its flags as text, not an error.
func TestDemoHelp(t *testing.T) {
	for _, demo := range []string{"browser", "cost", "crunch", "editor", "race"} {
		var out, errOut bytes.Buffer
		code := run([]string{demo, "--help"}, strings.NewReader(""), &out, &errOut, nil)
		if code != 0 || out.Len() != 0 || !strings.HasPrefix(errOut.String(), "usage: taskscope demo "+demo) {
			t.Errorf("demo %s --help: exit %d, stdout %q, stderr %q; want exit 0 and the usage on stderr",
				demo, code, out.String(), errOut.String())
		}
	}
	var errOut bytes.Buffer
	run([]string{"crunch", "-h"}, strings.NewReader(""), io.Discard, &errOut, nil)
	if !strings.Contains(errOut.String(), "-workers") {
		t.Errorf("crunch -h lists no -workers flag: %q", errOut.String())
	}
}

func TestLauncherRejectsLimits(t *testing.T) {
	bad := [][]string{
		{"--tabs", "0"}, {"--tabs", "13"}, {"--page-mib", "0"}, {"--page-mib", "257"},
		{"--model", "fibers"}, {"--tabs", "12", "--page-mib", "256"}, {"--tabs", "many"}, {"--colour", "red"},
	}
	l := NewLauncher()
	for _, args := range bad {
		var usage *UsageError
		if _, err := l.Start("browser", args...); !errors.As(err, &usage) {
			t.Errorf("Start(browser %v): %v, want a UsageError", args, err)
		}
		var out bytes.Buffer
		code := run(append([]string{"browser"}, args...), strings.NewReader(""), &out, io.Discard, nil)
		e, err := DecodeEvent(bytes.TrimSpace(out.Bytes()))
		if code != 2 || err != nil || e.Kind() != "error" || e.String("message") == "" {
			t.Errorf("demo browser %v: exit %d, output %q; want exit 2 and one error event", args, code, out.String())
		}
	}
	if _, err := l.Start("no-such-demo"); !errors.Is(err, ErrUnknownDemo) {
		t.Errorf("unknown demo: %v", err)
	}
}

func TestBrowserLimitExitsTwoAsProcess(t *testing.T) {
	cmd, err := SelfCommand("browser", "--tabs", "13")
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.Output()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("exit: %v, want status 2", err)
	}
	e, err := DecodeEvent(bytes.TrimSpace(out))
	if err != nil || e.String("message") != "tabs must be between 1 and 12" {
		t.Fatalf("output %q, want the tabs error event", out)
	}
}

func TestLauncherBudget(t *testing.T) {
	l := NewLauncher()
	l.used = BudgetBytes - 3<<20 // as if other demos held all but 3 MiB
	if _, err := l.Start("browser", "--tabs", "4", "--page-mib", "1"); !errors.Is(err, ErrBudget) {
		t.Fatalf("start over budget: %v, want ErrBudget", err)
	}
	w := startDemo(t, l, "browser", "--tabs", "3", "--page-mib", "1")
	w.alive(1, 2, 3)
	if err := w.r.Send(Command{Cmd: "add"}); !errors.Is(err, ErrBudget) {
		t.Fatalf("add over budget: %v, want ErrBudget", err)
	}
	w.until("the launcher's error event", func(e Event) bool { return e.Kind() == "error" && e.String("source") == "launcher" })
	w.send(Command{Cmd: "close", Tab: 2})
	w.until("tab 2 closed", func(e Event) bool { return e.Kind() == "tab" && e.String("state") == "closed" })
	w.send(Command{Cmd: "add"}) // the closed tab's share is free again
	w.alive(4)
	w.send(Command{Cmd: "quit"})
	w.rest()
	if got := l.UsedBytes(); got != BudgetBytes-3<<20 {
		t.Errorf("after the demo ended the launcher holds %d bytes, want %d", got, BudgetBytes-3<<20)
	}
}

// launcherParent stands for the app: it starts a processes-model browser through a Launcher,
// prints the pids, and waits to be killed.
func launcherParent([]string) int {
	r, err := NewLauncher().Start("browser", "--model", "processes", "--tabs", "2", "--page-mib", "1")
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	pids := []string{strconv.Itoa(r.PID)}
	for e := range r.Events() {
		if e.Kind() == "tab" && e.String("state") == "alive" {
			pid, _ := e.Int("pid")
			pids = append(pids, strconv.Itoa(pid))
			if len(pids) == 3 {
				fmt.Println("ready", strings.Join(pids, " "))
			}
		}
	}
	return 1
}

func TestNoDemoOutlivesKilledApp(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	mark := fmt.Sprintf("TASKSCOPE_TEST_RUN=%d-%d", os.Getpid(), time.Now().UnixNano())
	app := exec.Command(self, "launcher-parent")
	app.Env = append(os.Environ(), mark)
	out, err := app.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := StartChild(app); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadString('\n')
		lines <- line
	}()
	var pids []int
	select {
	case line := <-lines:
		f := strings.Fields(line)
		if len(f) != 4 || f[0] != "ready" {
			_ = app.Process.Kill()
			t.Fatalf("helper app said %q", line)
		}
		for _, s := range f[1:] {
			p, _ := strconv.Atoi(s)
			pids = append(pids, p)
		}
	case <-time.After(deadline):
		_ = app.Process.Kill()
		t.Fatal("helper app did not start its browser")
	}
	if found := demosMarked(mark); len(found) != 3 {
		_ = app.Process.Kill()
		t.Fatalf("before the kill, demo processes of this run: %v, want the browser and 2 tabs %v", found, pids)
	}
	if err := app.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = app.Wait()
	eventually(t, fmt.Sprintf("browser and tab processes %v gone", pids), func() bool {
		for _, p := range pids {
			if running(p) {
				return false
			}
		}
		return len(demosMarked(mark)) == 0
	})
}

// demosMarked lists live processes running `demo browser...` with mark in their environment.
func demosMarked(mark string) []int {
	dirs, _ := os.ReadDir("/proc")
	var found []int
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil || !running(pid) {
			continue
		}
		cmdline, _ := os.ReadFile("/proc/" + d.Name() + "/cmdline")
		env, _ := os.ReadFile("/proc/" + d.Name() + "/environ")
		if bytes.Contains(cmdline, []byte("demo\x00browser")) && bytes.Contains(env, []byte(mark)) {
			found = append(found, pid)
		}
	}
	return found
}
