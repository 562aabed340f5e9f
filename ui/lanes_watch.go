package ui

import (
	"cmp"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

const (
	// watchEvery is the watch's sampling interval: ten times a second.
	watchEvery = 100 * time.Millisecond
	// watchCap bounds how many processes are watched, so a filter matching half the machine
	// does not turn the watch into a second full sampler.
	watchCap = 50
	// watchIdle is how long the watch keeps reading when none of its processes is alive.
	watchIdle = 2 * time.Second
)

// laneWatch runs the 10 Hz watch on a goroutine of its own: it reads the watched processes'
// threads and hands each finished WatchSample to deliver (which wraps fyne.Do in the app). The
// goroutine runs only while there is something to watch, and stops when the set is empty,
// every process in it has ended, or close is called (the app quits). The UI side calls watch
// and close; nothing else is shared.
type laneWatch struct {
	root    string
	every   time.Duration
	deliver func(*inspect.WatchSample)

	mu      sync.Mutex
	keys    []inspect.TaskKey
	running bool
	// gone holds keys found ended, so a stale selection does not restart the goroutine.
	gone map[inspect.TaskKey]bool
	// quit is closed by close; closed keeps watch from starting the goroutine again.
	quit   chan struct{}
	closed bool
}

func newLaneWatch(root string, deliver func(*inspect.WatchSample)) *laneWatch {
	return &laneWatch{root: root, every: watchEvery, deliver: deliver, gone: map[inspect.TaskKey]bool{},
		quit: make(chan struct{})}
}

// watch replaces the set of watched processes, starting the goroutine if it is not running.
func (lw *laneWatch) watch(keys []inspect.TaskKey) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if lw.closed {
		return
	}
	keys = slices.DeleteFunc(keys, func(k inspect.TaskKey) bool { return lw.gone[k] })
	if slices.Equal(keys, lw.keys) {
		return
	}
	lw.keys = keys
	if len(keys) > 0 && !lw.running {
		lw.running = true
		go lw.loop()
	}
}

// close stops the goroutine for good: it ends at its next tick, or at once if it is waiting
// for one, and delivers nothing more. Calling close again does nothing.
func (lw *laneWatch) close() {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if lw.closed {
		return
	}
	lw.closed, lw.keys = true, nil
	close(lw.quit)
}

// busy reports whether the goroutine is running (for tests).
func (lw *laneWatch) busy() bool {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return lw.running
}

// watching returns the current set (for tests and the caption).
func (lw *laneWatch) watching() []inspect.TaskKey {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return slices.Clone(lw.keys)
}

// loop samples until the set is empty, has all ended, or the watch is closed.
func (lw *laneWatch) loop() {
	w, err := inspect.NewWatcher(lw.root)
	if err != nil {
		lw.stop(nil)
		return
	}
	defer w.Close()
	tick := time.NewTicker(lw.every)
	defer tick.Stop()
	var deadSince time.Time
	for {
		select {
		case <-lw.quit:
			lw.mu.Lock()
			lw.running = false
			lw.mu.Unlock()
			return
		case <-tick.C:
		}
		lw.mu.Lock()
		keys := lw.keys
		if len(keys) == 0 || lw.closed {
			lw.running = false
			lw.mu.Unlock()
			return
		}
		lw.mu.Unlock()
		s, err := w.Sample(keys)
		if err != nil {
			lw.stop(nil)
			return
		}
		if len(s.Processes) == 0 {
			if deadSince.IsZero() {
				deadSince = s.Taken
			} else if s.Taken.Sub(deadSince) > watchIdle {
				lw.stop(keys)
				return
			}
			continue
		}
		deadSince = time.Time{}
		select {
		case <-lw.quit:
			continue // closed while reading: the loop ends at the top, and nothing is delivered
		default:
		}
		lw.deliver(s)
	}
}

// stop ends the goroutine's turn; dead, when given, are remembered as ended.
func (lw *laneWatch) stop(dead []inspect.TaskKey) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	for _, k := range dead {
		lw.gone[k] = true
	}
	if dead != nil && slices.Equal(dead, lw.keys) {
		lw.keys = nil
	}
	lw.running = false
	if len(lw.keys) > 0 && !lw.closed {
		// The set changed while the goroutine was giving up: start again for the new one.
		lw.running = true
		go lw.loop()
	}
}

// watchSet chooses the processes to watch in s: the marked ones (the demos'), the selected one,
// then those matching the filter, busiest first, up to watchCap. Kernel threads are never
// watched through the filter: they are many and tell nothing about threads of a program; nor is
// Taskscope itself, whose command line holds the filter it was started with.
func watchSet(s *inspect.Snapshot, marked map[int]bool, sel inspect.TaskKey, hasSel bool, filter string) []inspect.TaskKey {
	if s == nil {
		return nil
	}
	var keys []inspect.TaskKey
	seen := map[inspect.TaskKey]bool{}
	add := func(p *inspect.Process) {
		if k := p.Key(); !seen[k] && len(keys) < watchCap {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for i := range s.Processes {
		if marked[s.Processes[i].PID] {
			add(&s.Processes[i])
		}
	}
	if hasSel {
		if p, ok := s.Find(sel.ID); ok && p.StartTicks == sel.StartTicks {
			add(p)
		}
	}
	if needle := strings.ToLower(strings.TrimSpace(filter)); needle != "" {
		// Taskscope itself is left out of the matches: started with --filter crunch, its own
		// command line matches, and its threads would crowd the demo's in lanes and list.
		// Selected, it is watched like any other process.
		self := os.Getpid()
		var match []*inspect.Process
		for i := range s.Processes {
			if p := &s.Processes[i]; !p.KernelThread && p.PID != self && p.Matches(needle) {
				match = append(match, p)
			}
		}
		slices.SortStableFunc(match, func(a, b *inspect.Process) int { return cmp.Compare(b.CPUPercent, a.CPUPercent) })
		for _, p := range match {
			add(p)
		}
	}
	// In PID order, so a set that did not change compares equal however busy its members were.
	slices.SortFunc(keys, func(a, b inspect.TaskKey) int { return cmp.Compare(a.ID, b.ID) })
	return keys
}
