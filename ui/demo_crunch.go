package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/inspect"
)

// crunchModels are the crunch demo's models, in the order the bars show them.
var crunchModels = []string{"threads", "processes", "locked-threads"}

// crunchFigure is the last result of one model and kind.
type crunchFigure struct {
	units     float64
	perWorker []float64
	cores     int
	workers   int
}

// crunchCard runs the crunch demo, one model at a time, and keeps the last throughput of each
// model and kind so that they can be compared after each run.
type crunchCard struct {
	p        *demoPanel
	slot     *demoSlot
	model    *widget.Select
	kind     *widget.Select
	workers  *widget.Slider
	nWorkers *widget.Label
	chart    *barChart
	coreLoad *barChart
	workersL *widget.Label
	coresL   *widget.Label
	verdict  *widget.Label // the models compared in words
	// figs holds the last figure by kind, then model.
	figs    map[string]map[string]crunchFigure
	running string // the model and kind of the current run, "model/kind"
	card    *widget.Card
	// compare runs every model in turn, for compareSeconds each.
	compare *demoSequence
}

// compareSeconds is how long each model runs when all are compared: long enough for the
// figure of the last full second to be steady, short enough to keep a class's attention.
var compareSeconds = 5

func newCrunchCard(p *demoPanel) *crunchCard {
	c := &crunchCard{p: p, figs: map[string]map[string]crunchFigure{}, chart: p.chart(false), coreLoad: p.chart(false)}
	c.model = &widget.Select{Options: crunchModels, Selected: "threads"}
	c.model.ExtendBaseWidget(c.model)
	c.kind = &widget.Select{Options: []string{"cpu", "io"}, Selected: "cpu", OnChanged: func(string) { c.draw() }}
	c.kind.ExtendBaseWidget(c.kind)
	c.nWorkers = &widget.Label{Text: "2 workers"}
	c.workers = &widget.Slider{Min: 1, Max: 16, Step: 1, Value: 2,
		OnChanged: func(v float64) { setText(c.nWorkers, plural(int(v), "worker", "workers")) }}
	c.workers.ExtendBaseWidget(c.workers)
	c.workersL = &widget.Label{Wrapping: fyne.TextWrapWord}
	c.verdict = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	c.coresL = &widget.Label{Text: fmt.Sprintf("This machine has %d logical cores: at most %d workers can compute at the same moment.", p.cores, p.cores),
		TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}

	c.slot = newDemoSlot(p, "crunch", "Launch")
	c.slot.args = func() []string {
		args := []string{"--model", c.model.Selected, "--kind", c.kind.Selected, "--workers", strconv.Itoa(int(c.workers.Value))}
		if c.compare.launching {
			args = append(args, "--seconds", strconv.Itoa(compareSeconds))
		}
		return args
	}
	c.slot.reset = func() { c.running = c.model.Selected + "/" + c.kind.Selected }
	c.slot.handle = c.apply
	c.compare = newDemoSequence(p, c.slot, fmt.Sprintf("Compare all three (%d s each)", compareSeconds),
		crunchModels, c.model.SetSelected)
	c.slot.changed = func() {
		on := c.slot.running()
		setEnabled(c.model, !on)
		setEnabled(c.kind, !on)
		setEnabled(c.workers, !on)
		c.compare.changed()
	}
	// Scaled against 100 %, not the busiest core, so an idle machine looks idle.
	c.coreLoad.fullScale = 100
	p.hub.subscribe(c.showCores)

	c.card = &widget.Card{
		Title:    "CPU-bound or I/O-bound: threads, processes, and a global lock",
		Subtitle: "Work done per second in each model",
		Content: container.NewVBox(
			p.explanation(crunchText),
			flags(p.flag("Model", p.widen(c.model, 150), nil), p.flag("Work", c.kind, nil), p.flag("Workers", c.workers, c.nWorkers)),
			c.slot.buttons(c.compare.button),
			c.coresL,
			&widget.Label{Text: "Units of work per second (last second of each model's latest run)", TextStyle: fyne.TextStyle{Bold: true}},
			caption("One cpu unit counts the primes among 5,000 numbers (about 1 ms of arithmetic); one io unit is a 10 ms wait and a little work on what arrived."),
			c.chart,
			c.verdict,
			c.workersL,
			&widget.Label{Text: "Load of each core now", TextStyle: fyne.TextStyle{Bold: true}},
			c.coreLoad,
			c.slot.log.box,
		),
	}
	c.draw()
	return c
}

// apply takes one event of the current run.
func (c *crunchCard) apply(e demos.Event) {
	if e.Kind() != "result" {
		return
	}
	model, kind := e.String("model"), e.String("kind")
	f := crunchFigure{}
	f.units, _ = e.Float("units_per_sec")
	f.cores, _ = e.Int("cores")
	f.workers, _ = e.Int("workers")
	if ws, ok := e["per_worker"].([]any); ok {
		for _, w := range ws {
			v, _ := w.(float64)
			f.perWorker = append(f.perWorker, v)
		}
	}
	if c.figs[kind] == nil {
		c.figs[kind] = map[string]crunchFigure{}
	}
	c.figs[kind][model] = f
	c.draw()
}

// draw shows the figures of the chosen kind of work.
func (c *crunchCard) draw() {
	kind := c.kind.Selected
	var bars []bar
	var lines []string
	for i, model := range crunchModels {
		f, ok := c.figs[kind][model]
		text := "not run"
		if ok {
			text = fmt.Sprintf("%.0f units/s, %s", f.units, plural(f.workers, "worker", "workers"))
			per := make([]string, len(f.perWorker))
			for k, w := range f.perWorker {
				per[k] = fmt.Sprintf("%.0f", w)
			}
			lines = append(lines, fmt.Sprintf("%s, each worker: %s", model, strings.Join(per, ", ")))
		}
		bars = append(bars, bar{label: model + " (" + kind + ")", value: f.units, text: text, tone: min(i, 2)})
	}
	c.chart.set(bars)
	setText(c.verdict, crunchVerdict(kind, c.figs[kind]))
	if len(lines) == 0 {
		lines = []string{"Launch a model to see its figures."}
	}
	text := strings.Join(lines, "\n")
	if text != c.workersL.Text {
		more := strings.Count(text, "\n") != strings.Count(c.workersL.Text, "\n")
		c.workersL.SetText(text)
		if more && c.p != nil {
			c.p.relayout()
		}
	}
}

// crunchVerdict compares the models of one kind of work in words, against free threads.
func crunchVerdict(kind string, figs map[string]crunchFigure) string {
	th, ok := figs["threads"]
	if !ok || th.units <= 0 {
		return "Launch threads first, then processes and locked-threads with the same work, or press Compare all three."
	}
	var parts []string
	if pr, ok := figs["processes"]; ok {
		why := "both spread over the cores"
		if kind == "io" {
			why = "both spend their time waiting"
		}
		parts = append(parts, fmt.Sprintf("Processes did %s the work of threads: %s.", formatRatio(pr.units, th.units), why))
	}
	if lk, ok := figs["locked-threads"]; ok {
		why := "only the worker holding the lock computes, as under Python's GIL"
		if kind == "io" {
			why = "a waiting worker does not hold the lock, so waits still overlap"
		}
		parts = append(parts, fmt.Sprintf("Locked threads did %s the work of free threads: %s.", formatRatio(lk.units, th.units), why))
	}
	if len(parts) < 2 {
		parts = append(parts, "Run the other models with the same work to compare.")
	}
	return strings.Join(parts, " ")
}

// showCores draws each core's busy share from the displayed snapshot: with cpu work, threads
// and processes fill every core, locked threads about one.
func (c *crunchCard) showCores(s *inspect.Snapshot) {
	bars := make([]bar, len(s.Cores))
	for i, core := range s.Cores {
		bars[i] = bar{label: fmt.Sprintf("core %d", core.ID), value: core.BusyPercent,
			text: formatPercent(core.BusyPercent) + " %"}
	}
	c.coreLoad.set(bars)
}
