package inspect

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// fuzzTree is one proc tree on disk, rewritten for each input of FuzzSampleTree, and the Sampler
// reading it, made once per fuzzing process because NewSampler reads host facts.
var fuzzTree struct {
	once sync.Once
	dir  string
	s    *Sampler
	err  error
}

// FuzzSampleTree feeds arbitrary bytes as a task stat file, a task cmdline, /proc/stat and
// /proc/meminfo through two whole samples: the sampler's own parsers and those of procfs it
// relies on. Nothing may panic, and whatever is shown must hold together.
func FuzzSampleTree(f *testing.F) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	f.Add(read("proc-t0/100/stat"), read("proc-t0/100/cmdline"), read("proc-t0/stat"), read("proc-t0/meminfo"))
	f.Add(read("proc-t1/500/stat"), []byte{}, []byte("cpu0 1 2\n"), []byte("MemTotal: x kB\n"))
	f.Add([]byte("7 (a) b) Z 0"), []byte("\x00\x00"), []byte("cpu 1 2 3 4 5 6 7 8 9 10 11 12\n"), []byte("MemAvailable:\n"))
	f.Fuzz(func(t *testing.T, stat, cmdline, procStat, meminfo []byte) {
		fuzzTree.once.Do(func() {
			fuzzTree.dir, fuzzTree.err = os.MkdirTemp("", "taskscope-fuzz")
			if fuzzTree.err == nil {
				fuzzTree.err = os.MkdirAll(filepath.Join(fuzzTree.dir, "7", "task", "7"), 0o755)
			}
			if fuzzTree.err == nil {
				fuzzTree.s, fuzzTree.err = NewSampler(fuzzTree.dir)
			}
		})
		if fuzzTree.err != nil {
			t.Fatal(fuzzTree.err)
		}
		d := fuzzTree.dir
		for name, b := range map[string][]byte{"7/stat": stat, "7/task/7/stat": stat, "7/cmdline": cmdline,
			"stat": procStat, "meminfo": meminfo} {
			if err := os.WriteFile(filepath.Join(d, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		for range 2 {
			snap, err := fuzzTree.s.Sample()
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range snap.Processes {
				if p.PID != 7 || p.CPUPercent < 0 || len(p.Threads) == 0 {
					t.Fatalf("bad process %+v", p)
				}
			}
			for _, c := range snap.Cores {
				if !(c.BusyPercent >= 0 && c.BusyPercent <= 100) {
					t.Fatalf("bad core %+v", c)
				}
			}
		}
	})
}
