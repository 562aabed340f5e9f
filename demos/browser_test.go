package demos

import (
	"debug/elf"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
)

func TestBrowserThreadsNamesTabThreadsInOneProcess(t *testing.T) {
	w := startDemo(t, NewLauncher(), "browser", "--model", "threads", "--tabs", "3", "--page-mib", "2")
	tabs := w.alive(1, 2, 3)
	names := threadNames(t, w.r.PID)
	for n, e := range tabs {
		if pid := intField(t, e, "pid"); pid != w.r.PID {
			t.Errorf("tab %d reports pid %d, want the browser's %d", n, pid, w.r.PID)
		}
		tid := intField(t, e, "tid")
		if got := names[tid]; got != fmt.Sprintf("tab-%d", n) {
			t.Errorf("/proc/%d/task/%d/comm = %q, want tab-%d", w.r.PID, tid, got, n)
		}
	}
	count := 0
	for _, name := range names {
		if len(name) > 4 && name[:4] == "tab-" {
			count++
		}
	}
	if count != 3 {
		t.Errorf("threads named tab-*: %d, want 3 (%v)", count, names)
	}
	if kids := childrenOf(w.r.PID); len(kids) != 0 {
		t.Errorf("threads browser has child processes %v", kids)
	}
	if rss := rssOf(strconv.Itoa(w.r.PID)); rss < 3*2<<20 {
		t.Errorf("browser RSS %d bytes, below the 6 MiB its tabs touched", rss)
	}
}

func TestBrowserThreadsWriteSeenByAllTabs(t *testing.T) {
	w := startDemo(t, NewLauncher(), "browser", "--model", "threads", "--tabs", "3", "--page-mib", "1")
	ready := w.until("ready", func(e Event) bool { return e.Kind() == "ready" })
	w.alive(1, 2, 3)
	w.send(Command{Cmd: "write", Tab: 2, Value: i64(4242)})
	saw := map[int]string{}
	for len(saw) < 3 {
		e := w.until("every tab reading 4242", func(e Event) bool {
			v, _ := e.Int("value")
			return e.Kind() == "read" && v == 4242
		})
		saw[intField(t, e, "tab")] = e.String("address")
	}
	for n, addr := range saw {
		if addr != ready.String("address") || addr == "" {
			t.Errorf("tab %d read at %q, the browser's variable is at %q", n, addr, ready.String("address"))
		}
	}
}

func TestBrowserProcessesOneChildPerTab(t *testing.T) {
	w := startDemo(t, NewLauncher(), "browser", "--model", "processes", "--tabs", "3", "--page-mib", "2")
	tabs := w.alive(1, 2, 3)
	var pids []int
	for n, e := range tabs {
		pid := intField(t, e, "pid")
		pids = append(pids, pid)
		if comm := procRead(pid, "comm"); comm != fmt.Sprintf("tab-%d", n) {
			t.Errorf("/proc/%d/comm = %q, want tab-%d", pid, comm, n)
		}
		if _, ppid, ok := procStat(pid); !ok || ppid != w.r.PID {
			t.Errorf("tab %d: /proc/%d/stat ppid = %d, want the browser %d", n, pid, ppid, w.r.PID)
		}
		if rss := rssOf(strconv.Itoa(pid)); rss < 2<<20 {
			t.Errorf("tab %d RSS %d bytes, below the 2 MiB it touched", n, rss)
		}
	}
	kids := childrenOf(w.r.PID)
	slices.Sort(kids)
	slices.Sort(pids)
	if !slices.Equal(kids, pids) {
		t.Errorf("children of the browser in /proc: %v; tab pids: %v", kids, pids)
	}
}

func TestBrowserProcessesWriteSeenOnlyByWriter(t *testing.T) {
	w := startDemo(t, NewLauncher(), "browser", "--model", "processes", "--tabs", "3", "--page-mib", "1")
	ready := w.until("ready", func(e Event) bool { return e.Kind() == "ready" })
	w.alive(1, 2, 3)
	w.send(Command{Cmd: "write", Tab: 2, Value: i64(77)})
	w.until("tab 2 reading 77", func(e Event) bool {
		n, _ := e.Int("tab")
		v, _ := e.Int("value")
		return e.Kind() == "read" && n == 2 && v == 77
	})
	w.send(Command{Cmd: "read"})
	reads := map[int]Event{}
	for len(reads) < 3 {
		e := w.until("a read from every tab after the write", func(e Event) bool { return e.Kind() == "read" })
		reads[intField(t, e, "tab")] = e
	}
	pids := map[int]bool{}
	for n, e := range reads {
		want := 0
		if n == 2 {
			want = 77
		}
		if v := intField(t, e, "value"); v != want {
			t.Errorf("tab %d reads %d, want %d", n, v, want)
		}
		pids[intField(t, e, "pid")] = true
	}
	if len(pids) != 3 {
		t.Errorf("reads came from %d processes, want 3", len(pids))
	}
	// Each process was started from the same file; only a position-dependent executable puts the
	// variable at one fixed address in all of them. A PIE is loaded wherever ASLR chooses.
	fixed := executableIsFixed(t)
	for n, e := range reads {
		same := e.String("address") == ready.String("address")
		if fixed && !same {
			t.Errorf("non-PIE binary, yet tab %d reads at %s and the browser's variable is at %s",
				n, e.String("address"), ready.String("address"))
		}
		if !fixed {
			t.Logf("PIE binary: tab %d reads at %s, browser at %s", n, e.String("address"), ready.String("address"))
		}
	}
}

func executableIsFixed(t *testing.T) bool {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	f, err := elf.Open(self)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return f.Type == elf.ET_EXEC
}

func TestBrowserThreadsCrashTakesWholeProcess(t *testing.T) {
	w := startDemo(t, NewLauncher(), "browser", "--model", "threads", "--tabs", "3", "--page-mib", "1")
	w.alive(1, 2, 3)
	pid := w.r.PID
	w.send(Command{Cmd: "crash", Tab: 2})
	rest := w.rest()
	if got := w.r.ExitReason(); got != "killed by SIGSEGV" {
		t.Fatalf("threads browser ended %q, want killed by SIGSEGV; events %v", got, rest)
	}
	if running(pid) {
		t.Errorf("browser %d still running after the crash", pid)
	}
	crashed := map[int]bool{}
	var exited Event
	for _, e := range w.all {
		switch e.Kind() {
		case "crashed":
			if e.String("reason") != "SIGSEGV" {
				t.Errorf("crashed event %v, want reason SIGSEGV", e)
			}
			crashed[intField(t, e, "tab")] = true
		case "exited":
			exited = e
		}
	}
	if len(crashed) != 3 {
		t.Errorf("crashed tabs %v, want all of 1 2 3", crashed)
	}
	if exited == nil || exited.String("signal") != "SIGSEGV" {
		t.Errorf("exited event %v, want signal SIGSEGV", exited)
	}
}

func TestBrowserProcessesCrashIsolatedAndReload(t *testing.T) {
	w := startDemo(t, NewLauncher(), "browser", "--model", "processes", "--tabs", "3", "--page-mib", "1")
	tabs := w.alive(1, 2, 3)
	victim := intField(t, tabs[2], "pid")
	w.send(Command{Cmd: "crash", Tab: 2})
	e := w.until("tab 2 crashed", func(e Event) bool { return e.Kind() == "crashed" })
	if n := intField(t, e, "tab"); n != 2 || intField(t, e, "pid") != victim || e.String("reason") != "SIGSEGV" {
		t.Fatalf("crashed event %v, want tab 2 pid %d reason SIGSEGV", e, victim)
	}
	eventually(t, "crashed tab process gone from /proc", func() bool { return !running(victim) })
	for _, n := range []int{1, 3} {
		pid := intField(t, tabs[n], "pid")
		if !running(pid) || procRead(pid, "comm") != fmt.Sprintf("tab-%d", n) {
			t.Errorf("tab %d (pid %d) did not survive tab 2's crash", n, pid)
		}
	}
	if !running(w.r.PID) {
		t.Fatal("browser died with its tab")
	}
	if kids := childrenOf(w.r.PID); len(kids) != 2 {
		t.Errorf("browser children after the crash: %v, want 2", kids)
	}

	w.send(Command{Cmd: "write", Tab: 2, Value: i64(1)})
	w.until("an error for writing to a crashed tab", func(e Event) bool { return e.Kind() == "error" })
	w.send(Command{Cmd: "reload", Tab: 2})
	fresh := w.alive(2)[2]
	pid := intField(t, fresh, "pid")
	if pid == victim {
		t.Errorf("reloaded tab 2 kept pid %d", pid)
	}
	if _, ppid, ok := procStat(pid); !ok || ppid != w.r.PID || procRead(pid, "comm") != "tab-2" {
		t.Errorf("reloaded tab 2 (pid %d) is not a child tab-2 of the browser", pid)
	}
}

func TestBrowserAddCloseAndUnknownTab(t *testing.T) {
	for _, model := range []string{modelThreads, modelProcesses} {
		t.Run(model, func(t *testing.T) {
			w := startDemo(t, NewLauncher(), "browser", "--model", model, "--tabs", "1", "--page-mib", "1")
			w.alive(1)
			w.send(Command{Cmd: "add"})
			added := w.alive(2)[2]
			w.send(Command{Cmd: "crash", Tab: 9})
			e := w.until("an error for tab 9", func(e Event) bool { return e.Kind() == "error" })
			t.Logf("tab 9: %s", e.String("message"))
			w.send(Command{Cmd: "close", Tab: 1})
			w.until("tab 1 closed", func(e Event) bool {
				n, _ := e.Int("tab")
				return e.Kind() == "tab" && n == 1 && e.String("state") == "closed"
			})
			if model == modelThreads {
				tid := intField(t, added, "tid")
				eventually(t, "tab-1's thread gone", func() bool {
					for _, name := range threadNames(t, w.r.PID) {
						if name == "tab-1" {
							return false
						}
					}
					return threadNames(t, w.r.PID)[tid] == "tab-2"
				})
			}
			w.send(Command{Cmd: "quit"})
			w.rest()
			if got := w.r.ExitReason(); got != "exited 0" {
				t.Errorf("after quit: %q, want exited 0", got)
			}
		})
	}
}
