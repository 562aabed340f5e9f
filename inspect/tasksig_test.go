package inspect

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSamplerListsProcOnlyWhenTasksChanged checks the gate on listing the proc root: while the
// task signature stays the same, the previous list of processes is used (a process added to a
// copied fixture tree is not seen); once it moves, the root is listed and the new one appears.
func TestSamplerListsProcOnlyWhenTasksChanged(t *testing.T) {
	root := filepath.Join(t.TempDir(), "proc")
	if err := os.CopyFS(root, os.DirFS("testdata/proc-t0")); err != nil {
		t.Fatal(err)
	}
	s, err := NewSampler(root)
	if err != nil {
		t.Fatal(err)
	}
	if s.taskSig != nil {
		t.Fatal("a fixture tree was taken for the live /proc")
	}
	sig := taskSignature{tasks: 11, lastPID: 800}
	s.taskSig = func(int) (taskSignature, bool) { return sig, true }
	if _, err := s.Sample(); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(root, "901"), os.DirFS("testdata/proc-t0/300")); err != nil {
		t.Fatal(err)
	}
	snap, err := s.Sample()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := snap.Find(901); ok || s.procListings != 1 {
		t.Fatalf("signature unchanged: process 901 found %v after %d listings, want the old list reused", ok, s.procListings)
	}
	sig.lastPID = 901
	if snap, err = s.Sample(); err != nil {
		t.Fatal(err)
	}
	if _, ok := snap.Find(901); !ok || s.procListings != 2 {
		t.Errorf("signature moved: process 901 found %v after %d listings, want it listed", ok, s.procListings)
	}
}

// TestSamplerSeesNewProcessLive checks the gate on the live /proc: a process started between two
// samples is in the second, and one that ended is not.
func TestSamplerSeesNewProcessLive(t *testing.T) {
	s, err := NewSampler("/proc")
	if err != nil {
		t.Fatal(err)
	}
	if s.taskSig == nil {
		t.Fatal("the live /proc was not recognised: /proc is listed every sample")
	}
	if _, err := s.Sample(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	snap, err := s.Sample()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := snap.Find(pid); !ok {
		t.Errorf("process %d started between samples is missing", pid)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if snap, err = s.Sample(); err != nil {
		t.Fatal(err)
	}
	if _, ok := snap.Find(pid); ok {
		t.Errorf("process %d, ended and reaped, is still listed", pid)
	}
}

func TestReadTaskSignature(t *testing.T) {
	dir := t.TempDir()
	fd := func() int {
		t.Helper()
		fd, err := os.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { fd.Close() })
		return int(fd.Fd())
	}
	buf := make([]byte, 1024)
	for _, c := range []struct {
		text string
		want taskSignature
		ok   bool
	}{
		{"0.31 0.51 1.56 2/5084 26116\n", taskSignature{5084, 26116}, true},
		{"0.31 0.51 1.56 2/5084\n", taskSignature{}, false},
		{"0.31 0.51 1.56 25084 26116\n", taskSignature{}, false},
		{"0.31 0.51 1.56 2/x 26116\n", taskSignature{}, false},
		{"", taskSignature{}, false},
	} {
		if err := os.WriteFile(filepath.Join(dir, "loadavg"), []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, ok := readTaskSignature(fd(), buf); got != c.want || ok != c.ok {
			t.Errorf("loadavg %q: %+v, %v; want %+v, %v", c.text, got, ok, c.want, c.ok)
		}
	}
	os.Remove(filepath.Join(dir, "loadavg"))
	if _, ok := readTaskSignature(fd(), buf); ok {
		t.Error("a missing loadavg gave a signature")
	}
}
