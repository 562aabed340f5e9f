package record

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImports keeps record headless: it may import inspect and trace, never the window (ui) nor Fyne, so
// the agent binary, built without cgo, can record and replay.
func TestImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/taskscope/taskscope/record").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "fyne.io/") || strings.HasPrefix(dep, "github.com/taskscope/taskscope/ui") ||
			strings.HasPrefix(dep, "github.com/taskscope/taskscope/demos") {
			t.Errorf("record depends on %s; it must stay headless (inspect and trace only)", dep)
		}
	}
	cmd := exec.Command("go", "build", "-o", "/dev/null", "github.com/taskscope/taskscope/record")
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("record does not build with CGO_ENABLED=0: %v\n%s", err, out)
	}
}
