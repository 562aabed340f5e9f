package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestLessonCheck(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("title = \"x\"\n\n[[step]]\nclaim = \"memory\"\nquestion = \"Q?\"\nanswers = [\"only one\"]\n"), 0o644)
	cases := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"built-in", []string{"--check"}, 0, "13  fork-copy", ""},
		{"bad file", []string{"--check", bad}, 2, "", bad + ":6: step 1: 1 answers; give 2 to 4"},
		{"missing file", []string{"--check", filepath.Join(dir, "none.toml")}, 2, "", "no such file"},
		{"bad flag", []string{"--nope"}, 2, "", "usage: taskscope lesson"},
		{"two files", []string{"--check", "a", "b"}, 2, "", "one LESSON file at most"},
		{"json without handout", []string{"--json"}, 2, "", "--json goes with --handout"},
		{"check and handout", []string{"--check", "--handout", "x.html"}, 2, "", "not both"},
		{"record without handout", []string{"--record", filepath.Join(dir, "r.tsrec")}, 2, "", "--record goes with --handout"},
		{"record into the handout", []string{"--handout", filepath.Join(dir, "h.html"), "--record", filepath.Join(dir, "h.html")}, 2, "", "a file of its own"},
		{"record where it cannot", []string{"--handout", filepath.Join(dir, "h.html"), "--record", filepath.Join(dir, "no", "r.tsrec")}, 1, "",
			"taskscope lesson: cannot write the recording: open " + filepath.Join(dir, "no", "r.tsrec") + ": no such file or directory\n"},
		{"handout of a bad file", []string{"--handout", filepath.Join(dir, "h.html"), bad}, 1, "", "1 answers"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := runLesson(c.args, &out, &errb)
			if code != c.code || !strings.Contains(out.String(), c.stdout) || !strings.Contains(errb.String(), c.stderr) {
				t.Errorf("code %d, stdout %q, stderr %q; want %d, %q, %q", code, out.String(), errb.String(), c.code, c.stdout, c.stderr)
			}
		})
	}
	// Every refusal came before anything was measured or written.
	for _, f := range []string{"h.html", "r.tsrec"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("%s was written by a refused command", f)
		}
	}
}

// TestLessonHandoutRunSteps measures a lesson of the two Python programs through the command
// and reads its JSON and page.
func TestLessonHandoutRunSteps(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 is required in CI")
		}
		t.Skip("no python3")
	}
	dir := t.TempDir()
	for _, f := range []string{"gil_threads.py", "gil_processes.py"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "lesson", "lessons", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), b, 0o644)
	}
	src := `title = "GIL"
[[step]]
id = "threads"
title = "Threads"
run = ["python3", "gil_threads.py"]
question = "At once?"
answers = ["yes", "no"]
[[step]]
id = "processes"
title = "Processes"
run = ["python3", "gil_processes.py"]
question = "At once?"
answers = ["yes", "no"]
`
	file := filepath.Join(dir, "gil.toml")
	os.WriteFile(file, []byte(src), 0o644)
	page := filepath.Join(dir, "out.html")
	var out, errb bytes.Buffer
	if code := runLesson([]string{"--handout", page, "--json", file}, &out, &errb); code != 0 {
		t.Fatalf("code %d: %s", code, errb.String())
	}
	var h struct {
		Title, Host, Started string
		Steps                []struct {
			ID, Kind string
			Figures  map[string]any
		}
	}
	if err := json.Unmarshal(out.Bytes(), &h); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if h.Title != "GIL" || h.Host == "" || h.Started == "" || len(h.Steps) != 2 {
		t.Fatalf("got %+v", h)
	}
	for _, st := range h.Steps {
		for _, k := range []string{"parallelism", "overlap_share", "threads", "wall_s", "exact", "workers"} {
			if _, ok := st.Figures[k]; !ok {
				t.Errorf("%s: no figure %q in %v", st.ID, k, st.Figures)
			}
		}
	}
	if ov := h.Steps[0].Figures["overlap_share"].(float64); ov > 0.05 {
		t.Errorf("two Python threads overlapped for %.0f%% of the run; the GIL allows next to none", ov*100)
	}
	b, err := os.ReadFile(page)
	if err != nil || strings.Count(string(b), "<svg") != 4 {
		t.Errorf("page: %v, %d drawings, want 4", err, strings.Count(string(b), "<svg"))
	}
}
