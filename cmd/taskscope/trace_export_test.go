package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/taskscope/taskscope/record"
)

// TestExportOfTraceJSON runs a real `taskscope trace --json` of a shell that keeps two
// processes busy in turns, writes its output to a file, and exports that file: the export has
// the runs on the programs' tracks and the CPU tracks, labelled exact, and no slice of a track
// ends after the next one begins as a viewer reads the numbers.
func TestExportOfTraceJSON(t *testing.T) {
	perfAllowed(t)
	var out, errb bytes.Buffer
	script := "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; /bin/sleep 0.05; i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done"
	if code := runTrace([]string{"--json", "--", "/bin/sh", "-c", script}, &out, &errb); code != 0 {
		t.Fatalf("trace: exit %d: %s", code, errb.String())
	}
	dir := t.TempDir()
	in, outPath := filepath.Join(dir, "trace.json"), filepath.Join(dir, "export.json")
	if err := os.WriteFile(in, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	errb.Reset()
	if code := record.Main("export", []string{in, "-o", outPath}, &out, &errb); code != 0 {
		t.Fatalf("export of the trace: exit %d: %s", code, errb.String())
	}
	b, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		TraceEvents []struct {
			Name string         `json:"name"`
			Cat  string         `json:"cat"`
			Ph   string         `json:"ph"`
			TS   float64        `json:"ts"`
			Dur  float64        `json:"dur"`
			PID  int            `json:"pid"`
			TID  int            `json:"tid"`
			Args map[string]any `json:"args"`
		} `json:"traceEvents"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("the export is not JSON: %v", err)
	}
	cpuTracks, shRuns := map[int]bool{}, 0
	last := map[[2]int]float64{}
	var threads []string
	for _, e := range doc.TraceEvents {
		if e.Ph == "M" && e.Name == "thread_name" {
			name, _ := e.Args["name"].(string)
			threads = append(threads, name)
		}
		if e.Ph != "X" {
			continue
		}
		k := [2]int{e.PID, e.TID}
		if end, ok := last[k]; ok && end > e.TS {
			t.Fatalf("on track %v a slice ends at %v after the next begins at %v", k, end, e.TS)
		}
		last[k] = e.TS + e.Dur
		if e.Cat == "exact" && e.Args["pid"] != nil {
			cpuTracks[e.TID] = true
		}
		if e.Name == "sh" && e.Cat == "exact" {
			shRuns++
		}
	}
	if len(cpuTracks) == 0 || shRuns == 0 {
		t.Fatalf("the export has %d CPU tracks with exact runs and %d runs of sh; threads %q", len(cpuTracks), shRuns, threads)
	}
	if !strings.Contains(strings.Join(threads, ","), "CPU ") {
		t.Fatalf("no CPU track is named: %q", threads)
	}
}
