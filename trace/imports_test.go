package trace

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImports keeps the tracer beside its sibling, not above or below it: it imports neither
// inspect nor demos (what both parsers need is in internal/task), nothing under ui, no Fyne.
func TestImports(t *testing.T) {
	const module = "github.com/taskscope/taskscope/"
	out, err := exec.Command("go", "list", "-deps", module+"trace").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, bad := range []string{module + "inspect", module + "demos", module + "ui", "fyne.io/"} {
			if dep == bad || strings.HasPrefix(dep, strings.TrimSuffix(bad, "/")+"/") {
				t.Errorf("trace depends on %s", dep)
			}
		}
	}
}
