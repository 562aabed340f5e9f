package model

import (
	"slices"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/trace"
)

// State is the view state the tabs of the main window share, and the one place they learn of
// changes. Every method must be called on the UI goroutine (from a widget callback, or inside
// fyne.Do); callbacks registered here are called there too, so subscribers may touch widgets
// directly. See ui/doc.go for how a tab plugs in.
type State struct {
	shown, latest *inspect.Snapshot
	hist          *History
	frozen        bool
	sel           inspect.TaskKey
	hasSel        bool
	filter        string
	present       bool
	marks         map[string][]int
	// watched is the set the 10 Hz watch reads (see WatchSet), as a set and in PID order.
	watched     map[inspect.TaskKey]bool
	watchedKeys []inspect.TaskKey

	shownSubs, liveSubs subs[*inspect.Snapshot]
	watchSubs           subs[*inspect.WatchSample]
	selSubs             subs[inspect.TaskKey]
	filterSubs          subs[string]
	presSubs, freezeSub subs[bool]
	markSubs            subs[map[int]bool]
	quitSubs            subs[struct{}]
	// trace is the exact trace the Timeline tab publishes (trace.go).
	trace     *trace.Trace
	traceOff  int64
	traceSubs subs[*trace.Trace]
	// replay is what state_replay.go keeps: the recording shown, and who hears of jumps in it.
	replay replayState
	// source says what the window shows (source_kind.go).
	source   sourceState
	machine  machineState // the Cores tab's whole-machine trace (machinetrace.go)
	demoSubs subs[string]
	// demoCards are the demos that have a card to show (see OfferDemo).
	demoCards map[string]bool

	// worker reads memory and runs the watch for the state's users; nil in tests without one.
	worker *Worker
}

// NewState returns an empty state: no sample yet, nothing selected, live, no filter.
func NewState() *State {
	return &State{hist: NewHistory(HistorySpan, HistoryStep), marks: map[string][]int{},
		watched: map[inspect.TaskKey]bool{}}
}

// Attach connects the worker that reads memory (MemoryOf) and watches processes (Watched) on
// the state's behalf. The window attaches it once, before it runs.
func (st *State) Attach(w *Worker) { st.worker = w }

// Subscribe calls fn with every snapshot the window displays: each new sample while live, and
// the scrubbed-to sample while frozen. Draw from these and freeze and scrub-back work for free.
func (st *State) Subscribe(fn func(*inspect.Snapshot)) { st.shownSubs.add(fn) }

// SubscribeLive calls fn with every sample as it is taken, frozen or not; for views that keep
// their own time series (core lanes) and must not miss samples while the display is held.
func (st *State) SubscribeLive(fn func(*inspect.Snapshot)) { st.liveSubs.add(fn) }

// OnWatch calls fn with every reading of the 10 Hz watch of the Watched processes.
//
// The worker runs the watch only while someone listens: until the Cores tab is built, a
// selection or a filter costs no 10 Hz reads. The first listener starts it on the set as it is.
func (st *State) OnWatch(fn func(*inspect.WatchSample)) {
	st.watchSubs.add(fn)
	if len(st.watchSubs) == 1 && len(st.watchedKeys) > 0 && st.worker != nil {
		keys := st.watchedKeys
		st.worker.Post(func(w *Worker) { w.SetWatch(keys) })
	}
}

// Current is the displayed snapshot (nil before the first sample).
func (st *State) Current() *inspect.Snapshot { return st.shown }

// Live is the newest sample, which differs from Current while frozen.
func (st *State) Live() *inspect.Snapshot { return st.latest }

// History is the ring of kept samples (up to HistorySpan, about one a second), read-only for
// its users: the header's meters and the scrub slider read it.
func (st *State) History() *History { return st.hist }

// Recent returns the kept samples taken within d before the newest, oldest first. The slice
// is fresh; the snapshots are shared and read-only.
func (st *State) Recent(d time.Duration) []*inspect.Snapshot { return st.hist.Since(d) }

// Frozen reports whether the display is held (Space).
func (st *State) Frozen() bool { return st.frozen }

// OnFreeze calls fn whenever freeze is switched on or off.
func (st *State) OnFreeze(fn func(bool)) { st.freezeSub.add(fn) }

// Selection returns the selected process: its PID and start ticks, which stay valid after it
// ends (ok is false when nothing is selected).
func (st *State) Selection() (inspect.TaskKey, bool) { return st.sel, st.hasSel }

// SelectProcess selects a process in every view, as if the user had clicked its row.
func (st *State) SelectProcess(k inspect.TaskKey) {
	if st.hasSel && st.sel == k {
		return
	}
	st.sel, st.hasSel = k, true
	st.rewatch()
	st.selSubs.emit(k)
}

// OnSelection calls fn with the newly selected process.
func (st *State) OnSelection(fn func(k inspect.TaskKey)) { st.selSubs.add(fn) }

// Filter is the process filter text as typed. Every view applies it with inspect's one rule
// (inspect.Needle and Process.Matches).
func (st *State) Filter() string { return st.filter }

// SetFilter changes the filter in every view, the process table's box included.
func (st *State) SetFilter(s string) {
	if s == st.filter {
		return
	}
	st.filter = s
	st.rewatch()
	st.filterSubs.emit(s)
}

// OnFilter calls fn when the filter text changes.
func (st *State) OnFilter(fn func(string)) { st.filterSubs.add(fn) }

// Presentation reports whether presentation mode (large text, high contrast) is on.
func (st *State) Presentation() bool { return st.present }

// OnPresentation calls fn when presentation mode is switched, so views can resize lanes or
// fonts they draw themselves. Theme colours and text sizes change without it.
func (st *State) OnPresentation(fn func(bool)) { st.presSubs.add(fn) }

// Mark highlights PIDs in the process table on behalf of owner (for example "demo-3");
// marking the same owner again replaces its set, and nil clears it.
func (st *State) Mark(owner string, pids []int) {
	if pids == nil {
		delete(st.marks, owner)
	} else {
		st.marks[owner] = slices.Clone(pids)
	}
	st.rewatch()
	st.markSubs.emit(st.Marked())
}

// Marked returns the union of all owners' marked PIDs, as a fresh map.
func (st *State) Marked() map[int]bool {
	all := map[int]bool{}
	for _, pids := range st.marks {
		for _, p := range pids {
			all[p] = true
		}
	}
	return all
}

// OnMarks calls fn with the union of marked PIDs whenever it changes.
func (st *State) OnMarks(fn func(map[int]bool)) { st.markSubs.add(fn) }

// Watched is the set of processes the 10 Hz watch reads: see WatchSet. The map is the
// state's own; read it, never write it.
func (st *State) Watched() map[inspect.TaskKey]bool { return st.watched }

// MemoryOf has the worker, the one reader of /proc, read the memory breakdown of each PID (a
// demo's processes) and calls got with them on the UI goroutine. A PID the worker has not yet
// seen in a sample, or that has gone, is left out. Without a worker (some tests) it does
// nothing.
func (st *State) MemoryOf(pids []int, got func(map[int]inspect.MemoryBreakdown)) {
	if st.worker == nil {
		return
	}
	pids = slices.Clone(pids)
	st.worker.Post(func(w *Worker) {
		mem := w.MemoryOfPIDs(pids)
		w.Reply(func() { got(mem) })
	})
}

// ShowDemo asks for demo name's card to be put on screen (the Demos tab, at that card): how a
// view that is not the Demos tab, such as the Claims tab, links to a demo shown live.
func (st *State) ShowDemo(name string) { st.demoSubs.emit(name) }

// OnShowDemo calls fn with the demo's name whenever a view asks for its card.
func (st *State) OnShowDemo(fn func(name string)) { st.demoSubs.add(fn) }

// OfferDemo records that demo has a card ShowDemo can bring up; the Demos tab offers its cards
// as it builds them, before tabs built after it look with HasDemoCard.
func (st *State) OfferDemo(demo string) {
	if st.demoCards == nil {
		st.demoCards = map[string]bool{}
	}
	st.demoCards[demo] = true
}

// HasDemoCard reports whether demo has a card to show.
func (st *State) HasDemoCard(demo string) bool { return st.demoCards[demo] }

// OnQuit calls fn when the app stops, for clean-up that must not be skipped (demo children).
func (st *State) OnQuit(fn func()) { st.quitSubs.add(func(struct{}) { fn() }) }

// The methods below are the window's own: they publish what the worker delivered and what the
// user switched to the subscribers above.

// PublishLive records a new sample in the history and tells the live subscribers.
func (st *State) PublishLive(s *inspect.Snapshot) {
	if s == st.latest {
		return // the same sample again (a paused replay): not news
	}
	st.latest = s
	st.hist.Push(s)
	st.rewatch()
	st.pollMachine()
	st.liveSubs.emit(s)
}

// PublishShown makes s the displayed snapshot and tells the subscribers.
func (st *State) PublishShown(s *inspect.Snapshot) {
	st.shown = s
	st.shownSubs.emit(s)
}

// PublishWatch hands a reading of the watch to its subscribers.
func (st *State) PublishWatch(ws *inspect.WatchSample) {
	st.pollMachine()
	st.watchSubs.emit(ws)
}

// SetFrozen holds or releases the display.
func (st *State) SetFrozen(on bool) {
	if on == st.frozen {
		return
	}
	st.frozen = on
	st.freezeSub.emit(on)
}

// SetPresentation switches presentation mode.
func (st *State) SetPresentation(on bool) {
	if on == st.present {
		return
	}
	st.present = on
	st.presSubs.emit(on)
}

// Quitting tells the quit subscribers that the app stops.
func (st *State) Quitting() { st.quitSubs.emit(struct{}{}) }

// rewatch recomputes the watch set and, when it changed, hands it to the worker.
func (st *State) rewatch() {
	keys := WatchSet(st.latest, st.Marked(), st.sel, st.hasSel, st.filter)
	if slices.Equal(keys, st.watchedKeys) {
		return
	}
	st.watchedKeys = keys
	clear(st.watched)
	for _, k := range keys {
		st.watched[k] = true
	}
	if st.worker != nil && len(st.watchSubs) > 0 {
		st.worker.Post(func(w *Worker) { w.SetWatch(keys) })
	}
}
