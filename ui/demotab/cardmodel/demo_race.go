package cardmodel

import (
	"fmt"
	"strings"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
)

// RaceModels are the race demo's ways of adding, in the order the bars show them.
var RaceModels = demos.RaceSyncs

// RaceIncrements are the per-thread counts offered, within the demo's limit of ten million,
// written with separators so that a student reads "1,000,000" rather than counting zeros.
var RaceIncrements = []string{"10,000", "100,000", "1,000,000", "10,000,000"}

// RaceFigure is the result of the last run of one sync model.
type RaceFigure struct {
	Expected, Actual, Lost float64
	Seconds                float64
	Threads                int
}

// RaceResult reads a result event: its sync model and figure.
func RaceResult(e demos.Event) (sync string, f RaceFigure, ok bool) {
	return raceResult(e, "threads")
}

// raceResult reads the result event of race or procrace, whose figures differ only in the
// field that counts the workers (threads or procs).
func raceResult(e demos.Event, workers string) (sync string, f RaceFigure, ok bool) {
	if e.Kind() != "result" {
		return "", f, false
	}
	f.Expected, _ = e.Float("expected")
	f.Actual, _ = e.Float("actual")
	f.Lost, _ = e.Float("lost")
	f.Seconds, _ = e.Float("seconds")
	f.Threads, _ = e.Int(workers)
	return e.String("sync"), f, true
}

// RaceBars draws the final counts (a full-length bar is the expected count, so a counter that
// fell short shows as a shorter bar, in the warning colour, with the updates lost written
// after it) and the times.
func RaceBars(figs map[string]RaceFigure) (counts, times []model.Bar, full float64) {
	for _, f := range figs {
		full = max(full, f.Expected)
	}
	for _, m := range RaceModels {
		f, ok := figs[m]
		actual := "not run"
		if ok {
			actual = fmt.Sprintf("%s of %s, %s lost", model.FormatCount(f.Actual), model.FormatCount(f.Expected), model.FormatCount(f.Lost))
			if f.Expected > 0 && f.Lost > 0 {
				actual += fmt.Sprintf(" (%.1f %%)", 100*f.Lost/f.Expected)
			}
		}
		tone := model.ToneSecond
		if f.Lost > 0 {
			tone = model.ToneWarning
		}
		counts = append(counts, model.Bar{Label: m, Value: f.Actual, Text: actual, Tone: tone})
		t := "not run"
		if ok {
			t = fmt.Sprintf("%.3f s, %d threads", f.Seconds, f.Threads)
		}
		times = append(times, model.Bar{Label: m, Value: f.Seconds, Text: t})
	}
	return counts, times, full
}

// RaceVerdict puts the runs side by side in words: what the unlocked counter lost, that the
// locked ones lost nothing, and what the lock cost in time. A racy run that happened to lose
// nothing is said to be luck, with what to change to see the race.
func RaceVerdict(figs map[string]RaceFigure) string {
	none, nok := figs["none"]
	var parts []string
	switch {
	case !nok:
		parts = append(parts, "Run \"none\" to see updates lost.")
	case none.Lost > 0:
		parts = append(parts, fmt.Sprintf("Without a lock %s of %s additions were lost (%.1f %%).",
			model.FormatCount(none.Lost), model.FormatCount(none.Expected), 100*none.Lost/none.Expected))
	default:
		parts = append(parts, fmt.Sprintf("Without a lock nothing was lost this time: the threads hardly overlapped "+
			"(the run took %.3f s). That is luck, not safety; choose more additions per thread or more threads.", none.Seconds))
	}
	faster := ""
	for _, m := range []string{"mutex", "atomic"} {
		f, ok := figs[m]
		if !ok {
			continue
		}
		s := fmt.Sprintf("With %s: %s lost", map[string]string{"mutex": "a mutex", "atomic": "an atomic add"}[m], model.FormatCount(f.Lost))
		if nok && none.Seconds > 0 && f.Seconds > 0 {
			s += fmt.Sprintf(", %s the time of the unlocked run", model.FormatRatio(f.Seconds, none.Seconds))
			if f.Seconds < none.Seconds && faster == "" {
				faster = map[string]string{"mutex": "a mutex", "atomic": "an atomic add"}[m]
			}
		}
		parts = append(parts, s+".")
	}
	if faster != "" {
		// Not a contradiction to leave unexplained: say what the hardware does.
		// Short enough that the card, verdict and all, fits a 1280x720 projector.
		parts = append(parts, "Why was "+faster+" faster than no lock? Unlocked, every thread writes the one "+
			"counter at once, so its cache line bounces between cores on every addition (cache-line "+
			"contention); a mutex's holder adds many times in a row, an atomic add claims it once an addition. "+
			"Speed is not the point: only the locked counts are right.")
	}
	if len(figs) < len(RaceModels) {
		parts = append(parts, "Run the other synchronisations with the same settings to compare, or press Run all three.")
	}
	return strings.Join(parts, " ")
}
