package demos

import (
	"golang.org/x/sys/unix"
	"strconv"
	"strings"
	"testing"
)

// taskAllowed returns the Cpus_allowed_list of thread tid of pid ("1", "0-1"), or "" when gone.
func taskAllowed(pid, tid int) string {
	for _, line := range strings.Split(procRead(pid, "task/"+strconv.Itoa(tid)+"/status"), "\n") {
		if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// requireOnCore checks, from /proc, that thread tid of pid may run only on core and last ran there.
func requireOnCore(t *testing.T, what string, pid, tid, core int) {
	t.Helper()
	if got := taskAllowed(pid, tid); got != strconv.Itoa(core) {
		t.Errorf("%s (%d/%d): Cpus_allowed_list %q, want %d", what, pid, tid, got, core)
	}
	if c, err := taskCore(pid, tid); err != nil || c != core {
		t.Errorf("%s (%d/%d): last ran on core %d (%v), want %d", what, pid, tid, c, err, core)
	}
}

func TestTaskCoreAndSwitchesOfThisThread(t *testing.T) {
	cores, err := allowedCores()
	if err != nil || len(cores) == 0 {
		t.Fatalf("allowedCores: %v %v", cores, err)
	}
	done := make(chan struct{})
	var pinErr error
	var core, switches int
	tid := GoNamedThread("pin-test", func() {
		defer close(done)
		want := cores[len(cores)-1]
		if pinErr = pinThisThread(want); pinErr != nil {
			return
		}
		// Yielding may switch; the thread then runs on its one core again.
		for range 3 {
			schedYield()
		}
		c, err := taskCore(unix.Getpid(), unix.Gettid())
		if err != nil {
			pinErr = err
			return
		}
		core = c
		n, err := taskSwitches(unix.Getpid(), unix.Gettid())
		if err != nil {
			pinErr = err
			return
		}
		switches = int(n)
	})
	<-done
	if pinErr != nil {
		t.Fatal(pinErr)
	}
	if core != cores[len(cores)-1] {
		t.Errorf("pinned thread %d last ran on core %d, want %d", tid, core, cores[len(cores)-1])
	}
	if switches < 1 {
		t.Errorf("thread %d has %d context switches, want at least 1 (it was created and pinned)", tid, switches)
	}
}

func TestPickCoreRefusesCoresOutsideTheMask(t *testing.T) {
	if _, err := pickCore(4096); err == nil {
		t.Error("pickCore(4096) accepted a core no machine here has")
	}
	c, err := pickCore(-1)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := pickCore(c); err != nil || again != c {
		t.Errorf("pickCore(%d) = %d, %v", c, again, err)
	}
}
