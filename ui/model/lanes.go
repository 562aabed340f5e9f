package model

import (
	"time"

	"github.com/taskscope/taskscope/inspect"
)

const (
	// LaneSpan is the stretch of time the Cores tab shows.
	LaneSpan = 60 * time.Second
	// laneKeep is how long lane data is kept: a whole view behind the oldest snapshot that
	// scrub-back can reach.
	laneKeep = HistorySpan + LaneSpan
	// laneJoin is the largest gap between two samples of the same thread on a core that still
	// draws as one segment; jitter of the sampling ticker must not cut a steady run in pieces.
	laneJoin = 30 * time.Millisecond
	// laneBridge is the longest interruption a run of one process's segments spans and stays
	// one run under one name (see RunsOf): a few missed samples, not a turn of another program.
	laneBridge = 350 * time.Millisecond
	// LaneMinShare is the least CPU share, in percent of one core, that lets a thread claim a
	// core's slot or mark a migration. A Go program's runtime threads (sysmon, idle Ms) wake for
	// a few microseconds and keep the core they last ran on; without a floor, such a thread
	// claims a whole 100 ms slot whenever the busy thread that really used the core was last
	// seen on another one, and the lane reads as if it had done the work.
	LaneMinShare = 5.0
)

// LaneSeg is a stretch of one core's time given to one thread: at each sample in it, the thread
// whose CPU time grew most among those whose last core was this one.
type LaneSeg struct {
	From, To time.Time
	Proc     inspect.TaskKey
	ProcName string
	Thread   inspect.TaskKey
	Name     string
	State    string
	// CPU is the thread's CPU share over the segment, in percent of one core.
	CPU float64
	// Fine is true for segments from the 10 Hz watch, false for those from the main refresh.
	Fine bool
	// Exact is true for a stretch drawn from an exact trace: the thread's runs as the kernel
	// reported every switch (CPU is then its share of the stretch); false for sampled ones.
	Exact bool
}

// LaneTick marks a watched thread seen on a core other than the one it was last seen on.
type LaneTick struct {
	At     time.Time
	Thread inspect.TaskKey
	Name   string
	From   int
}

// ThreadTrack is what the lanes know of one watched thread: where it was last seen and how
// often it has moved.
type ThreadTrack struct {
	Key        inspect.TaskKey
	Proc       inspect.TaskKey
	ProcName   string
	Name       string
	State      string
	Core       int
	CPU        float64
	Migrations int
	LastSeen   time.Time
	// Busy is true once the thread has run for LaneMinShare of a sample: the list of watched
	// threads puts these first, ahead of runtime threads that only ever woke for a moment.
	Busy bool
}

// LaneModel holds the last few minutes of core lanes. It is built from two sources: the main
// refresh (every process, about once a second) and the watch (a few processes, ten times a
// second). Watched processes are drawn from the watch only, so the two never claim the same
// thread; where the watch saw one of its threads on a core, it covers what the coarser refresh
// said of that time. Only the UI goroutine uses it.
type LaneModel struct {
	// Self is this app's PID, whose runs are labelled so (SourceInfo.Self); 0 for none.
	Self   int
	coarse [][]LaneSeg // per core, oldest first
	fine   [][]LaneSeg
	ticks  [][]LaneTick
	tracks map[inspect.TaskKey]*ThreadTrack
	// newest is the time of the newest sample of either source.
	newest time.Time
	// lastFine is the time of the newest watch sample.
	lastFine time.Time
	// exact is the exact trace drawn over the samples (lanes_exact.go), nil when none; the
	// slices after it are reused by each Window.
	exact            *exactTrace
	scratch          []LaneSeg
	slotBest         []int
	slotNS, slotThis []int64
}

// NewLaneModel returns an empty lane model.
func NewLaneModel() *LaneModel {
	return &LaneModel{tracks: map[inspect.TaskKey]*ThreadTrack{}}
}

// Newest is the time of the newest sample of either source.
func (m *LaneModel) Newest() time.Time { return m.newest }

// cores is the number of lanes.
func (m *LaneModel) cores() int { return len(m.coarse) }

// ensure makes room for n lanes.
func (m *LaneModel) ensure(n int) {
	for len(m.coarse) < n {
		m.coarse = append(m.coarse, nil)
		m.fine = append(m.fine, nil)
		m.ticks = append(m.ticks, nil)
	}
}

// winner is the thread that gets one core's slot of a sample.
type winner struct {
	ok     bool
	proc   *inspect.Process
	thread *inspect.Thread
}

// better reports whether t should take the slot from w: more CPU time, then the lower TID, so
// the choice does not depend on the order processes were read in.
func (w *winner) better(t *inspect.Thread) bool {
	if !w.ok {
		return true
	}
	if t.CPUPercent != w.thread.CPUPercent {
		return t.CPUPercent > w.thread.CPUPercent
	}
	return t.TID < w.thread.TID
}

// pick finds, for each core, the thread whose CPU time grew most among those whose last core it
// is, over the given processes, skipping those skip says no to. A thread that ran less than
// LaneMinShare of the interval claims nothing: the slot stays idle (or to the refresh).
func pick(procs []inspect.Process, cores int, skip func(*inspect.Process) bool) []winner {
	best := make([]winner, cores)
	for i := range procs {
		p := &procs[i]
		if skip != nil && skip(p) {
			continue
		}
		for j := range p.Threads {
			t := &p.Threads[j]
			if t.CPUPercent < LaneMinShare || t.Core < 0 || t.Core >= cores {
				continue
			}
			if w := &best[t.Core]; w.better(t) {
				*w = winner{ok: true, proc: p, thread: t}
			}
		}
	}
	return best
}

// AddCoarse takes a sample of the main refresh. Processes in watched are left to the watch.
func (m *LaneModel) AddCoarse(s *inspect.Snapshot, watched map[inspect.TaskKey]bool) {
	n := len(s.Cores)
	for i := range s.Processes {
		for _, t := range s.Processes[i].Threads {
			n = max(n, t.Core+1)
		}
	}
	m.ensure(n)
	if s.Interval <= 0 {
		return
	}
	best := pick(s.Processes, m.cores(), func(p *inspect.Process) bool { return watched[p.Key()] })
	for c, w := range best {
		if w.ok {
			m.coarse[c] = appendSeg(m.coarse[c], segOf(w, s.Taken.Add(-s.Interval), s.Taken, false))
		}
	}
	m.advance(s.Taken)
}

// AddFine takes a sample of the watch: threads that changed core are counted, and marked when
// they ran at least LaneMinShare (an idle runtime thread that drifted is counted, not drawn),
// and each core's slot goes to the watched thread that ran most on it.
func (m *LaneModel) AddFine(ws *inspect.WatchSample) {
	for i := range ws.Processes {
		p := &ws.Processes[i]
		for j := range p.Threads {
			t := &p.Threads[j]
			m.ensure(t.Core + 1)
			tr := m.tracks[t.Key()]
			if tr == nil {
				tr = &ThreadTrack{Key: t.Key(), Proc: p.Key(), Core: t.Core}
				m.tracks[t.Key()] = tr
			} else if tr.Core != t.Core {
				tr.Migrations++
				if t.CPUPercent >= LaneMinShare {
					m.ticks[t.Core] = append(m.ticks[t.Core], LaneTick{At: ws.Taken, Thread: t.Key(), Name: t.Name, From: tr.Core})
				}
				tr.Core = t.Core
			}
			tr.ProcName, tr.Name, tr.State, tr.CPU, tr.LastSeen = p.Name, t.Name, t.State, t.CPUPercent, ws.Taken
			tr.Busy = tr.Busy || t.CPUPercent >= LaneMinShare
		}
	}
	m.lastFine = ws.Taken
	if ws.Interval > 0 {
		for c, w := range pick(ws.Processes, m.cores(), nil) {
			if w.ok {
				m.fine[c] = appendSeg(m.fine[c], segOf(w, ws.Taken.Add(-ws.Interval), ws.Taken, true))
			}
		}
	}
	m.advance(ws.Taken)
}

func segOf(w winner, from, to time.Time, fine bool) LaneSeg {
	return LaneSeg{From: from, To: to, Proc: w.proc.Key(), ProcName: w.proc.Name, Thread: w.thread.Key(),
		Name: w.thread.Name, State: w.thread.State, CPU: w.thread.CPUPercent, Fine: fine}
}

// appendSeg adds s to a lane, extending the last segment when the same thread simply ran on:
// a steady workload then costs one segment, not ten a second.
func appendSeg(lane []LaneSeg, s LaneSeg) []LaneSeg {
	if n := len(lane); n > 0 {
		last := &lane[n-1]
		if last.Thread == s.Thread && last.Name == s.Name && s.From.Sub(last.To).Abs() <= laneJoin {
			a, b := last.To.Sub(last.From).Seconds(), s.To.Sub(s.From).Seconds()
			if a+b > 0 {
				last.CPU = (last.CPU*a + s.CPU*b) / (a + b)
			}
			last.To, last.State = s.To, s.State
			return lane
		}
		if s.From.Before(last.To) {
			s.From = last.To // the sources' clocks overlap by a hair; never draw backwards
		}
	}
	return append(lane, s)
}

// advance moves the newest time on and drops what is older than laneKeep.
func (m *LaneModel) advance(t time.Time) {
	if t.After(m.newest) {
		m.newest = t
	}
	cut := m.newest.Add(-laneKeep)
	for c := range m.coarse {
		m.coarse[c] = trimSegs(m.coarse[c], cut)
		m.fine[c] = trimSegs(m.fine[c], cut)
		k := 0
		for k < len(m.ticks[c]) && m.ticks[c][k].At.Before(cut) {
			k++
		}
		m.ticks[c] = shiftOut(m.ticks[c], k)
	}
	for key, tr := range m.tracks {
		if tr.LastSeen.Before(cut) {
			delete(m.tracks, key)
		}
	}
}

func trimSegs(lane []LaneSeg, cut time.Time) []LaneSeg {
	k := 0
	for k < len(lane) && lane[k].To.Before(cut) {
		k++
	}
	return shiftOut(lane, k)
}
