package cardmodel

import (
	"fmt"
	"strings"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
)

// ProcRaceModels are the procrace demo's ways of adding, in the order the bars show them.
var ProcRaceModels = demos.ProcRaceSyncs

// ProcRaceResult reads a procrace result: its sync model and figure (Threads holds the number
// of processes).
func ProcRaceResult(e demos.Event) (sync string, f RaceFigure, ok bool) {
	return raceResult(e, "procs")
}

// ProcRaceBars draws each model's final counter; a full-length bar is the expected count, so a
// counter that lost updates is visibly short, and its text says by how much.
func ProcRaceBars(figs map[string]RaceFigure) (counts []model.Bar, full float64) {
	for _, f := range figs {
		full = max(full, f.Expected)
	}
	for _, m := range ProcRaceModels {
		f, ok := figs[m]
		text := "not run"
		if ok {
			text = fmt.Sprintf("%s of %s, %s lost (%d processes, %.3f s)",
				model.FormatCount(f.Actual), model.FormatCount(f.Expected), model.FormatCount(f.Lost), f.Threads, f.Seconds)
		}
		tone := model.ToneSecond
		if f.Lost > 0 {
			tone = model.ToneWarning
		}
		counts = append(counts, model.Bar{Label: m, Value: f.Actual, Text: text, Tone: tone})
	}
	return counts, full
}

// ProcRaceVerdict says in one line what the runs show; the bars carry each run's figures.
func ProcRaceVerdict(figs map[string]RaceFigure) string {
	none, ok := figs["none"]
	switch {
	case ok && none.Lost > 0:
		return fmt.Sprintf("Processes lost %s of %s updates to the counter they share: they race like threads.",
			model.FormatCount(none.Lost), model.FormatCount(none.Expected))
	case ok:
		return "Nothing lost this time: the processes hardly overlapped. Try more processes or additions."
	}
	var parts []string
	for _, m := range []string{"lock", "atomic"} {
		if f, ok := figs[m]; ok {
			parts = append(parts, fmt.Sprintf("%s: %s lost", m, model.FormatCount(f.Lost)))
		}
	}
	if len(parts) > 0 {
		return strings.Join(parts, "; ") + ". Run \"none\" to see the race."
	}
	return "Run \"none\": processes sharing a page of memory, no lock."
}
