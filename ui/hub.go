package ui

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"

	"github.com/taskscope/taskscope/inspect"
)

// hub is the state the tabs of the main window share, and the one place they learn of changes.
// Every method must be called on the Fyne goroutine (from a widget callback, or inside fyne.Do);
// callbacks registered here are called there too, so subscribers may touch widgets directly.
// See doc.go for how the Cores and Demos tabs plug in.
type hub struct {
	win fyne.Window

	shown, latest *inspect.Snapshot
	hist          *history
	isFrozen      bool
	sel           inspect.TaskKey
	hasSel        bool
	filterText    string
	present       bool
	marks         map[string][]int

	shownSubs  []func(*inspect.Snapshot)
	liveSubs   []func(*inspect.Snapshot)
	selSubs    []func(inspect.TaskKey, bool)
	filterSubs []func(string)
	presSubs   []func(bool)
	freezeSubs []func(bool)
	markSubs   []func(map[int]bool)
	quitSubs   []func()

	// readMemory asks the worker for the memory of some PIDs; the window sets it.
	readMemory func(pids []int, got func(map[int]inspect.MemoryBreakdown))
}

func newHub(w fyne.Window) *hub {
	return &hub{win: w, hist: newHistory(historySpan, historyStep), marks: map[string][]int{}}
}

// window is the main window, the parent for dialogs.
func (h *hub) window() fyne.Window { return h.win }

// subscribe calls fn with every snapshot the window displays: each new sample while live, and
// the scrubbed-to sample while frozen. Draw from these and freeze and scrub-back work for free.
func (h *hub) subscribe(fn func(*inspect.Snapshot)) { h.shownSubs = append(h.shownSubs, fn) }

// subscribeLive calls fn with every sample as it is taken, frozen or not; for views that keep
// their own time series (core lanes) and must not miss samples while the display is held.
func (h *hub) subscribeLive(fn func(*inspect.Snapshot)) { h.liveSubs = append(h.liveSubs, fn) }

// current is the displayed snapshot (nil before the first sample).
func (h *hub) current() *inspect.Snapshot { return h.shown }

// live is the newest sample, which differs from current while frozen.
func (h *hub) live() *inspect.Snapshot { return h.latest }

// recent returns the kept samples taken within d before the newest, oldest first. The slice
// is fresh; the snapshots are shared and read-only.
func (h *hub) recent(d time.Duration) []*inspect.Snapshot { return h.hist.since(d) }

// frozen reports whether the display is held (Space).
func (h *hub) frozen() bool { return h.isFrozen }

// onFreeze calls fn whenever freeze is switched on or off.
func (h *hub) onFreeze(fn func(bool)) { h.freezeSubs = append(h.freezeSubs, fn) }

// selection returns the selected process: its PID and start ticks, which stay valid after it
// ends (ok is false when nothing is selected).
func (h *hub) selection() (inspect.TaskKey, bool) { return h.sel, h.hasSel }

// selectProcess selects a process in every view, as if the user had clicked its row.
func (h *hub) selectProcess(k inspect.TaskKey) {
	if h.hasSel && h.sel == k {
		return
	}
	h.sel, h.hasSel = k, true
	for _, fn := range h.selSubs {
		fn(k, true)
	}
}

// onSelection calls fn when the selection changes.
func (h *hub) onSelection(fn func(k inspect.TaskKey, ok bool)) { h.selSubs = append(h.selSubs, fn) }

// filter is the process filter text as typed.
func (h *hub) filter() string { return h.filterText }

// setFilter changes the filter in every view, the process table's box included.
func (h *hub) setFilter(s string) {
	if s == h.filterText {
		return
	}
	h.filterText = s
	for _, fn := range h.filterSubs {
		fn(s)
	}
}

// onFilter calls fn when the filter text changes.
func (h *hub) onFilter(fn func(string)) { h.filterSubs = append(h.filterSubs, fn) }

// presentation reports whether presentation mode (large text, high contrast) is on.
func (h *hub) presentation() bool { return h.present }

// onPresentation calls fn when presentation mode is switched, so views can resize lanes or
// fonts they draw themselves. Theme colours and text sizes change without it.
func (h *hub) onPresentation(fn func(bool)) { h.presSubs = append(h.presSubs, fn) }

// mark highlights PIDs in the process table on behalf of owner (for example "demo browser");
// marking the same owner again replaces its set, and nil clears it.
func (h *hub) mark(owner string, pids []int) {
	if pids == nil {
		delete(h.marks, owner)
	} else {
		h.marks[owner] = slices.Clone(pids)
	}
	all := h.marked()
	for _, fn := range h.markSubs {
		fn(all)
	}
}

// marked returns the union of all owners' marked PIDs, as a fresh map.
func (h *hub) marked() map[int]bool {
	all := map[int]bool{}
	for _, pids := range h.marks {
		for _, p := range pids {
			all[p] = true
		}
	}
	return all
}

// onMarks calls fn with the union of marked PIDs whenever it changes.
func (h *hub) onMarks(fn func(map[int]bool)) { h.markSubs = append(h.markSubs, fn) }

// memoryOf has the worker, the one reader of /proc, read the memory breakdown of each PID (a
// demo's processes) and calls got with them on the Fyne goroutine. A PID the worker has not
// yet seen in a sample, or that has gone, is left out. Without a worker (some tests) it does
// nothing.
func (h *hub) memoryOf(pids []int, got func(map[int]inspect.MemoryBreakdown)) {
	if h.readMemory != nil {
		h.readMemory(slices.Clone(pids), got)
	}
}

// onQuit calls fn when the app stops, for clean-up that must not be skipped (demo children).
func (h *hub) onQuit(fn func()) { h.quitSubs = append(h.quitSubs, fn) }

// The methods below are the window's own: they publish changes to the subscribers above.

func (h *hub) publishLive(s *inspect.Snapshot) {
	h.latest = s
	h.hist.push(s)
	for _, fn := range h.liveSubs {
		fn(s)
	}
}

func (h *hub) publishShown(s *inspect.Snapshot) {
	h.shown = s
	for _, fn := range h.shownSubs {
		fn(s)
	}
}

func (h *hub) setFrozen(on bool) {
	if on == h.isFrozen {
		return
	}
	h.isFrozen = on
	for _, fn := range h.freezeSubs {
		fn(on)
	}
}

func (h *hub) quitting() {
	for _, fn := range h.quitSubs {
		fn()
	}
}

func (h *hub) setPresentation(on bool) {
	if on == h.present {
		return
	}
	h.present = on
	for _, fn := range h.presSubs {
		fn(on)
	}
}
