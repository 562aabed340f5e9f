package main

import (
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestStaticBuild builds the agent as `make agent` does, with cgo off, and checks the result is
// a static executable: no program interpreter, no dynamic section, no shared libraries. That is
// what lets it run on a server without X, GL or even the C library of the build machine.
func TestStaticBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "taskscope-agent")
	cmd := exec.Command("go", "build", "-o", out, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build ./cmd/taskscope-agent: %v\n%s", err, msg)
	}
	f, err := elf.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("the agent has a %v program header: it is dynamically linked", p.Type)
		}
	}
	if libs, err := f.ImportedLibraries(); err != nil || len(libs) > 0 {
		t.Errorf("the agent needs shared libraries %v (%v)", libs, err)
	}
	// file(1) says the same in words, where it is installed.
	if fileCmd, err := exec.LookPath("file"); err == nil {
		said, err := exec.Command(fileCmd, out).Output()
		if err != nil || !bytes.Contains(said, []byte("statically linked")) {
			t.Errorf("file says %q (%v)", said, err)
		}
	}

	// The built agent runs: its help, and a snapshot of this machine.
	help, err := exec.Command(out, "--help").Output()
	if err != nil || !strings.Contains(string(help), "serve") || !strings.Contains(string(help), "snapshot") {
		t.Errorf("taskscope-agent --help: %v\n%s", err, help)
	}
	snap, err := exec.Command(out, "snapshot", "--json", "--interval", "10ms").Output()
	if err != nil || !bytes.HasPrefix(snap, []byte(`{"taken":`)) {
		t.Errorf("taskscope-agent snapshot --json: %v\n%.200s", err, snap)
	}
	rec := filepath.Join(t.TempDir(), "rec.tsrec")
	if msg, err := exec.Command(out, "record", "--duration", "300ms", "--interval", "100ms", "-o", rec).CombinedOutput(); err != nil {
		t.Errorf("taskscope-agent record: %v\n%s", err, msg)
	} else if st, err := os.Stat(rec); err != nil || st.Size() == 0 {
		t.Errorf("taskscope-agent record wrote nothing: %v", err)
	}
	if err := exec.Command(out, "bogus").Run(); err == nil || err.(*exec.ExitError).ExitCode() != 2 {
		t.Errorf("taskscope-agent bogus: %v, want exit code 2", err)
	}
}

// TestAgentImportsNoGUI keeps the agent free of the window: no Fyne, no GL, nothing under ui.
// (Whether it still builds without cgo, TestStaticBuild checks.)
func TestAgentImportsNoGUI(t *testing.T) {
	const module = "github.com/taskscope/taskscope/"
	for _, pkg := range []string{module + "cmd/taskscope-agent", module + "serve", module + "cmd/internal/cli"} {
		cmd := exec.Command("go", "list", "-deps", pkg)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.HasPrefix(dep, "fyne.io/") || strings.HasPrefix(dep, module+"ui") || strings.HasPrefix(dep, "github.com/go-gl/") {
				t.Errorf("%s depends on %s; the agent must not import the window", pkg, dep)
			}
		}
	}
}
