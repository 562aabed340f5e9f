package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportsPointOneWay keeps the layout's rule: cmd -> ui -> {inspect, demos}. The sampler and
// the demos know nothing of the toolkit or of the views, and nothing of each other, so each can
// be run, tested and reused alone.
func TestImportsPointOneWay(t *testing.T) {
	const module = "github.com/taskscope/taskscope/"
	forbidden := map[string][]string{
		"inspect": {"fyne.io/", module + "ui", module + "demos"},
		"demos":   {"fyne.io/", module + "ui", module + "inspect"},
		"ui":      {module + "cmd"},
	}
	for pkg, bad := range forbidden {
		out, err := exec.Command("go", "list", "-deps", module+pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, b := range bad {
				if strings.HasPrefix(dep, b) {
					t.Errorf("%s depends on %s; imports must point cmd -> ui -> {inspect, demos}", pkg, dep)
				}
			}
		}
	}
}
