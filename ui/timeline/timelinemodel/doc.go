// Package timelinemodel holds what the Timeline tab shows, without Fyne: the rows of an exact
// trace (one per thread, grouped by process), their segments and spans per core, the view's
// window over time (zoom, pan, follow), the dense drawing of long traces, and the texts that
// describe a thread or a stretch of it.
//
// It sits beside ui/timeline, the one package that draws it: nothing in ui/model or in another
// tab uses it. It is tested with plain `go test`, no cgo, no X.
package timelinemodel
