package demos

import (
	"slices"
	"strings"
)

// The choices of the demos' flags that the window offers, declared once: the demos check their
// flags against these lists, and the window's pickers and bars read them in this order.
var (
	// CrunchModels are crunch's --model values: free threads, processes, and threads behind
	// one global lock (as Python's GIL).
	CrunchModels = []string{"threads", "processes", "locked-threads"}
	// CrunchKinds are crunch's --kind values: CPU-bound or I/O-bound work.
	CrunchKinds = []string{"cpu", "io"}
	// RaceSyncs are race's --sync values: no lock, a mutex, an atomic add.
	RaceSyncs = []string{"none", "mutex", "atomic"}
	// ProcRaceSyncs are procrace's --sync values: no lock, a futex lock in the shared page, an
	// atomic add.
	ProcRaceSyncs = []string{"none", "lock", "atomic"}
	// EditorModels are editor's --model values: a thread per job, or all on one.
	EditorModels = []string{"threads", "single"}
)

// Limits of the flags the window offers as sliders.
const (
	CrunchMaxWorkers  = 16
	RaceMaxThreads    = 64
	RaceMaxIncrements = 10_000_000
)

// oneOf reports whether v is one of choices.
func oneOf(v string, choices []string) bool { return slices.Contains(choices, v) }

// orList words choices as usage does: "a or b", "a, b or c".
func orList(choices []string) string {
	if len(choices) < 2 {
		return strings.Join(choices, "")
	}
	return strings.Join(choices[:len(choices)-1], ", ") + " or " + choices[len(choices)-1]
}
