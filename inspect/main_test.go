package inspect

import (
	"os"
	"sync"
	"testing"

	"github.com/taskscope/taskscope/inspect/inspecttest"
)

// extraThreads is the load the speed targets are measured on: this many sleeping threads on
// top of whatever the machine runs.
const extraThreads = 5000

// load is the sleeping-threads helper, started by the first benchmark that needs it and
// stopped when the test binary ends.
var load struct {
	once sync.Once
	h    *inspecttest.Helper
	err  error
}

// startLoad makes sure the extra sleeping threads exist.
func startLoad(tb testing.TB) {
	tb.Helper()
	load.once.Do(func() { load.h, load.err = inspecttest.StartSleepers(extraThreads) })
	if load.err != nil {
		tb.Fatal(load.err)
	}
}

func TestMain(m *testing.M) {
	inspecttest.Main()
	if os.Getenv(envDenied) != "" {
		os.Exit(runDenied())
	}
	code := m.Run()
	if load.h != nil {
		load.h.Stop()
	}
	os.Exit(code)
}
