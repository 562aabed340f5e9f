package demotab

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/taskscope/taskscope/ui/model/modeltest"
)

// TestLiveBrowserDemos launches both browser models for real through the panel (this test
// binary stands in for taskscope, see TestMain), writes a value from tab 1, crashes tab 2, and
// checks what the panel shows and that no demo process is left.
func TestLiveBrowserDemos(t *testing.T) {
	if testing.Short() {
		t.Skip("starts real demo processes")
	}
	p := newTestPanel(t)
	th, pr := browserOf(p).threads, browserOf(p).processes
	for _, b := range []*browserPane{th, pr} {
		b.tabs.SetValue(3)
		b.page.SetSelected("1")
		test.Tap(b.slot.launchBtn)
		if !b.slot.running() {
			t.Fatalf("%s did not start: %s", b.model, b.slot.status.Text)
		}
	}
	thPID, prPID := th.slot.run.PID, pr.slot.run.PID
	if m := p.st.Marked(); !m[thPID] || !m[prPID] {
		t.Errorf("marked = %v, want both browsers %d and %d", m, thPID, prPID)
	}
	for _, b := range []*browserPane{th, pr} {
		p.pumpUntil(t, 15*time.Second, b.model+": 3 tabs reading", func() bool {
			return len(aliveTabs(b.state)) == 3 && allRead(b)
		})
	}
	// In the processes model each tab is a child process, and is marked.
	for n := 1; n <= 3; n++ {
		if pid := pr.state.Tabs[n].PID; pid == prPID || !p.st.Marked()[pid] {
			t.Errorf("processes tab %d: pid %d is the browser's or not marked", n, pid)
		}
	}

	for _, b := range []*browserPane{th, pr} {
		b.pick.SetSelected("Tab 1")
		b.value.SetText("4242")
		test.Tap(b.write)
	}
	p.pumpUntil(t, 10*time.Second, "threads: every tab reads 4242", func() bool { return readsAll(th, 4242, 1, 2, 3) })
	p.pumpUntil(t, 10*time.Second, "processes: the writer reads 4242", func() bool { return readsAll(pr, 4242, 1) })
	// Give the other tab processes time to look again: they must still see their own copy.
	time.Sleep(600 * time.Millisecond)
	p.pumpUntil(t, time.Second, "queue", func() bool { return len(p.queue) == 0 })
	for _, n := range []int{2, 3} {
		if tab := pr.state.Tabs[n]; tab.Value == 4242 {
			t.Errorf("processes tab %d read the value another process wrote", n)
		}
	}
	if a, b := th.state.Tabs[1].Address, pr.state.Tabs[2].Address; a == "" || pr.state.Tabs[1].Address != b {
		t.Errorf("processes tabs report addresses %q and %q, want the same", pr.state.Tabs[1].Address, b)
	}

	for _, b := range []*browserPane{th, pr} {
		b.pick.SetSelected("Tab 2")
		test.Tap(b.crash)
	}
	p.pumpUntil(t, 15*time.Second, "threads browser ended", func() bool { return !th.slot.running() })
	p.pumpUntil(t, 15*time.Second, "processes tab 2 crashed", func() bool { return len(pr.state.Tombs) > 0 })
	modeltest.WantContains(t, "threads tombstone", th.tomb.Text, "Tab 2 (thread", "SIGSEGV", "Threads model: all 3 tabs lost with the process")
	modeltest.WantContains(t, "threads status", th.slot.status.Text, "Ended: killed by SIGSEGV")
	modeltest.WantContains(t, "processes tombstone", pr.tomb.Text, "Tab 2 (pid", "SIGSEGV", "Processes model: tab 2 lost; tabs 1, 3 still running")
	if !pr.slot.running() || !alive(prPID) {
		t.Error("the processes browser died with one tab")
	}
	if alive(thPID) {
		t.Errorf("threads browser %d still alive after the crash", thPID)
	}
	if p.st.Marked()[thPID] {
		t.Error("the dead threads browser is still marked")
	}

	tabPIDs := []int{pr.state.Tabs[1].PID, pr.state.Tabs[3].PID}
	test.Tap(pr.slot.stopBtn)
	p.pumpUntil(t, 15*time.Second, "processes browser stopped", func() bool { return !pr.slot.running() })
	modeltest.WantContains(t, "processes status", pr.slot.status.Text, "Finished")
	for _, pid := range append(tabPIDs, prPID, thPID) {
		if alive(pid) {
			t.Errorf("demo process %d left running", pid)
		}
	}
	if left := childrenOf(os.Getpid()); len(left) > 0 {
		t.Errorf("children of the test left: %v", left)
	}
	if len(p.st.Marked()) != 0 {
		t.Errorf("marks left: %v", p.st.Marked())
	}
}

func allRead(b *browserPane) bool {
	for _, t := range b.state.Tabs {
		if !t.Read {
			return false
		}
	}
	return true
}

func readsAll(b *browserPane, v int64, tabs ...int) bool {
	for _, n := range tabs {
		if t := b.state.Tabs[n]; t == nil || !t.Read || t.Value != v {
			return false
		}
	}
	return true
}

// alive reports whether pid names a process that has not been reaped.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// childrenOf lists the PIDs whose parent is ppid, from /proc.
func childrenOf(ppid int) []int {
	ents, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
		if len(f) > 1 && f[1] == strconv.Itoa(ppid) {
			out = append(out, pid)
		}
	}
	return out
}
