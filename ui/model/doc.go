// Package model decides what Taskscope's window shows, without drawing any of it: the view state
// the tabs share (State, with subscriptions), the worker that reads a Source of snapshots (the
// live machine through inspect, later a recording or a remote agent), the history ring behind
// freeze and scrub-back, the process table's rows (filter, sort, tree), the detail pane's text,
// the core lanes and their palette, the Cores tab's watch set, each demo's state and verdicts,
// and the formatting of numbers.
//
// It imports no Fyne, so everything here is tested with plain `go test`, with no cgo and no X
// server: CGO_ENABLED=0 go test ./ui/model/...
//
// Threading: the worker runs on a goroutine of its own and is the only reader of its Source;
// it hands Frames to a deliver function, which the window wraps in fyne.Do. Everything else,
// State above all, is used only on the UI goroutine.
package model
