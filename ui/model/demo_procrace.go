package model

import (
	"fmt"
	"strings"

	"github.com/taskscope/taskscope/demos"
)

// ProcRaceModels are the procrace demo's ways of adding, in the order the bars show them.
var ProcRaceModels = []string{"none", "lock", "atomic"}

// ProcRaceResult reads a procrace result: its sync model and figure (Threads holds the number
// of processes).
func ProcRaceResult(e demos.Event) (sync string, f RaceFigure, ok bool) {
	if e.Kind() != "result" {
		return "", f, false
	}
	f.Expected, _ = e.Float("expected")
	f.Actual, _ = e.Float("actual")
	f.Lost, _ = e.Float("lost")
	f.Seconds, _ = e.Float("seconds")
	f.Threads, _ = e.Int("procs")
	return e.String("sync"), f, true
}

// ProcRaceBars draws each model's final count beside its lost updates; a full-length bar is
// the expected count.
func ProcRaceBars(figs map[string]RaceFigure) (counts []Bar, full float64) {
	for _, f := range figs {
		full = max(full, f.Expected)
	}
	for _, m := range ProcRaceModels {
		f, ok := figs[m]
		actual, lost := "not run", "not run"
		if ok {
			actual = fmt.Sprintf("%s of %s, %d processes, %.3f s", FormatCount(f.Actual), FormatCount(f.Expected), f.Threads, f.Seconds)
			lost = FormatCount(f.Lost)
		}
		tone := ToneSecond
		if f.Lost > 0 {
			tone = ToneWarning
		}
		counts = append(counts,
			Bar{Label: m + ": counter", Value: f.Actual, Text: actual, Tone: tone},
			Bar{Label: m + ": lost", Value: f.Lost, Text: lost, Tone: ToneWarning})
	}
	return counts, full
}

// ProcRaceVerdict puts the runs side by side in words.
func ProcRaceVerdict(figs map[string]RaceFigure) string {
	none, ok := figs["none"]
	var parts []string
	switch {
	case !ok:
		parts = append(parts, "Run \"none\": processes sharing a page of memory, no lock.")
	case none.Lost > 0:
		parts = append(parts, fmt.Sprintf("Separate processes lost %s of %s updates to one counter they share: they race exactly like threads.",
			FormatCount(none.Lost), FormatCount(none.Expected)))
	default:
		parts = append(parts, "Nothing lost this time: the processes hardly overlapped. Try more processes or more additions.")
	}
	if f, ok := figs["lock"]; ok {
		parts = append(parts, fmt.Sprintf("With a lock living in the shared page: %s lost.", FormatCount(f.Lost)))
	}
	if f, ok := figs["atomic"]; ok {
		parts = append(parts, fmt.Sprintf("With an atomic add: %s lost.", FormatCount(f.Lost)))
	}
	return strings.Join(parts, " ")
}
