package demos

import (
	"os"
	"runtime"
	"testing"
)

func init() {
	// As in cmd/taskscope: keep the main goroutine on the first thread, so that no demo goroutine
	// lands there, locks it and renames the whole process (its name is the first thread's).
	runtime.LockOSThread()
}

// TestMain lets the test binary stand in for taskscope: SelfCommand re-runs os.Executable(),
// which under `go test` is this binary, so `demo NAME ...` must run the demo instead of the tests.
// helperModes maps other first arguments to helper programs some tests start as separate processes.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 {
		if os.Args[1] == "demo" {
			os.Exit(Main(os.Args[2:]))
		}
		if h, ok := helperModes[os.Args[1]]; ok {
			os.Exit(h(os.Args[2:]))
		}
	}
	os.Exit(m.Run())
}

// helperModes holds programs a test runs in a child copy of the test binary, by first argument.
// Tests add to it from init.
var helperModes = map[string]func(args []string) int{}
