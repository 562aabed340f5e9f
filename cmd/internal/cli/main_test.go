package cli

import (
	"os"
	"testing"

	"github.com/taskscope/taskscope/inspect/inspecttest"
)

func TestMain(m *testing.M) {
	inspecttest.Main()
	os.Exit(m.Run())
}
