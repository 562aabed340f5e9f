package model

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/internal/proctest"
	"github.com/taskscope/taskscope/record"
)

func init() {
	// The sleeping-threads helper of the replay benchmark is this test binary run again; in a
	// normal run this returns at once.
	proctest.Main()
}

// TestBenchReplayOpen measures what the window does with a one-hour recording of this machine
// plus 5,000 sleeping threads (3,600 samples at 1 s): opening it and building the rows of its
// first frame, and jumping to a moment and building that frame. Targets: 2 s and 100 ms. It runs
// only with TASKSCOPE_BENCH=1 (make bench).
func TestBenchReplayOpen(t *testing.T) {
	if os.Getenv("TASKSCOPE_BENCH") != "1" {
		t.Skip("set TASKSCOPE_BENCH=1 to measure")
	}
	h, err := proctest.StartSleepers(5000)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Stop()
	s, err := inspect.NewSampler("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var live []*inspect.Snapshot
	for i := range 11 {
		snap, err := s.Sample()
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			live = append(live, snap)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// One hour: the live samples over and over, a second apart.
	path := filepath.Join(t.TempDir(), "hour.tsrec")
	w, err := record.Create(path, live[0].Host, live[0].BootTime, record.Options{Interval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t0 := live[0].Taken.Round(0)
	for i := range 3600 {
		c := *live[i%len(live)]
		c.Taken = t0.Add(time.Duration(i) * time.Second)
		c.Interval = time.Second
		if err := w.Append(&c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	o := Options{Version: 1, TableSettings: TableSettings{SortCol: ColCPU, Desc: true, Threads: true}}
	start := time.Now()
	rp, err := OpenReplay(path)
	if err != nil {
		t.Fatal(err)
	}
	defer rp.Close()
	first, err := rp.Sample()
	if err != nil {
		t.Fatal(err)
	}
	rows := BuildRows(first, o)
	firstFrame := time.Since(start)
	rng := rand.New(rand.NewPCG(3, 4))
	var jumps []time.Duration
	for range 40 {
		d := time.Duration(rng.Int64N(int64(time.Hour)))
		js := time.Now()
		rp.Playback().Seek(d)
		snap, err := rp.Sample()
		if err != nil {
			t.Fatal(err)
		}
		BuildRows(snap, o)
		jumps = append(jumps, time.Since(js))
	}
	slices.Sort(jumps)
	worst := jumps[len(jumps)-1]
	fmt.Printf("replay of one hour (%d tasks a sample, %d rows with threads): open and first frame %v (target 2s): ratio %.3f; jump and frame median %v, worst %v of 40 (target 100ms): ratio %.3f\n",
		countTasks(first), len(rows.Rows), firstFrame, firstFrame.Seconds()/2, jumps[len(jumps)/2], worst, float64(worst)/float64(100*time.Millisecond))
	if firstFrame > 2*time.Second || worst > 100*time.Millisecond {
		t.Errorf("first frame %v or worst jump %v over its target", firstFrame, worst)
	}
}

func countTasks(s *inspect.Snapshot) int {
	n := 0
	for i := range s.Processes {
		n += len(s.Processes[i].Threads)
	}
	return n
}
