package trace

import (
	"os"
	"testing"

	"github.com/taskscope/taskscope/internal/proctest"
)

// TestMain lets this test binary stand in for the app: Start runs os.Executable() as the gate
// of a traced program, so the binary must call ExecIfGate as the app's main does; and the
// tests' helper workloads run in copies of it too.
func TestMain(m *testing.M) {
	gateProbe()
	ExecIfGate()
	proctest.Main()
	os.Exit(m.Run())
}
