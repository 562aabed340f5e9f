// Package ui holds Taskscope's Fyne views: header meters, process table, thread detail, core
// lanes and the demo panel. It reads Snapshots from inspect and drives demos through their
// launcher; nothing below it imports Fyne.
//
// # README-internal: how the tabs share state
//
// One goroutine, the worker (worker.go), reads /proc: on a ticker it takes a Snapshot, builds
// and sorts the process table's rows, reads the selected process's memory, and hands the lot
// to the UI through fyne.Do. Views never read /proc and never run samplers of their own.
//
// On the UI side the hub (hub.go) is what the tabs share. The Cores tab (cores.go,
// newCoresTab) and the Demos tab (demopanel.go, newDemosTab) each receive the *hub and need
// nothing else from the window; their authors edit only those constructors and files of their
// own. All hub methods run on the Fyne goroutine, and so do the callbacks it makes, so a
// subscriber may change widgets directly; from goroutines of your own, use fyne.Do first.
//
//	h.subscribe(fn)       fn(*inspect.Snapshot) for each displayed snapshot: every new sample
//	                      while live; the scrubbed-to sample while frozen. Draw from this
//	                      and Freeze (Space) and scrub-back work in your tab too.
//	h.subscribeLive(fn)   fn for every sample as taken, frozen or not (for your own series).
//	h.current(), h.live() the displayed and the newest snapshot (nil before the first).
//	h.recent(d)           the kept samples of the last d, oldest first (up to 2 minutes,
//	                      about one a second), e.g. to fill core lanes when the tab opens.
//	h.frozen(), h.onFreeze(fn)
//	h.selection()         the selected process as an inspect.TaskKey (PID + start ticks),
//	h.selectProcess(k)    which stays meaningful after it ends; selectProcess selects in
//	h.onSelection(fn)     every view, as a click in the table would.
//	h.filter(), h.setFilter(s), h.onFilter(fn)
//	                      the filter text; setFilter also fills the table's filter box.
//	h.presentation(), h.onPresentation(fn)
//	                      presentation mode. Theme colours and text sizes already follow it;
//	                      use this for sizes you compute yourself (lane heights).
//	h.mark(owner, pids)   highlight PIDs in the process table on behalf of owner (say, "demo
//	                      browser"); h.mark(owner, nil) clears them. h.marked(), h.onMarks(fn)
//	                      give the union, e.g. to highlight the same processes in core lanes.
//	h.window()            the main window, as the parent of dialogs.
//
// Snapshots are immutable: share them, never modify them. Anything slow (launching demos,
// talking to them) belongs on your own goroutine, reporting back through fyne.Do.
package ui
