package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportsPointOneWay keeps the layout's rule:
//
//	cmd -> ui -> ui/<tab> -> ui/widgets -> ui/model -> {claims, record, serve} -> {inspect, trace, demos} -> internal/task
//
// The sampler, the tracer and the demos know nothing of the toolkit or of the views, and nothing
// of each other (what the sampler and the tracer both need is in internal/task, which imports
// nothing of this module), so each can be run, tested and reused alone; ui/model reaches no Fyne, so what the
// window shows is tested without cgo or a display; a tab package imports neither the window
// nor another tab, so each tab reads alone.
func TestImportsPointOneWay(t *testing.T) {
	const module = "github.com/taskscope/taskscope/"
	ui := module + "ui"
	tabs := tabPackages(t, module)
	if len(tabs) < 2 {
		t.Fatalf("found tab packages %v, want at least ui/cores and ui/demotab", tabs)
	}
	forbidden := map[string][]string{
		"inspect":       {"fyne.io/", ui, module + "demos", module + "trace"},
		"trace":         {"fyne.io/", ui, module + "demos", module + "inspect"},
		"demos":         {"fyne.io/", ui, module + "inspect", module + "trace"},
		"internal/task": {"fyne.io/", ui, module + "inspect", module + "trace", module + "demos", module + "cmd"},
		"ui":            {module + "cmd"},
		"ui/model":      {"fyne.io/", ui + "/widgets", module + "cmd"},
		"ui/widgets":    {module + "cmd"},
		// A tab's own model package (below its tab, like ui/model below every tab) draws nothing.
		"ui/demotab/cardmodel":      {"fyne.io/", ui + "/widgets", module + "cmd"},
		"ui/timeline/timelinemodel": {"fyne.io/", ui + "/widgets", module + "cmd"},
		// The packages beside what they serialize or measure run headless, in the agent too.
		"claims":           {"fyne.io/", ui, module + "cmd"},
		"lesson":           {"fyne.io/", ui, module + "cmd"},
		"record":           {"fyne.io/", ui, module + "cmd", module + "demos"},
		"serve":            {"fyne.io/", ui, module + "cmd", module + "demos"},
		"fleet":            {"fyne.io/", ui, module + "cmd", module + "demos"},
		"cmd/internal/cli": {"fyne.io/", ui},
		"internal/cmdflag": {"fyne.io/", ui, module + "inspect", module + "demos"},
	}
	for _, tab := range tabs {
		forbidden["ui/model"] = append(forbidden["ui/model"], module+tab)
	}
	for _, tab := range tabs {
		// A tab reaches the window's own package, or another tab, by no path at all.
		bad := []string{module + "cmd"}
		for _, other := range tabs {
			if other != tab {
				bad = append(bad, module+other)
			}
		}
		forbidden[tab] = bad
	}
	for pkg, bad := range forbidden {
		deps := listDeps(t, module+pkg)
		for _, dep := range deps {
			for _, b := range bad {
				if dep == b || strings.HasPrefix(dep, b) && (strings.HasSuffix(b, "/") || strings.HasPrefix(dep[len(b):], "/")) {
					t.Errorf("%s depends on %s; imports must point cmd -> ui -> ui/<tab> -> ui/widgets -> ui/model -> {inspect, trace, demos} -> internal/task", pkg, dep)
				}
			}
		}
		if strings.HasPrefix(pkg, "ui/") && pkg != "ui/model" && pkg != "ui/widgets" {
			for _, dep := range deps {
				if dep == ui {
					t.Errorf("tab package %s imports the window's package ui", pkg)
				}
			}
		}
	}
	// Nothing below the window reaches the toolkit: every package outside ui and cmd, by any path.
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}: {{join .Deps " "}}`, module+"...").Output()
	if err != nil {
		t.Fatalf("go list ./...: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, deps, _ := strings.Cut(line, ": ")
		if strings.HasPrefix(pkg, ui) || strings.HasPrefix(pkg, module+"cmd/") {
			continue
		}
		for _, dep := range strings.Fields(deps) {
			if strings.HasPrefix(dep, "fyne.io/") {
				t.Errorf("%s depends on %s; nothing below ui may import Fyne", pkg, dep)
				break
			}
		}
	}
	for _, dep := range listDeps(t, module+"internal/task") {
		if strings.HasPrefix(dep, module) && dep != module+"internal/task" {
			t.Errorf("internal/task depends on %s; it must import nothing of this module", dep)
		}
	}
	for _, pkg := range []string{"inspect", "trace", "demos"} {
		for _, dep := range listDeps(t, module+pkg) {
			if strings.HasPrefix(dep, ui+"/") || dep == ui {
				t.Errorf("%s depends on %s", pkg, dep)
			}
		}
	}
}

// tabPackages lists the packages under ui that are tabs: those one level below ui, but for
// ui/model and ui/widgets. A package below a tab (ui/demotab/cardmodel) belongs to that tab.
func tabPackages(t *testing.T, module string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", module+"ui/...").Output()
	if err != nil {
		t.Fatalf("go list ui/...: %v", err)
	}
	var tabs []string
	for _, p := range strings.Fields(string(out)) {
		rel := strings.TrimPrefix(p, module)
		if rel == "ui" || strings.HasPrefix(rel, "ui/model") || rel == "ui/widgets" || strings.Count(rel, "/") > 1 {
			continue
		}
		tabs = append(tabs, rel)
	}
	return tabs
}

func listDeps(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", pkg).Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	return strings.Fields(string(out))
}
