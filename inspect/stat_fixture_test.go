package inspect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/taskscope/taskscope/internal/task"
)

func TestParseTaskStatFixtures(t *testing.T) {
	// Every stat file of the fixtures parses, except the one made truncated on purpose.
	files, _ := filepath.Glob("testdata/proc-t*/*/stat")
	more, _ := filepath.Glob("testdata/proc-t*/*/task/*/stat")
	for _, name := range append(files, more...) {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var st task.Stat
		err = task.ParseStat(b, &st)
		if truncated := strings.Contains(name, "/500/"); truncated != (err != nil) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
