package record

import (
	"os"
	"strings"
	"testing"

	"github.com/taskscope/taskscope/internal/proctest"
)

// envRecordArgs carries the arguments of the "record-main" helper, which runs RecordMain in a
// process of its own so a test can signal or kill it.
const envRecordArgs = "TASKSCOPE_RECORD_TEST_ARGS"

func init() {
	proctest.HandleMode("record-main", func() error {
		os.Exit(RecordMain("taskscope", strings.Split(os.Getenv(envRecordArgs), "\x1f"), os.Stdout, os.Stderr))
		return nil
	})
}

func TestMain(m *testing.M) {
	proctest.Main()
	code := m.Run()
	load.Stop()
	os.Exit(code)
}
