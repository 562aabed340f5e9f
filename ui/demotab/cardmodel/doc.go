// Package cardmodel holds what each card of the Demos tab shows, without Fyne: the state a
// demo's events build up (browser tabs, race and crunch figures, editor latencies, python
// runs, fork copy-on-write, context switches, single-core time slicing), its bars and its
// verdict, and the hold that keeps a card's picture still while the display is frozen.
//
// It sits beside ui/demotab, the only package that draws it, rather than in ui/model: the
// card models depend on ui/model's shared pieces (bars, number formats) but nothing in
// ui/model or in any other tab depends on them, so they need not be compiled, read or
// loaded by anyone else. Like ui/model it is tested with plain `go test`, no cgo, no X.
package cardmodel
