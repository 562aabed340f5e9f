package demotab

import (
	"os"
	"runtime"
	"testing"

	"github.com/taskscope/taskscope/demos"
)

func init() {
	// As in cmd/taskscope: a demo run by this binary must not have its main goroutine wander
	// onto a thread a demo then locks and renames.
	runtime.LockOSThread()
}

// TestMain lets the test binary stand in for taskscope when the launcher re-runs it as
// `demo NAME ...` (the live demo tests), and runs the tests otherwise.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "demo" {
		os.Exit(demos.Main(os.Args[2:]))
	}
	os.Exit(m.Run())
}
