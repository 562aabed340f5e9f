// Package model decides what Taskscope's window shows, without drawing any of it.
//
// It holds the view state the tabs share (State, with subscriptions: snapshots, the 10 Hz watch,
// selection, filter, marks, freeze, presentation, the source shown, the newest exact trace);
// the worker (Worker) that reads a Source of snapshots: the live machine through inspect (Live),
// a recording played back (Replay, with Playback), or a remote agent's stream (Remote, over
// HTTP or TLS); the recorder that appends the live samples to a file; the history ring behind
// freeze and scrub-back; the process table's rows (filter, sort, tree, folded runtime threads)
// and the detail pane's text; the Cores tab's lanes, palette and watch set; the trace sessions
// that make an exact trace (a program run, a process attached, the whole machine); the Claims
// tab's rows; and the formatting of numbers. Which process is "this app" is the source's to say (SelfOf): only the live source
// of this machine knows its own PID.
//
// The demo cards' models and the Timeline tab's rows and view are not here: each serves one
// tab alone and lives beside it, in ui/demotab/cardmodel and ui/timeline/timelinemodel.
//
// It imports no Fyne, so everything here is tested with plain `go test`, with no cgo and no X
// server: CGO_ENABLED=0 go test ./ui/model/...
//
// Threading: the worker runs on a goroutine of its own and is the only reader of its Source;
// it hands Frames to a deliver function, which the window wraps in fyne.Do. Everything else,
// State above all, is used only on the UI goroutine.
package model
