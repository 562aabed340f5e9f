package cardmodel

import (
	"fmt"
	"strconv"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
)

// CostFigure is one figure of the cost demo's result and the label of its bar.
type CostFigure struct{ Field, Label string }

// CostCreate and CostTrip are the cost demo's two groups of figures; the first of each is the
// threads' own.
var (
	CostCreate = []CostFigure{
		{"thread_create_us", "create + join a thread"},
		{"process_create_us", "start + reap a process (this program)"},
		{"process_create_true_us", "start + reap /bin/true"},
	}
	CostTrip = []CostFigure{
		{"shm_roundtrip_ns", "threads, shared memory"},
		{"pipe_roundtrip_ns", "processes, pipe"},
		{"socket_roundtrip_ns", "processes, Unix socket"},
	}
)

// CostBars draws one group of the result's figures in unit. On a log scale lengths understate
// the gap, so each figure also says how many times the first (the threads') it is.
func CostBars(result demos.Event, figs []CostFigure, unit string) []model.Bar {
	out := make([]model.Bar, len(figs))
	base, _ := result.Float(figs[0].Field)
	for i, f := range figs {
		v, ok := result.Float(f.Field)
		text := "not measured"
		if ok {
			text = fmt.Sprintf("%s %s", strconv.FormatFloat(v, 'f', -1, 64), unit)
			if i > 0 && base > 0 {
				text += fmt.Sprintf("  (%s the threads')", model.FormatRatio(v, base))
			}
		}
		// Threads in the first colour, processes in the second, as on the other cards.
		out[i] = model.Bar{Label: f.Label, Value: v, Text: text, Tone: model.Tone(min(i, 1))}
	}
	return out
}
