//go:build !look

package ui

import (
	"os"
	"testing"

	"github.com/taskscope/taskscope/trace"
)

// TestMain lets this test binary be the gate of the programs the Timeline tests trace:
// trace.Start runs os.Executable() as the gate, which the app's main handles with ExecIfGate.
// (The look build has a TestMain of its own and traces nothing.)
func TestMain(m *testing.M) {
	trace.ExecIfGate()
	os.Exit(m.Run())
}
