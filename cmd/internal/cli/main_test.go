package cli

import (
	"os"
	"testing"

	"github.com/taskscope/taskscope/internal/proctest"
)

func TestMain(m *testing.M) {
	proctest.Main()
	os.Exit(m.Run())
}
