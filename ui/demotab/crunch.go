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
	"github.com/taskscope/taskscope/ui/demotab/cardmodel"
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
	chart    *widgets.BarChart // CPU-bound work
	ioChart  *widgets.BarChart // I/O-bound work, beside it: one kind never replaces the other
	coreLoad *widgets.BarChart
	coresL   *widgets.Heading
	verdict  *widget.Label // the models compared in words
	// figs holds the last figure by kind, then model.
	figs map[string]map[string]cardmodel.CrunchFigure
	// compareSeconds is how long each model runs when all are compared: long enough for the
	// figure of the last full second to be steady, short enough to keep a class's attention.
	compareSeconds int
}

func newCrunchCard(p *panel) *crunchCard {
	c := &crunchCard{p: p, figs: map[string]map[string]cardmodel.CrunchFigure{}, chart: p.chart(false), coreLoad: p.chart(false),
		compareSeconds: 5}
	c.model = &widget.Select{Options: cardmodel.CrunchModels, Selected: "threads"}
	c.model.ExtendBaseWidget(c.model)
	c.kind = &widget.Select{Options: []string{"cpu", "io"}, Selected: "cpu"}
	c.ioChart = p.chart(false)
	c.kind.ExtendBaseWidget(c.kind)
	c.nWorkers = &widget.Label{Text: "2 workers"}
	c.workers = &widget.Slider{Min: 1, Max: 16, Step: 1, Value: 2,
		OnChanged: func(v float64) { widgets.SetText(c.nWorkers, model.Plural(int(v), "worker", "workers")) }}
	c.workers.ExtendBaseWidget(c.workers)
	c.verdict = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	c.coresL = p.heading(fmt.Sprintf("Load of each core now (%d cores: at most %d workers compute at once)", p.cores, p.cores))

	c.runCard = newRunCard(p, "crunch", "Launch", c.model, c.kind, c.workers)
	c.slot.args = func() []string {
		args := []string{"--model", c.model.Selected, "--kind", c.kind.Selected, "--workers", strconv.Itoa(int(c.workers.Value))}
		if c.launching() {
			args = append(args, "--seconds", strconv.Itoa(c.compareSeconds))
		}
		return args
	}
	c.slot.handle = c.apply
	c.compareAll(fmt.Sprintf("Compare all three (%d s each)", c.compareSeconds), cardmodel.CrunchModels, c.model.SetSelected)
	// Scaled against 100 %, not the busiest core, so an idle machine looks idle.
	c.coreLoad.FullScale = 100
	p.keep(p.st.Subscribe(c.showCores))

	c.card = p.newFrame("CPU-bound or I/O-bound: threads, processes, and a global lock", "Work done per second in each model",
		crunchText+" "+crunchUnits,
		[]fyne.CanvasObject{
			flags(p.flag("Model", p.widen(c.model, 150), nil), p.flag("Work", c.kind, nil), p.flag("Workers", c.workers, c.nWorkers)),
			c.buttons(),
		},
		container.NewVBox(
			// One heading for both: the bars' labels say (cpu) and (io).
			p.heading("Units of work per second, each model's last run: cpu, then io"),
			c.chart,
			c.ioChart,
			c.coresL,
			c.coreLoad,
		),
		// The verdict heads the log's column: the bars are what it sums up.
		container.NewBorder(container.NewThemeOverride(c.verdict, smallTheme{}), nil, nil, nil, c.slot.log.box)).card
	c.draw()
	return c
}

// apply takes one event of the current run.
func (c *crunchCard) apply(e demos.Event) {
	mdl, kind, f, ok := cardmodel.CrunchResult(e)
	if !ok {
		return
	}
	if c.figs[kind] == nil {
		c.figs[kind] = map[string]cardmodel.CrunchFigure{}
	}
	c.figs[kind][mdl] = f
	c.draw()
}

// draw shows the figures of both kinds of work, side by side, and the verdict on each kind
// measured so far.
func (c *crunchCard) draw() {
	c.chart.Set(cardmodel.CrunchBars("cpu", c.figs["cpu"]))
	c.ioChart.Set(cardmodel.CrunchBars("io", c.figs["io"]))
	var verdicts []string
	for _, k := range []struct{ kind, name string }{{"cpu", "CPU-bound"}, {"io", "I/O-bound"}} {
		if len(c.figs[k.kind]) > 0 {
			verdicts = append(verdicts, k.name+": "+cardmodel.CrunchVerdict(k.kind, c.figs[k.kind]))
		}
	}
	if len(verdicts) == 0 {
		verdicts = []string{cardmodel.CrunchVerdict("cpu", nil)}
	}
	widgets.SetText(c.verdict, c.p.verdict(strings.Join(verdicts, "\n")))
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
