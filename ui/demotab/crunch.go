package demotab

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// crunchCard runs the crunch demo, one model at a time, and keeps the last throughput of each
// model and kind so that they can be compared after each run.
type crunchCard struct {
	*runCard
	p        *panel
	model    *widget.Select
	kind     *widget.Select
	workers  *widget.Slider
	nWorkers *widget.Label
	chart    *widgets.BarChart
	coreLoad *widgets.BarChart
	workersL *widget.Label
	coresL   *widget.Label
	verdict  *widget.Label // the models compared in words
	// figs holds the last figure by kind, then model.
	figs map[string]map[string]model.CrunchFigure
	// compareSeconds is how long each model runs when all are compared: long enough for the
	// figure of the last full second to be steady, short enough to keep a class's attention.
	compareSeconds int
}

func newCrunchCard(p *panel) *crunchCard {
	c := &crunchCard{p: p, figs: map[string]map[string]model.CrunchFigure{}, chart: p.chart(false), coreLoad: p.chart(false),
		compareSeconds: 5}
	c.model = &widget.Select{Options: model.CrunchModels, Selected: "threads"}
	c.model.ExtendBaseWidget(c.model)
	c.kind = &widget.Select{Options: []string{"cpu", "io"}, Selected: "cpu", OnChanged: func(string) { c.draw() }}
	c.kind.ExtendBaseWidget(c.kind)
	c.nWorkers = &widget.Label{Text: "2 workers"}
	c.workers = &widget.Slider{Min: 1, Max: 16, Step: 1, Value: 2,
		OnChanged: func(v float64) { widgets.SetText(c.nWorkers, model.Plural(int(v), "worker", "workers")) }}
	c.workers.ExtendBaseWidget(c.workers)
	c.workersL = &widget.Label{Wrapping: fyne.TextWrapWord}
	c.verdict = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	c.coresL = &widget.Label{Text: fmt.Sprintf("This machine has %d logical cores: at most %d workers can compute at the same moment.", p.cores, p.cores),
		TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}

	c.runCard = newRunCard(p, "crunch", "Launch", c.model, c.kind, c.workers)
	c.slot.args = func() []string {
		args := []string{"--model", c.model.Selected, "--kind", c.kind.Selected, "--workers", strconv.Itoa(int(c.workers.Value))}
		if c.launching() {
			args = append(args, "--seconds", strconv.Itoa(c.compareSeconds))
		}
		return args
	}
	c.slot.handle = c.apply
	c.compareAll(fmt.Sprintf("Compare all three (%d s each)", c.compareSeconds), model.CrunchModels, c.model.SetSelected)
	// Scaled against 100 %, not the busiest core, so an idle machine looks idle.
	c.coreLoad.FullScale = 100
	p.st.Subscribe(c.showCores)

	c.card = &widget.Card{
		Title:    "CPU-bound or I/O-bound: threads, processes, and a global lock",
		Subtitle: "Work done per second in each model",
		Content: container.NewVBox(
			p.explanation(crunchText),
			flags(p.flag("Model", p.widen(c.model, 150), nil), p.flag("Work", c.kind, nil), p.flag("Workers", c.workers, c.nWorkers)),
			c.buttons(),
			c.coresL,
			heading("Units of work per second (last second of each model's latest run)"),
			caption("One cpu unit counts the primes among 5,000 numbers (about 1 ms of arithmetic); one io unit is a 10 ms wait and a little work on what arrived."),
			c.chart,
			c.verdict,
			c.workersL,
			heading("Load of each core now"),
			c.coreLoad,
			c.slot.log.box,
		),
	}
	c.draw()
	return c
}

// apply takes one event of the current run.
func (c *crunchCard) apply(e demos.Event) {
	mdl, kind, f, ok := model.CrunchResult(e)
	if !ok {
		return
	}
	if c.figs[kind] == nil {
		c.figs[kind] = map[string]model.CrunchFigure{}
	}
	c.figs[kind][mdl] = f
	c.draw()
}

// draw shows the figures of the chosen kind of work.
func (c *crunchCard) draw() {
	kind := c.kind.Selected
	bars, text := model.CrunchBars(kind, c.figs[kind])
	c.chart.Set(bars)
	widgets.SetText(c.verdict, model.CrunchVerdict(kind, c.figs[kind]))
	if text != c.workersL.Text {
		more := strings.Count(text, "\n") != strings.Count(c.workersL.Text, "\n")
		c.workersL.SetText(text)
		if more && c.p != nil {
			c.p.relayout()
		}
	}
}

// showCores draws each core's busy share from the displayed snapshot: with cpu work, threads
// and processes fill every core, locked threads about one.
func (c *crunchCard) showCores(s *inspect.Snapshot) {
	bars := make([]model.Bar, len(s.Cores))
	for i, core := range s.Cores {
		bars[i] = model.Bar{Label: fmt.Sprintf("core %d", core.ID), Value: core.BusyPercent,
			Text: model.FormatPercent(core.BusyPercent) + " %"}
	}
	c.coreLoad.Set(bars)
}
