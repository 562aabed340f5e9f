package demos

import (
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
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
		// A sleep blocks the thread, which is a voluntary switch whatever else runs: a fresh
		// thread already on its core, with nothing else to run there, may have none until then.
		if err := unix.Nanosleep(&unix.Timespec{Nsec: 1e6}, nil); err != nil {
			pinErr = err
			return
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
		t.Errorf("thread %d has %d context switches, want at least 1 (it slept once)", tid, switches)
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

func TestParseStatCoreAndSwitches(t *testing.T) {
	stat := "1234 (a) b) c) R 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 3 37 38\n"
	if c, err := parseStatCore([]byte(stat)); err != nil || c != 3 {
		t.Errorf("parseStatCore with ')' in the name = %d, %v; want 3", c, err)
	}
	for _, bad := range []string{"", "1234 (x", "1 (x) R 1 2", "1 (x) R" + strings.Repeat(" 0", 35) + " -1"} {
		if _, err := parseStatCore([]byte(bad)); err == nil {
			t.Errorf("parseStatCore(%q) gave no error", bad)
		}
	}
	status := "Name:\tx\nvoluntary_ctxt_switches:\t10\nnonvoluntary_ctxt_switches:\t5\n"
	if n, err := parseSwitches([]byte(status)); err != nil || n != 15 {
		t.Errorf("parseSwitches = %d, %v; want 15", n, err)
	}
	for _, bad := range []string{"", "voluntary_ctxt_switches:\t10\n", "voluntary_ctxt_switches: x\nnonvoluntary_ctxt_switches: 1\n"} {
		if _, err := parseSwitches([]byte(bad)); err == nil {
			t.Errorf("parseSwitches(%q) gave no error", bad)
		}
	}
}

func FuzzParseStatCore(f *testing.F) {
	f.Add([]byte("1234 (a) b) R" + strings.Repeat(" 1", 40)))
	f.Add([]byte("1 (x"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if c, err := parseStatCore(b); err == nil && c < 0 {
			t.Errorf("negative core %d from %q", c, b)
		}
	})
}

func FuzzParseSwitches(f *testing.F) {
	f.Add([]byte("voluntary_ctxt_switches:\t10\nnonvoluntary_ctxt_switches:\t5\n"))
	f.Add([]byte("voluntary_ctxt_switches:"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if n, err := parseSwitches(b); err == nil && n < 0 {
			t.Errorf("negative count %d from %q", n, b)
		}
	})
}
