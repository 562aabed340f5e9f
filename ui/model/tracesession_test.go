package model

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/trace"
)

func TestLineRingKeepsTheLast(t *testing.T) {
	r := NewLineRing(3)
	fmt.Fprint(r, "a\nb\nc")
	if lines, total := r.Lines(); strings.Join(lines, "|") != "a|b|c" || total != 2 {
		t.Errorf("lines %q total %d", lines, total)
	}
	fmt.Fprint(r, "d\ne\n")
	if lines, total := r.Lines(); strings.Join(lines, "|") != "cd|e" && strings.Join(lines, "|") != "b|cd|e" || total != 4 {
		t.Errorf("after more: %q total %d", lines, total)
	}
	// A flood: a million lines in one go keep only the last three, and a line with no end is
	// cut at maxLine instead of growing without bound.
	var b strings.Builder
	for i := range 1_000_000 {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	n, err := r.Write([]byte(b.String()))
	if err != nil || n != b.Len() {
		t.Fatalf("write %d of %d: %v", n, b.Len(), err)
	}
	if lines, _ := r.Lines(); len(lines) != 3 || lines[2] != "line 999999" {
		t.Errorf("after the flood: %q", lines)
	}
	r.Write([]byte(strings.Repeat("x", 10*maxLine)))
	if lines, _ := r.Lines(); len(lines[len(lines)-1]) != maxLine {
		t.Errorf("an endless line kept %d bytes", len(lines[len(lines)-1]))
	}
}

func waitExit(t *testing.T, s *TraceSession) {
	t.Helper()
	select {
	case <-s.Exited():
	case <-time.After(20 * time.Second):
		s.End()
		t.Fatal("program did not end")
	}
}

// TestSessionStartedProgram runs a program that writes two lines and exits with status 3, in a
// given directory: its output and exit status are kept, and its trace names it.
func TestSessionStartedProgram(t *testing.T) {
	dir := t.TempDir()
	s, err := StartSession([]string{"/bin/sh", "-c", "pwd; echo to-stderr >&2; exit 3"}, dir, trace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	waitExit(t, s)
	tr := s.Stop()
	lines, _ := s.Output.Lines()
	if len(lines) != 2 || lines[0] != dir || lines[1] != "to-stderr" {
		t.Errorf("output %q, want the directory and the stderr line", lines)
	}
	if st := s.ExitStatus(); st != "exited with status 3" {
		t.Errorf("exit status %q", st)
	}
	if len(tr.Threads) == 0 || tr.Threads[0].Name != "sh" {
		t.Errorf("trace threads %+v", tr.Threads)
	}
	if s.Refusal == "" && tr.Source != trace.SourcePerf {
		t.Errorf("source %q without a refusal", tr.Source)
	}
}

// TestSessionRefusedIsSampled injects the refusal: the program still runs, sampled, and the
// session says why.
func TestSessionRefusedIsSampled(t *testing.T) {
	s, err := StartSession([]string{"/bin/sleep", "0.05"}, "", trace.Options{Refuse: unix.EPERM})
	if err != nil {
		t.Fatal(err)
	}
	waitExit(t, s)
	tr := s.Stop()
	// The caption that says "Sampled" is the Timeline tab's (timelinemodel.TraceCaption, tested there).
	if tr.Source != trace.SourceSampled || s.Refusal == "" {
		t.Errorf("source %q refusal %q", tr.Source, s.Refusal)
	}
	if _, err := StartSession([]string{"/no/such/program"}, "", trace.Options{}); err == nil {
		t.Error("a missing program started")
	}
	if _, err := StartSession(nil, "", trace.Options{}); err == nil {
		t.Error("an empty command started")
	}
}

// TestSessionEndKillsStarted checks that ending the session ends a program it started.
func TestSessionEndKillsStarted(t *testing.T) {
	s, err := StartSession([]string{"/bin/sleep", "30"}, "", trace.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.End()
	waitExit(t, s)
	if st := s.ExitStatus(); !strings.Contains(st, "killed") {
		t.Errorf("after End: %q", st)
	}
}
