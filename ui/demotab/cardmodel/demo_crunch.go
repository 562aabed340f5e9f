package cardmodel

import (
	"fmt"
	"strings"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
)

// CrunchModels are the crunch demo's models, in the order the bars show them.
var CrunchModels = demos.CrunchModels

// CrunchFigure is the last result of one model and kind.
type CrunchFigure struct {
	Units     float64
	PerWorker []float64
	Cores     int
	Workers   int
}

// CrunchResult reads a result event: its model, kind of work and figure.
func CrunchResult(e demos.Event) (model, kind string, f CrunchFigure, ok bool) {
	if e.Kind() != "result" {
		return "", "", f, false
	}
	f.Units, _ = e.Float("units_per_sec")
	f.Cores, _ = e.Int("cores")
	f.Workers, _ = e.Int("workers")
	if ws, ok := e["per_worker"].([]any); ok {
		for _, w := range ws {
			v, _ := w.(float64)
			f.PerWorker = append(f.PerWorker, v)
		}
	}
	return e.String("model"), e.String("kind"), f, true
}

// CrunchBars draws each model's figure for one kind of work, with each worker's share after
// it ("2000/s = 1000 + 1000"), which shows the lock's workers taking turns.
func CrunchBars(kind string, figs map[string]CrunchFigure) []model.Bar {
	var bars []model.Bar
	for i, name := range CrunchModels {
		f, ok := figs[name]
		text := "not run"
		if ok {
			per := make([]string, len(f.PerWorker))
			for k, w := range f.PerWorker {
				per[k] = fmt.Sprintf("%.0f", w)
			}
			text = fmt.Sprintf("%.0f/s", f.Units)
			if len(per) > 1 {
				text += " = " + strings.Join(per, " + ")
			}
		}
		bars = append(bars, model.Bar{Label: name + " (" + kind + ")", Value: f.Units, Text: text, Tone: model.Tone(min(i, 2))})
	}
	return bars
}

// CrunchVerdict compares the models of one kind of work in words, against free threads.
func CrunchVerdict(kind string, figs map[string]CrunchFigure) string {
	th, ok := figs["threads"]
	if !ok || th.Units <= 0 {
		return "Launch threads first, then processes and locked-threads with the same work, or press Compare all three."
	}
	var parts []string
	if pr, ok := figs["processes"]; ok {
		why := "both spread over the cores"
		if kind == "io" {
			why = "both spend their time waiting"
		}
		parts = append(parts, fmt.Sprintf("Processes did %s the work of threads: %s.", model.FormatRatio(pr.Units, th.Units), why))
	}
	if lk, ok := figs["locked-threads"]; ok {
		why := "only the worker holding the lock computes, as under Python's GIL"
		if kind == "io" {
			why = "a waiting worker does not hold the lock, so waits still overlap"
		}
		parts = append(parts, fmt.Sprintf("Locked threads did %s the work of free threads: %s.", model.FormatRatio(lk.Units, th.Units), why))
	}
	if len(parts) < 2 {
		parts = append(parts, "Run the other models with the same work to compare.")
	}
	return strings.Join(parts, " ")
}
