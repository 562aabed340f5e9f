package ui

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

const (
	// laneSpan is the stretch of time the Cores tab shows.
	laneSpan = 60 * time.Second
	// laneKeep is how long lane data is kept: a whole view behind the oldest snapshot that
	// scrub-back can reach.
	laneKeep = historySpan + laneSpan
	// laneJoin is the largest gap between two samples of the same thread on a core that still
	// draws as one segment; jitter of the sampling ticker must not cut a steady run in pieces.
	laneJoin = 30 * time.Millisecond
	// laneBridge is the longest interruption a run of one process's segments spans and stays
	// one run under one name (see runsOf): a few missed samples, not a turn of another program.
	laneBridge = 350 * time.Millisecond
	// laneMinShare is the least CPU share, in percent of one core, that lets a thread claim a
	// core's slot or mark a migration. A Go program's runtime threads (sysmon, idle Ms) wake for
	// a few microseconds and keep the core they last ran on; without a floor, such a thread
	// claims a whole 100 ms slot whenever the busy thread that really used the core was last
	// seen on another one, and the lane reads as if it had done the work.
	laneMinShare = 5.0
)

// laneSeg is a stretch of one core's time given to one thread: at each sample in it, the thread
// whose CPU time grew most among those whose last core was this one.
type laneSeg struct {
	from, to time.Time
	proc     inspect.TaskKey
	procName string
	thread   inspect.TaskKey
	name     string
	state    string
	// cpu is the thread's CPU share over the segment, in percent of one core.
	cpu float64
	// fine is true for segments from the 10 Hz watch, false for those from the main refresh.
	fine bool
}

// laneTick marks a watched thread seen on a core other than the one it was last seen on.
type laneTick struct {
	at     time.Time
	thread inspect.TaskKey
	name   string
	from   int
}

// threadTrack is what the lanes know of one watched thread: where it was last seen and how
// often it has moved.
type threadTrack struct {
	key        inspect.TaskKey
	proc       inspect.TaskKey
	procName   string
	name       string
	state      string
	core       int
	cpu        float64
	migrations int
	lastSeen   time.Time
	// busy is true once the thread has run for laneMinShare of a sample: the list of watched
	// threads puts these first, ahead of runtime threads that only ever woke for a moment.
	busy bool
}

// laneModel holds the last few minutes of core lanes. It is built from two sources: the main
// refresh (every process, about once a second) and the watch (a few processes, ten times a
// second). Watched processes are drawn from the watch only, so the two never claim the same
// thread; where the watch saw one of its threads on a core, it covers what the coarser refresh
// said of that time. Only the Fyne goroutine uses it.
type laneModel struct {
	coarse [][]laneSeg // per core, oldest first
	fine   [][]laneSeg
	ticks  [][]laneTick
	tracks map[inspect.TaskKey]*threadTrack
	// newest is the time of the newest sample of either source.
	newest time.Time
	// lastFine is the time of the newest watch sample.
	lastFine time.Time
}

func newLaneModel() *laneModel {
	return &laneModel{tracks: map[inspect.TaskKey]*threadTrack{}}
}

// cores is the number of lanes.
func (m *laneModel) cores() int { return len(m.coarse) }

// ensure makes room for n lanes.
func (m *laneModel) ensure(n int) {
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
// laneMinShare of the interval claims nothing: the slot stays idle (or to the refresh).
func pick(procs []inspect.Process, cores int, skip func(*inspect.Process) bool) []winner {
	best := make([]winner, cores)
	for i := range procs {
		p := &procs[i]
		if skip != nil && skip(p) {
			continue
		}
		for j := range p.Threads {
			t := &p.Threads[j]
			if t.CPUPercent < laneMinShare || t.Core < 0 || t.Core >= cores {
				continue
			}
			if w := &best[t.Core]; w.better(t) {
				*w = winner{ok: true, proc: p, thread: t}
			}
		}
	}
	return best
}

// addCoarse takes a sample of the main refresh. Processes in watched are left to the watch.
func (m *laneModel) addCoarse(s *inspect.Snapshot, watched map[inspect.TaskKey]bool) {
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

// addFine takes a sample of the watch: threads that changed core are counted, and marked when
// they ran at least laneMinShare (an idle runtime thread that drifted is counted, not drawn),
// and each core's slot goes to the watched thread that ran most on it.
func (m *laneModel) addFine(ws *inspect.WatchSample) {
	for i := range ws.Processes {
		p := &ws.Processes[i]
		for j := range p.Threads {
			t := &p.Threads[j]
			m.ensure(t.Core + 1)
			tr := m.tracks[t.Key()]
			if tr == nil {
				tr = &threadTrack{key: t.Key(), proc: p.Key(), core: t.Core}
				m.tracks[t.Key()] = tr
			} else if tr.core != t.Core {
				tr.migrations++
				if t.CPUPercent >= laneMinShare {
					m.ticks[t.Core] = append(m.ticks[t.Core], laneTick{at: ws.Taken, thread: t.Key(), name: t.Name, from: tr.core})
				}
				tr.core = t.Core
			}
			tr.procName, tr.name, tr.state, tr.cpu, tr.lastSeen = p.Name, t.Name, t.State, t.CPUPercent, ws.Taken
			tr.busy = tr.busy || t.CPUPercent >= laneMinShare
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

func segOf(w winner, from, to time.Time, fine bool) laneSeg {
	return laneSeg{from: from, to: to, proc: w.proc.Key(), procName: w.proc.Name, thread: w.thread.Key(),
		name: w.thread.Name, state: w.thread.State, cpu: w.thread.CPUPercent, fine: fine}
}

// appendSeg adds s to a lane, extending the last segment when the same thread simply ran on:
// a steady workload then costs one segment, not ten a second.
func appendSeg(lane []laneSeg, s laneSeg) []laneSeg {
	if n := len(lane); n > 0 {
		last := &lane[n-1]
		if last.thread == s.thread && last.name == s.name && s.from.Sub(last.to).Abs() <= laneJoin {
			a, b := last.to.Sub(last.from).Seconds(), s.to.Sub(s.from).Seconds()
			if a+b > 0 {
				last.cpu = (last.cpu*a + s.cpu*b) / (a + b)
			}
			last.to, last.state = s.to, s.state
			return lane
		}
		if s.from.Before(last.to) {
			s.from = last.to // the sources' clocks overlap by a hair; never draw backwards
		}
	}
	return append(lane, s)
}

// advance moves the newest time on and drops what is older than laneKeep.
func (m *laneModel) advance(t time.Time) {
	if t.After(m.newest) {
		m.newest = t
	}
	cut := m.newest.Add(-laneKeep)
	for c := range m.coarse {
		m.coarse[c] = trimSegs(m.coarse[c], cut)
		m.fine[c] = trimSegs(m.fine[c], cut)
		k := 0
		for k < len(m.ticks[c]) && m.ticks[c][k].at.Before(cut) {
			k++
		}
		m.ticks[c] = shiftOut(m.ticks[c], k)
	}
	for key, tr := range m.tracks {
		if tr.lastSeen.Before(cut) {
			delete(m.tracks, key)
		}
	}
}

func trimSegs(lane []laneSeg, cut time.Time) []laneSeg {
	k := 0
	for k < len(lane) && lane[k].to.Before(cut) {
		k++
	}
	return shiftOut(lane, k)
}

// shiftOut drops the first k elements in place, so the backing array is reused as the lane turns.
func shiftOut[T any](s []T, k int) []T {
	if k == 0 {
		return s
	}
	n := copy(s, s[k:])
	clear(s[n:])
	return s[:n]
}

// laneRow is one lane as the view draws it.
type laneRow struct {
	core  int
	segs  []laneSeg // disjoint, oldest first
	ticks []laneTick
	// runs group adjacent segments of one process, for the names written on the lane.
	runs []laneRun
}

// laneRun is a stretch of a lane where one process held the core sample after sample (but for
// breaks shorter than laneBridge), though its threads may have taken turns. The lane writes one
// name over it, not one per segment: when a process's threads alternate, each segment is a
// tenth of a second wide, far too narrow for a name, while the run is seconds long. The
// segments under the run stay apart, so a tap still tells exactly which thread held the tapped
// sample.
type laneRun struct {
	from, to time.Time
	proc     inspect.TaskKey
	// name is the thread that held the most of the run; others counts the other threads of
	// the process that held some of it.
	name   string
	others int
	fine   bool // every segment of the run is from the watch
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// label is what the lane writes over the run: "worker-0", or "worker-0 +2" when two other
// threads of its process held parts of it.
func (r laneRun) label() string {
	if r.others == 0 {
		return r.name
	}
	return r.name + " +" + strconv.Itoa(r.others)
}

// runsOf groups segs (disjoint, oldest first) into runs of one process, appending to dst. A run
// goes on across interruptions (idle samples, or another process's segments) shorter than
// laneBridge in all: on a loaded machine a busy worker misses a sample now and then, and a run
// cut at every miss would never be wide enough for a name. Those interruptions keep their own
// segments (drawn, and found by a tap); they only get no name of their own, being far too narrow
// for one.
func runsOf(segs []laneSeg, dst []laneRun) []laneRun {
	type held struct {
		thread inspect.TaskKey
		name   string
		d      time.Duration
	}
	var hold [8]held
	threads := hold[:0]
	for i := 0; i < len(segs); {
		cur := laneRun{from: segs[i].from, to: segs[i].to, proc: segs[i].proc, fine: true}
		threads = threads[:0]
		for {
			s := &segs[i]
			cur.to, cur.fine = s.to, cur.fine && s.fine
			k := slices.IndexFunc(threads, func(h held) bool { return h.thread == s.thread })
			if k < 0 {
				threads = append(threads, held{thread: s.thread, name: s.name})
				k = len(threads) - 1
			}
			threads[k].d += s.to.Sub(s.from)
			// The process's next segment, past interruptions shorter than laneBridge.
			next := i + 1
			for next < len(segs) && segs[next].proc != cur.proc && segs[next].from.Sub(cur.to) <= laneBridge {
				next++
			}
			if next >= len(segs) || segs[next].proc != cur.proc || segs[next].from.Sub(cur.to) > laneBridge {
				i++ // the run ends; the next starts with the first segment after it
				break
			}
			i = next
		}
		best := 0
		for j := range threads {
			if threads[j].d > threads[best].d {
				best = j
			}
		}
		cur.name, cur.others = threads[best].name, len(threads)-1
		dst = append(dst, cur)
	}
	return dst
}

// window returns the lanes between from and to: watch segments, and refresh segments where the
// watch had nothing on that core. Segments are clipped to the window; rows reuse dst's slices.
func (m *laneModel) window(from, to time.Time, dst []laneRow) []laneRow {
	dst = dst[:0]
	for c := range m.coarse {
		var r laneRow
		if c < cap(dst) {
			r = dst[:c+1][c]
		}
		r.core, r.segs, r.ticks, r.runs = c, r.segs[:0], r.ticks[:0], r.runs[:0]
		fine := m.fine[c]
		fi := 0
		for _, s := range m.coarse[c] {
			s, ok := clip(s, from, to)
			if !ok {
				continue
			}
			// Cut out of s every stretch a watch segment covers.
			for fi < len(fine) && !fine[fi].to.After(s.from) {
				fi++
			}
			for k := fi; k < len(fine) && fine[k].from.Before(s.to); k++ {
				if fine[k].from.After(s.from) {
					piece := s
					piece.to = fine[k].from
					r.segs = append(r.segs, piece)
				}
				if fine[k].to.After(s.from) {
					s.from = fine[k].to
				}
			}
			if s.to.After(s.from) {
				r.segs = append(r.segs, s)
			}
		}
		for _, s := range fine {
			if s, ok := clip(s, from, to); ok {
				r.segs = append(r.segs, s)
			}
		}
		slices.SortFunc(r.segs, func(a, b laneSeg) int { return a.from.Compare(b.from) })
		r.runs = runsOf(r.segs, r.runs)
		for _, t := range m.ticks[c] {
			if !t.at.Before(from) && !t.at.After(to) {
				r.ticks = append(r.ticks, t)
			}
		}
		dst = append(dst, r)
	}
	return dst
}

// clip cuts s to [from, to]; ok is false when nothing is left.
func clip(s laneSeg, from, to time.Time) (laneSeg, bool) {
	if s.from.Before(from) {
		s.from = from
	}
	if s.to.After(to) {
		s.to = to
	}
	return s, s.to.After(s.from)
}

// watchedThreads returns the threads the newest watch sample saw: those that have been busy
// first, then those named apart from their process, each group by process then TID, so lines
// do not jump as load changes.
func (m *laneModel) watchedThreads() []threadTrack {
	var out []threadTrack
	for _, tr := range m.tracks {
		if tr.lastSeen.Equal(m.lastFine) {
			out = append(out, *tr)
		}
	}
	// Threads that did run first, then those with names of their own (a demo's tab-3 or
	// worker-0, rather than the runtime helpers that carry the process's name), then by PID, TID.
	named := func(t threadTrack) int { return b2i(t.name != t.procName) }
	slices.SortFunc(out, func(a, b threadTrack) int {
		return cmp.Or(cmp.Compare(b2i(b.busy), b2i(a.busy)), cmp.Compare(named(b), named(a)),
			cmp.Compare(a.proc.ID, b.proc.ID), cmp.Compare(a.key.ID, b.key.ID))
	})
	return out
}
