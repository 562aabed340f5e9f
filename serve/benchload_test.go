package serve

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect/inspecttest"
)

// Names of the bench's load: a process whose threads --threads-for selects.
const (
	fiftyName    = "ts-fifty"
	fiftyThreads = 50
	envFifty     = "TASKSCOPE_SERVE_TEST_THREADS"
)

func init() {
	inspecttest.HandleMode("fifty", runFifty)
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

// benchLoad holds the bench's extra threads, started once and stopped when the tests end.
var benchLoad struct {
	once     sync.Once
	sleepers *inspecttest.Helper
	fifty    *exec.Cmd
	fiftyIn  io.WriteCloser
	fiftyPID int
	err      error
}

// startBenchLoad starts 5,000 sleeping threads in one process and a process named fiftyName with
// 50 threads.
func startBenchLoad(tb testing.TB) {
	tb.Helper()
	benchLoad.once.Do(func() {
		h, err := inspecttest.StartSleepers(5000)
		if err != nil {
			benchLoad.err = err
			return
		}
		benchLoad.sleepers = h
		benchLoad.err = startFifty()
	})
	if benchLoad.err != nil {
		tb.Fatal(benchLoad.err)
	}
}

// startFifty starts the process of fifty threads (this test binary re-executed) and waits for
// its report.
func startFifty() error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), inspecttest.HelperEnv("fifty"), envFifty+"="+strconv.Itoa(fiftyThreads))
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	benchLoad.fifty, benchLoad.fiftyIn = cmd, in
	var ready inspecttest.Ready
	if err := json.NewDecoder(out).Decode(&ready); err != nil {
		return fmt.Errorf("%s helper: %w", fiftyName, err)
	}
	if ready.ThreadCount != fiftyThreads {
		return fmt.Errorf("%s helper has %d threads, want %d", fiftyName, ready.ThreadCount, fiftyThreads)
	}
	benchLoad.fiftyPID = ready.PID
	return nil
}

// stopBenchLoad ends the bench's helper processes.
func stopBenchLoad() {
	if benchLoad.sleepers != nil {
		benchLoad.sleepers.Stop()
	}
	if benchLoad.fifty != nil {
		benchLoad.fiftyIn.Close()
		benchLoad.fifty.Wait()
	}
}
