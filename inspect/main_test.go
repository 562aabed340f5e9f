package inspect

import (
	"os"
	"testing"

	"github.com/taskscope/taskscope/internal/proctest"
)

// extraThreads is the load the speed targets are measured on: this many sleeping threads on
// top of whatever the machine runs.
const extraThreads = 5000

// load is the sleeping-threads helper, started by the first benchmark that needs it
// (load.Need) and stopped when the test binary ends.
var load = proctest.SharedSleepers(extraThreads)

func TestMain(m *testing.M) {
	proctest.Main()
	if os.Getenv(envDenied) != "" {
		os.Exit(runDenied())
	}
	code := m.Run()
	load.Stop()
	os.Exit(code)
}
