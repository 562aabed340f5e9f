package main

import (
	"os"
	"testing"

	"github.com/taskscope/taskscope/cmd/internal/cli"
	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/internal/proctest"
	"github.com/taskscope/taskscope/trace"
)

// envRunSnapshot makes a re-executed test binary behave as `taskscope snapshot ARGS...`, so the
// command can be timed as a process without building the binary (and its GUI) separately.
const envRunSnapshot = "TASKSCOPE_TEST_RUN_SNAPSHOT"

// envRunMain makes a re-executed test binary run the command's real main, so a test can check
// what main does before anything else (the trace gate).
const envRunMain = "TASKSCOPE_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(envRunMain) != "" {
		os.Unsetenv(envRunMain)
		main()
	}
	// The trace tests start traced programs through this binary, as the app does through its.
	trace.ExecIfGate()
	proctest.Main()
	// The claims start demos as `os.Executable() demo NAME`: under go test, this binary.
	if len(os.Args) > 1 && os.Args[1] == "demo" {
		os.Exit(demos.Main(os.Args[2:]))
	}
	if os.Getenv(envRunSnapshot) != "" {
		os.Exit(cli.Snapshot("taskscope", os.Args[1:], os.Stdout, os.Stderr))
	}
	if os.Getenv(envGUIFloor) != "" {
		os.Exit(runFloorWindow())
	}
	os.Exit(m.Run())
}
