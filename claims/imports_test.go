package claims

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportsPointOneWay keeps claims below the window: it may use demos, inspect and trace, never the
// toolkit or anything under ui, so `taskscope claims` runs without a display.
func TestImportsPointOneWay(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/taskscope/taskscope/claims").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "fyne.io/") || strings.HasPrefix(dep, "github.com/taskscope/taskscope/ui") {
			t.Errorf("claims depends on %s", dep)
		}
	}
}
