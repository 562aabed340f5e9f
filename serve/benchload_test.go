package serve

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/proctest"
)

// Names of the bench's load: a process whose threads --threads-for selects.
const (
	fiftyName    = "ts-fifty"
	fiftyThreads = 50
	envFifty     = "TASKSCOPE_SERVE_TEST_THREADS"
)

func init() {
	proctest.HandleMode("fifty", runFifty)
}

// runFifty names its process fiftyName and adds sleeping OS threads until the process has the
// number of threads asked for in the environment, the Go runtime's own included; it exits when
// its input closes.
func runFifty() error {
	want, _ := strconv.Atoi(os.Getenv(envFifty))
	name, err := unix.BytePtrFromString(fiftyName)
	if err != nil {
		return err
	}
	if err := unix.Prctl(unix.PR_SET_NAME, uintptr(unsafe.Pointer(name)), 0, 0, 0); err != nil {
		return err
	}
	never := make(chan struct{})
	for count() < want {
		started := make(chan struct{})
		go func() {
			runtime.LockOSThread()
			close(started)
			<-never
		}()
		<-started
	}
	fmt.Printf("{\"pid\":%d,\"thread_count\":%d}\n", os.Getpid(), count())
	io.Copy(io.Discard, os.Stdin)
	return nil
}

// count returns the number of threads of this process.
func count() int {
	ents, _ := os.ReadDir("/proc/self/task")
	return len(ents)
}

// The bench's load: 5,000 sleeping threads in one process, and a process named fiftyName with
// 50 threads. Each is started by the first test that needs it and stopped when the tests end.
var (
	sleepLoad = proctest.SharedSleepers(5000)
	fiftyLoad = proctest.NewShared(startFifty)
)

// startBenchLoad makes sure both parts of the bench's load are running.
func startBenchLoad(tb testing.TB) {
	tb.Helper()
	sleepLoad.Need(tb)
	fiftyLoad.Need(tb)
}

// startFifty starts the process of fifty threads (this test binary re-executed) and checks
// that its report counts them all.
func startFifty() (*proctest.Helper, error) {
	h, err := proctest.Start("fifty", envFifty+"="+strconv.Itoa(fiftyThreads))
	if err != nil {
		return nil, err
	}
	if h.ThreadCount != fiftyThreads {
		h.Stop()
		return nil, fmt.Errorf("%s helper has %d threads, want %d", fiftyName, h.ThreadCount, fiftyThreads)
	}
	return h, nil
}

// stopBenchLoad ends the bench's helper processes.
func stopBenchLoad() {
	sleepLoad.Stop()
	fiftyLoad.Stop()
}
