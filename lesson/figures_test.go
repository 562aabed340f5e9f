package lesson

import (
	"math"
	"testing"
	"time"
)

const ms = int64(time.Millisecond)

// alternating makes n threads that take turns on one CPU, each run slice long, over wall.
func alternating(n int, slice, wall int64) *Trace {
	t := &Trace{StartNS: 0, EndNS: wall, Exact: true, Threads: make([]Thread, n)}
	for at, i := int64(0), 0; at < wall; at, i = at+slice, i+1 {
		th := &t.Threads[i%n]
		th.Runs = append(th.Runs, Span{at, min(at+slice, wall)})
	}
	return t
}

// parallel makes n threads each running the whole wall, in runs of slice.
func parallel(n int, slice, wall int64) *Trace {
	t := &Trace{StartNS: 0, EndNS: wall, Exact: true, Threads: make([]Thread, n)}
	for i := range t.Threads {
		for at := int64(0); at < wall; at += slice {
			t.Threads[i].Runs = append(t.Threads[i].Runs, Span{at, min(at+slice, wall)})
		}
	}
	return t
}

func TestFigures(t *testing.T) {
	half := &Trace{StartNS: 0, EndNS: 100 * ms, Threads: []Thread{
		{Runs: []Span{{0, 60 * ms}}},
		{Runs: []Span{{40 * ms, 90 * ms}}},
		{Runs: []Span{{-10 * ms, 5 * ms}, {95 * ms, 120 * ms}}}, // clipped to the trace
	}}
	cases := []struct {
		name                 string
		tr                   *Trace
		parallelism, overlap float64
	}{
		{"empty", &Trace{}, 0, 0},
		{"two threads taking turns", alternating(2, 5*ms, time.Second.Nanoseconds()), 1, 0},
		{"two threads side by side", parallel(2, 4*ms, time.Second.Nanoseconds()), 2, 1},
		{"four threads side by side", parallel(4, 3*ms, time.Second.Nanoseconds()), 4, 1},
		// 0–60 and 40–90 overlap 20 ms; the third thread adds 5 ms at the start (overlapping
		// the first) and 5 ms at the end (alone): CPU 60+50+10 = 120 ms over 100 ms.
		{"partial", half, 1.2, 0.25},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if p := Parallelism(c.tr); math.Abs(p-c.parallelism) > 1e-9 {
				t.Errorf("parallelism %v, want %v", p, c.parallelism)
			}
			if o := OverlapShare(c.tr); math.Abs(o-c.overlap) > 1e-9 {
				t.Errorf("overlap %v, want %v", o, c.overlap)
			}
		})
	}
	f := RunFigures(half)
	if f["parallelism"] != 1.2 || f["overlap_share"] != 0.25 || f["threads"] != 3 || f["wall_s"] != 0.1 || f["exact"] != false {
		t.Errorf("RunFigures %v", f)
	}
}

func TestTurnZoom(t *testing.T) {
	sec := time.Second.Nanoseconds()
	// A program that runs one thread alone for 2 s, then two threads taking 5 ms turns for 1 s.
	mixed := &Trace{StartNS: 0, EndNS: 3 * sec, Threads: []Thread{{Runs: []Span{{0, 2 * sec}}}, {}}}
	turns := alternating(2, 5*ms, sec)
	for i, th := range turns.Threads {
		for _, r := range th.Runs {
			mixed.Threads[i].Runs = append(mixed.Threads[i].Runs, Span{r.Start + 2*sec, r.End + 2*sec})
		}
	}
	cases := []struct {
		name     string
		tr       *Trace
		width    int64 // 0: the whole trace
		inside   [2]int64
		lessThan int64
	}{
		{"one thread: whole run", &Trace{EndNS: sec, Threads: []Thread{{Runs: []Span{{0, 10 * ms}, {20 * ms, 30 * ms}}}}}, 0, [2]int64{0, sec}, 0},
		{"turns: a few slices wide, in the middle", alternating(2, 5*ms, sec), zoomRuns * 5 * ms, [2]int64{300 * ms, 700 * ms}, 0},
		{"turns only at the end: the zoom goes there", mixed, 0, [2]int64{2 * sec, 3 * sec}, 100 * ms},
		{"tiny slices: at least the minimum", alternating(3, ms/10, sec), int64(minZoom), [2]int64{0, sec}, 0},
		{"many tiny runs do not shrink it", withTiny(alternating(2, 5*ms, sec)), zoomRuns * 5 * ms, [2]int64{0, sec}, 0},
		{"short run: whole run", alternating(2, 5*ms, 20*ms), 0, [2]int64{0, 20 * ms}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			from, to := TurnZoom(c.tr)
			if from < c.inside[0] || to > c.inside[1] || to <= from {
				t.Errorf("zoom [%d, %d] ms, want inside [%d, %d] ms", from/ms, to/ms, c.inside[0]/ms, c.inside[1]/ms)
			}
			switch {
			case c.width > 0 && to-from != c.width:
				t.Errorf("width %d ms, want %d ms", (to-from)/ms, c.width/ms)
			case c.width == 0 && c.lessThan == 0 && (from != c.tr.StartNS || to != c.tr.EndNS):
				t.Errorf("zoom [%d, %d], want the whole trace", from, to)
			case c.lessThan > 0 && to-from >= c.lessThan:
				t.Errorf("width %d ms, want under %d ms", (to-from)/ms, c.lessThan/ms)
			}
		})
	}
}

// withTiny adds a third thread that wakes for 10 µs every 2 ms, as a waiting main thread does.
func withTiny(t *Trace) *Trace {
	th := Thread{}
	for at := int64(0); at < t.EndNS; at += 2 * ms {
		th.Runs = append(th.Runs, Span{at, at + ms/100})
	}
	// Enough CPU to count as busy: a long run at the start.
	th.Runs[0].End = 30 * ms
	t.Threads = append(t.Threads, th)
	return t
}

func TestActiveEndsAtTheLastRun(t *testing.T) {
	tr := alternating(2, 5*ms, 100*ms)
	tr.EndNS = 1000 * ms // traced on for 900 ms after the program ended
	if p := Parallelism(tr.Active()); math.Abs(p-1) > 1e-9 {
		t.Errorf("parallelism of the active part %v, want 1", p)
	}
	if tr.EndNS != 1000*ms {
		t.Error("Active changed the trace it was given")
	}
}
