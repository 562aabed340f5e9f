// Package ui is Taskscope's window: Main, the main window (window.go: header, tabs, status line
// and the wiring between them, the view state and the worker), its one table of tabs (tabs.go),
// menus and keys (menus.go), the settings it keeps (settings.go), the actions on the selected
// process (selected.go), dialogs, export of the view, recording and replay (recording.go,
// openrec.go, playbar.go) and the remote agent's connection (remote.go).
//
// # How the window is built
//
//	cmd/taskscope -> ui -> ui/processes, ui/cores, ui/demotab, ui/timeline, ui/claimstab (one package per tab)
//	                    -> ui/widgets -> ui/model -> inspect, demos, claims, record, serve
//
// ui/model decides what is shown and imports no Fyne (plain `go test`, no cgo, no X); ui/widgets
// holds the reusable Fyne parts; each tab package draws one tab from the view state. A tab
// package imports neither ui nor another tab (cmd/taskscope/imports_test.go checks this); a
// package below a tab belongs to it (ui/demotab/cardmodel: the demo cards' models, Fyne-free).
//
// # README-internal: the view state, and how to add a tab
//
// One goroutine, the worker (model.Worker), reads a model.Source (the live machine, model.Live;
// a recording, model.Replay; or a remote agent's stream, model.Remote): on a ticker it takes a
// Snapshot, builds and sorts the process table's rows, reads the selected process's memory, runs
// the 10 Hz watch of the Cores tab's watch set, sends signals, and hands the lot to the UI as
// Frames through fyne.Do. Views never read /proc and never run samplers of their own. Which
// process is this app is the source's to say (model.SelfOf, SourceInfo.Self): only the live
// source of this machine knows it, so a replay or a remote host marks none.
//
// On the UI side model.State is what the tabs share. A tab is a package ui/NAME with one
// constructor,
//
//	func New(st *model.State) fyne.CanvasObject
//
// that gets the view state and nothing else (a tab that needs a parent for dialogs also takes
// the window, as a fyne.Window). A tab whose keys or menu items the window must reach returns a
// small type instead, with Content() and those actions (demotab.Tab: ShowCard, LaunchShown,
// StopShown, StopAll). The window adds a tab with one entry in tabTable (tabs.go: name for
// --tab, title, Ctrl key, constructor); --tab, the View menu, the key and the tab bar all come
// from that table. A tab is built the first time it is shown (the window opens with its start
// tab only), so a tab subscribes to the State in its constructor and costs nothing until then.
// In presentation mode a tab must fit a 1280x720 projector without scrolling; the geometry test
// (fit_test.go) visits every tab and demo card at 1280x720 and 1920x1080. All State methods run
// on the UI goroutine, and so do the callbacks it makes, so a subscriber may change widgets
// directly; from goroutines of your own, use fyne.Do first.
//
//	st.Subscribe(fn)      fn(*inspect.Snapshot) for each displayed snapshot: every new sample
//	                      while live; the scrubbed-to sample while frozen. Draw from this
//	                      and Freeze (Space) and scrub-back work in your tab too.
//	st.SubscribeLive(fn)  fn for every sample as taken, frozen or not (for your own series).
//	st.OnWatch(fn)        fn(*inspect.WatchSample) for each reading of the 10 Hz watch of
//	                      st.Watched(): marked, selected and filter-matching processes.
//	st.Current(), st.Live()
//	                      the displayed and the newest snapshot (nil before the first).
//	st.Recent(d), st.History()
//	                      the kept samples of the last d (up to 2 minutes, about one a
//	                      second), oldest first; the ring itself, read-only.
//	st.Frozen(), st.OnFreeze(fn)
//	st.Selection()        the selected process as an inspect.TaskKey (PID + start ticks),
//	st.SelectProcess(k)   which stays meaningful after it ends; SelectProcess selects in
//	st.OnSelection(fn)    every view, as a click in the table would.
//	st.Filter(), st.SetFilter(s), st.OnFilter(fn)
//	                      the filter text; every view applies it with inspect's one rule
//	                      (a substring of name, command line, user, PID or a thread name).
//	st.Presentation(), st.OnPresentation(fn)
//	                      presentation mode. Theme colours and text sizes already follow it;
//	                      use this for sizes you compute yourself (lane heights).
//	st.Mark(owner, pids)  highlight PIDs in the process table on behalf of owner (say,
//	                      "demo-3"); st.Mark(owner, nil) clears them. st.Marked(), st.OnMarks(fn)
//	                      give the union; marked processes are also watched at 10 Hz.
//	st.MemoryOf(pids, got) the worker reads these processes' memory and calls got.
//	st.OnQuit(fn)         clean-up that must run when the app stops (demo children).
//	st.ShowDemo(name)     bring up demo name's card (the window selects the Demos tab, the
//	st.OnShowDemo(fn)     Demos tab the card); OfferDemo/HasDemoCard say which demos have one.
//	st.PublishTrace(tr, off), st.Trace(), st.OnTrace(fn)
//	                      the Timeline tab's newest exact trace (immutable trace.Trace) and
//	                      the offset from its CLOCK_MONOTONIC times to the samples' wall clock;
//	                      the Cores tab draws the traced threads' runs from it. In a replay it
//	                      is the recording's trace cut at the sample shown (Replay.TraceAt).
//	st.SourceInfo(), st.OnSourceInfo(fn)
//	                      what the window shows: this machine, a recording or a remote agent
//	                      (its host and interval); say what your picture is made of from it
//	                      (model.CoresCaption: only this machine has the 10 Hz watch).
//
// Snapshots are immutable: share them, never modify them. Anything slow (launching demos,
// talking to them) belongs on your own goroutine, reporting back through fyne.Do. A demo card
// is added to the Demos tab with one file in ui/demotab and one line in its registry.go.
package ui
