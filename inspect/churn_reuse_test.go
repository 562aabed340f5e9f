package inspect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestChurnPIDReuseRestartsFromZero follows PID 300 of the fixtures across three samples a
// second apart: "oldjob" (start tick 1000, 500 ticks of CPU) at t0; "newjob" (start tick 5000,
// 800 ticks) under the same PID at t1; newjob again at t2 with 50 more ticks. Were the PID alone
// the key, t1 would show newjob at 300% (800-500 ticks in a second); it must show 0%, its first
// sample, and t2 must count from newjob's own 800 ticks: 50%.
func TestChurnPIDReuseRestartsFromZero(t *testing.T) {
	f := newFixture(t)
	if p := mustFind(t, f.sample(t, "proc-t0", 0), 300); p.StartTicks != 1000 || p.Name != "oldjob" {
		t.Fatalf("t0: pid 300 = %+v, want oldjob from tick 1000", *p)
	}
	if p := mustFind(t, f.sample(t, "proc-t1", time.Second), 300); p.StartTicks != 5000 || p.CPUPercent != 0 || p.Threads[0].CPUPercent != 0 {
		t.Fatalf("t1: reused pid 300 = %+v, want newjob at 0%%", *p)
	}

	// t2: proc-t1 again, newjob having run 50 ticks more.
	t2 := filepath.Join(t.TempDir(), "proc-t2")
	if err := os.CopyFS(t2, os.DirFS(filepath.Join("testdata", "proc-t1"))); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"300/stat", "300/task/300/stat"} {
		path := filepath.Join(t2, file)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		line := strings.Replace(string(b), " 0 0 0 0 800 0 ", " 0 0 0 0 850 0 ", 1)
		if line == string(b) {
			t.Fatalf("%s: utime field not where expected: %q", file, b)
		}
		if err := os.WriteFile(path, []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.Remove(f.link)
	if err := os.Symlink(t2, f.link); err != nil {
		t.Fatal(err)
	}
	f.clock = f.clock.Add(time.Second)
	snap, err := f.s.Sample()
	if err != nil {
		t.Fatal(err)
	}
	p := mustFind(t, snap, 300)
	if p.StartTicks != 5000 || p.CPUPercent < 49.999 || p.CPUPercent > 50.001 {
		t.Errorf("t2: pid 300 = %+v, want newjob at 50%%", *p)
	}
	if len(p.Threads) != 1 || p.Threads[0].CPUPercent < 49.999 || p.Threads[0].CPUPercent > 50.001 {
		t.Errorf("t2: thread of pid 300 = %+v, want at 50%%", p.Threads)
	}
}
