package inspect

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// heldWorld is a one-process proc tree whose process keeps both cores of a 2-core machine busy,
// and a clock for the Sampler that lets the test hold the sampler up. Time moves only from one
// reading of the clock to the next: each reading returns the world's time and then lets gap pass
// before whatever the sampler does next, and the process's stat file then shows the CPU time as
// of frac of the way through that gap (0: the sampler read it at once and was held up after; 1:
// it was held up first and read it at the end).
type heldWorld struct {
	heldClock
	t    *testing.T
	stat string
	boot time.Time
}

// heldClock is a clock under which time moves only from one reading to the next: each reading
// returns now, then lets gap pass before whatever its reader does next, and calls showAt with
// the instant frac of the way through that gap, for the world to show its files as of then.
type heldClock struct {
	now    time.Time
	gap    time.Duration
	frac   float64
	showAt func(at time.Time)
}

// read is the clock's reading.
func (c *heldClock) read() time.Time {
	at := c.now
	c.now = at.Add(c.gap)
	c.showAt(at.Add(time.Duration(c.frac * float64(c.gap))))
	return at
}

const (
	heldPID   = 4242
	heldCores = 2
)

func newHeldWorld(t *testing.T) (*heldWorld, *Sampler) {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, fmt.Sprint(heldPID))
	if err := os.MkdirAll(filepath.Join(dir, "task", fmt.Sprint(heldPID)), 0o755); err != nil {
		t.Fatal(err)
	}
	boot := time.Date(2025, 1, 2, 3, 0, 0, 0, time.UTC)
	w := &heldWorld{t: t, stat: filepath.Join(dir, "stat"), boot: boot}
	w.heldClock = heldClock{now: boot.Add(time.Hour), gap: 10 * time.Millisecond, showAt: w.show}
	w.show(w.now)
	s, err := NewSampler(root)
	if err != nil {
		t.Fatal(err)
	}
	s.ownerOf = func(int) (uint32, bool) { return 0, true }
	s.users = userCache{0: "root"}
	s.now = w.read
	return w, s
}

// show writes the process's stat line as it reads at instant at: both cores busy since boot.
func (w *heldWorld) show(at time.Time) {
	ticks := int64(heldCores*at.Sub(w.boot)) / int64(time.Second/userHZ)
	// Half user, half system time, so both fields are read.
	line := fmt.Sprintf("%d (busy) R 1 %d %d 0 -1 4194560 0 0 0 0 %d %d 0 0 20 0 1 0 100 1228800 100 "+
		"18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
		heldPID, heldPID, heldPID, ticks/2, ticks-ticks/2)
	if err := os.WriteFile(w.stat, []byte(line), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

// TestHeldUpSamplerStaysWithinCores holds the sampler up, as a loaded machine does, around the
// read of a process that uses both cores, before or after the read and in the first or the
// second sample. Whatever the hold, the process's rate must not exceed what 2 cores can give
// (TestChurn met 461% on 2 cores), and without a hold it must still come out near 200%.
func TestHeldUpSamplerStaysWithinCores(t *testing.T) {
	const hold = 200 * time.Millisecond
	tick := 10 * time.Millisecond
	for _, c := range []struct {
		name   string
		heldIn int     // the sample during which the sampler is held up; 0 for none
		frac   float64 // where in the hold the stat file is read
	}{
		{"no hold", 0, 1},
		{"held before the read in the second sample", 2, 1},
		{"held after the read in the second sample", 2, 0},
		{"held before the read in the first sample", 1, 1},
		{"held after the read in the first sample", 1, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			w, s := newHeldWorld(t)
			w.frac = c.frac
			var p *Process
			for n := 1; n <= 2; n++ {
				w.gap = tick
				if n == c.heldIn {
					w.gap = hold
				}
				snap, err := s.Sample()
				if err != nil {
					t.Fatal(err)
				}
				p = mustFind(t, snap, heldPID)
				w.now = w.now.Add(100 * time.Millisecond) // the sampler's ticker
			}
			limit := float64(heldCores * 100)
			if p.CPUPercent > limit {
				t.Errorf("process at %.1f%% CPU on %d cores, limit %.0f", p.CPUPercent, heldCores, limit)
			}
			if c.heldIn == 0 && p.CPUPercent < limit*0.9 {
				t.Errorf("process busy on both cores at %.1f%% CPU with no hold, want near %.0f", p.CPUPercent, limit)
			}
			if p.CPUPercent <= 0 {
				t.Errorf("process busy on both cores at %.1f%% CPU", p.CPUPercent)
			}
		})
	}
}
