package model

import (
	"os"
	"testing"

	"github.com/taskscope/taskscope/trace"
)

// TestMain lets this test binary be the gate of the programs the session tests trace:
// trace.Start runs os.Executable() as the gate, which the app's main handles with ExecIfGate.
func TestMain(m *testing.M) {
	trace.ExecIfGate()
	os.Exit(m.Run())
}
