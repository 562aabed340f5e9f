package model

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// TestLaneModelCoarseAndFine: twenty seconds of the refresh, the last eight also watched at
// 10 Hz; the watch covers what the refresh said of its processes' time, migrations are counted
// and ticked, and the window clips to what was asked.
func TestLaneModelCoarseAndFine(t *testing.T) {
	m := NewLaneModel()
	crunch := inspect.TaskKey{ID: 500, StartTicks: 5000}
	var last *inspect.Snapshot
	for i := 0; i <= 20; i++ {
		last = fixture(t0.Add(time.Duration(i)*time.Second), [3]float64{30, 5, 1})
		m.AddCoarse(last, map[inspect.TaskKey]bool{crunch: true})
	}
	end := last.Taken
	const watched = 8 * time.Second
	for i := 1; i <= 80; i++ {
		core := 1
		if i > 30 && i <= 50 {
			core = 0
		}
		m.AddFine(crunchSample(end.Add(-watched+time.Duration(i)*WatchEvery), core))
	}
	rows := m.Window(end.Add(-LaneSpan), end, nil)
	if len(rows) != 2 || !m.Newest().Equal(end) {
		t.Fatalf("%d lanes, newest %v", len(rows), m.Newest())
	}
	for _, c := range []struct {
		core    int
		names   []string // every thread drawn on the lane
		ticks   int
		coarseB time.Time // no refresh segment after this
	}{
		{0, []string{"firefox", "worker-1"}, 1, end.Add(-watched)},
		// worker-2 left core 1 for two seconds: there the refresh's Renderer shows through.
		{1, []string{"Renderer", "worker-2"}, 1, end.Add(-3 * time.Second)},
	} {
		var names []string
		for _, s := range rows[c.core].Segs {
			if !slices.Contains(names, s.Name) {
				names = append(names, s.Name)
			}
			if !s.Fine && s.To.After(c.coarseB) {
				t.Errorf("core %d: refresh segment %v–%v drawn under the watch's", c.core, s.From, s.To)
			}
			if s.From.Before(end.Add(-LaneSpan)) || s.To.After(end) {
				t.Errorf("core %d: segment outside the window", c.core)
			}
		}
		slices.Sort(names)
		want := slices.Clone(c.names)
		slices.Sort(want)
		if !slices.Equal(names, want) {
			t.Errorf("core %d shows %v, want %v", c.core, names, want)
		}
		if len(rows[c.core].Ticks) != c.ticks {
			t.Errorf("core %d: %d ticks, want %d", c.core, len(rows[c.core].Ticks), c.ticks)
		}
	}
	tracks := m.WatchedThreads()
	var w2 ThreadTrack
	for _, tr := range tracks {
		if tr.Name == "worker-2" {
			w2 = tr
		}
	}
	if w2.Migrations != 2 || w2.Core != 1 || !w2.Busy {
		t.Errorf("worker-2's track = %+v, want 2 moves, on core 1, busy", w2)
	}
	// Scrubbed back: a window that ends earlier holds nothing after its end.
	back := m.Window(end.Add(-LaneSpan-10*time.Second), end.Add(-10*time.Second), nil)
	for _, r := range back {
		for _, s := range r.Segs {
			if s.To.After(end.Add(-10 * time.Second)) {
				t.Errorf("segment until %v past the scrubbed end", s.To)
			}
		}
	}
}

// TestCoreLanesRuntimeThreadsDoNotClaim: a Go program's runtime thread that woke for a moment
// on a core claims no slot there and draws no tick when it drifts; the busy worker does.
func TestCoreLanesRuntimeThreadsDoNotClaim(t *testing.T) {
	m := NewLaneModel()
	at := t0
	sample := func(rtCore, wCore int) {
		at = at.Add(WatchEvery)
		m.AddFine(&inspect.WatchSample{Taken: at, Interval: WatchEvery, Processes: []inspect.Process{{
			PID: 500, StartTicks: 5000, Name: "crunch", Threads: []inspect.Thread{
				{TID: 501, StartTicks: 5000, Name: "crunch", State: "S", CPUPercent: 0.2, Core: rtCore},
				{TID: 502, StartTicks: 5000, Name: "worker-0", State: "R", CPUPercent: 97, Core: wCore},
			}}}})
	}
	sample(0, 1)
	sample(1, 1) // the runtime thread drifts to core 1
	sample(0, 1)
	if len(m.fine[0]) != 0 {
		t.Errorf("core 0 slots = %+v, want none: the runtime thread ran 0.2 %%", m.fine[0])
	}
	if len(m.ticks[0])+len(m.ticks[1]) != 0 {
		t.Errorf("ticks = %v / %v, want none for an idle thread's drift", m.ticks[0], m.ticks[1])
	}
	if tr := m.tracks[inspect.TaskKey{ID: 501, StartTicks: 5000}]; tr == nil || tr.Migrations != 2 {
		t.Errorf("runtime thread's track = %+v, want its 2 moves counted", tr)
	}
	sample(0, 0) // the worker moves: counted and ticked
	if len(m.ticks[0]) != 1 || m.ticks[0][0].Name != "worker-0" {
		t.Errorf("ticks on core 0 = %+v, want worker-0's arrival", m.ticks[0])
	}
	if got := m.WatchedThreads(); len(got) != 2 || got[0].Name != "worker-0" {
		t.Errorf("watched threads = %+v, want the busy worker first", got)
	}
}

// TestCoreLanesRunsNameTheDominantThread: samples of one process whose threads take turns make one
// run, named after the thread that held most of it, with the count of the others; a short break
// does not end the run, a longer turn of another process does.
func TestCoreLanesRunsNameTheDominantThread(t *testing.T) {
	proc := inspect.TaskKey{ID: 500, StartTicks: 5000}
	other := inspect.TaskKey{ID: 600, StartTicks: 6000}
	seg := func(i int, p inspect.TaskKey, tid int, name string) LaneSeg {
		from := t0.Add(time.Duration(i) * WatchEvery)
		return LaneSeg{From: from, To: from.Add(WatchEvery), Proc: p, Thread: inspect.TaskKey{ID: tid, StartTicks: 1},
			Name: name, Fine: true}
	}
	var segs []LaneSeg
	for i := range 10 {
		switch {
		case i%3 == 1:
			segs = append(segs, seg(i, proc, 501, "crunch"))
		case i == 5:
			segs = append(segs, seg(i, proc, 503, "worker-1"))
		default:
			segs = append(segs, seg(i, proc, 502, "worker-0"))
		}
	}
	// Another process's sample and an idle one are bridged: the run goes on under one name.
	segs = append(segs, seg(10, other, 601, "Xorg"), seg(12, proc, 502, "worker-0")) // idle at 11
	// Half a second of another process is a turn of its own, and ends the run.
	for i := 13; i < 18; i++ {
		segs = append(segs, seg(i, other, 601, "Xorg"))
	}
	segs = append(segs, seg(18, proc, 503, "worker-1"))
	runs := RunsOf(segs, nil, 0)
	if len(runs) != 3 {
		t.Fatalf("runs = %+v, want crunch, Xorg, crunch", runs)
	}
	if r := runs[0]; r.Label() != "worker-0 +2" || !r.From.Equal(t0) || !r.To.Equal(t0.Add(13*WatchEvery)) || r.Proc != proc {
		t.Errorf("first run = %+v (%q), want worker-0 +2 over the first 1.3 s, across the short break", r, r.Label())
	}
	if r := runs[1]; r.Label() != "Xorg" || !r.From.Equal(t0.Add(13*WatchEvery)) || !r.To.Equal(t0.Add(18*WatchEvery)) {
		t.Errorf("second run = %+v (%q), want Xorg's half second", r, r.Label())
	}
	if runs[2].Label() != "worker-1" || runs[2].Proc != proc {
		t.Errorf("last run = %q", runs[2].Label())
	}
}

// TestWatchedThreadsNamedFirst: among threads that never ran enough to be busy, a demo's own
// named threads come before the runtime's helpers, which carry the process's name.
func TestWatchedThreadsNamedFirst(t *testing.T) {
	m := NewLaneModel()
	at := time.Unix(1000, 0)
	m.AddFine(&inspect.WatchSample{Taken: at, Interval: WatchEvery, Processes: []inspect.Process{{
		PID: 700, StartTicks: 1, Name: "browser", Threads: []inspect.Thread{
			{TID: 700, StartTicks: 1, Name: "browser", State: "S"},
			{TID: 701, StartTicks: 1, Name: "browser", State: "S"},
			{TID: 705, StartTicks: 1, Name: "tab-1", State: "S", CPUPercent: 0.1},
		}}}})
	got := m.WatchedThreads()
	if len(got) != 3 || got[0].Name != "tab-1" || got[1].Key.ID != 700 || got[2].Key.ID != 701 {
		t.Errorf("watched threads = %+v, want tab-1 first, then the rest by TID", got)
	}
}

// TestWatchSet checks which processes are watched: marked, selected, then filter matches by
// the table's own rule, never kernel threads through the filter, in PID order.
func TestWatchSet(t *testing.T) {
	s := fixture(t0, [3]float64{30, 5, 1})
	sel := inspect.TaskKey{ID: 300, StartTicks: 300}
	self := inspect.Process{PID: os.Getpid(), StartTicks: 7, Name: "taskscope", Cmdline: "taskscope --filter crunch"}
	withSelf := fixture(t0, [3]float64{30, 5, 1})
	withSelf.Processes = append(withSelf.Processes, self)
	for _, c := range []struct {
		name   string
		s      *inspect.Snapshot
		marked map[int]bool
		sel    inspect.TaskKey
		hasSel bool
		filter string
		want   []int
	}{
		{"marked and selected", s, map[int]bool{200: true}, sel, true, "", []int{200, 300}},
		{"reused PID selected", s, nil, inspect.TaskKey{ID: 300, StartTicks: 1}, true, "", nil},
		{"filter by name", s, nil, sel, false, "SYSTEM", []int{1}},
		{"filter by command line", s, nil, sel, false, "usr", []int{100}},
		{"no kernel thread", s, nil, sel, false, "kthread", nil},
		{"not Taskscope itself", withSelf, nil, sel, false, "crunch", nil},
		{"Taskscope selected", withSelf, nil, self.Key(), true, "crunch", []int{os.Getpid()}},
		{"nothing sampled", nil, map[int]bool{1: true}, sel, true, "x", nil},
	} {
		var got []int
		for _, k := range WatchSet(c.s, c.marked, c.sel, c.hasSel, c.filter) {
			got = append(got, k.ID)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestPalette(t *testing.T) {
	p := NewLanePalette()
	seen := map[[4]uint8]bool{}
	for i := range len(LaneColors) {
		c := p.Color(inspect.TaskKey{ID: 1000 + i, StartTicks: 5})
		if seen[[4]uint8{c.R, c.G, c.B, c.A}] {
			t.Errorf("process %d shares a colour while fewer than %d are shown", i, len(LaneColors))
		}
		seen[[4]uint8{c.R, c.G, c.B, c.A}] = true
	}
	k := inspect.TaskKey{ID: 1000, StartTicks: 5}
	if p.Color(k) != p.Color(k) || p.Len() != len(LaneColors) {
		t.Error("a process's colour changes")
	}
	p.KeepOnly(map[inspect.TaskKey]bool{k: true})
	if p.Len() != 1 {
		t.Errorf("KeepOnly left %d", p.Len())
	}
	if TextOn(LaneColors[11]).R != 0 || TextOn(LaneColors[10]).R != 0xff {
		t.Error("text colour on sand should be black, on navy white")
	}
}
