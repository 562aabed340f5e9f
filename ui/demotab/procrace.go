package demotab

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// procRaceCard runs the procrace demo: processes adding to one counter in shared memory.
type procRaceCard struct {
	*runCard
	sync    *widget.Select
	procs   *widget.Slider
	nProcs  *widget.Label
	incs    *widget.Select
	counts  *widgets.BarChart
	verdict *widget.Label
	figs    map[string]model.RaceFigure
}

func newProcRaceCard(p *panel) *procRaceCard {
	c := &procRaceCard{figs: map[string]model.RaceFigure{}, counts: p.chart(false),
		verdict: &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}}
	c.sync = &widget.Select{Options: model.ProcRaceModels, Selected: "none"}
	c.sync.ExtendBaseWidget(c.sync)
	c.nProcs = &widget.Label{Text: "4 processes"}
	c.procs = &widget.Slider{Min: 2, Max: 16, Step: 1, Value: 4,
		OnChanged: func(v float64) { widgets.SetText(c.nProcs, model.Plural(int(v), "process", "processes")) }}
	c.procs.ExtendBaseWidget(c.procs)
	c.incs = &widget.Select{Options: model.RaceIncrements, Selected: "1,000,000"}
	c.incs.ExtendBaseWidget(c.incs)
	c.runCard = newRunCard(p, "procrace", "Run", c.sync, c.procs, c.incs)
	c.slot.args = func() []string {
		return []string{"--sync", c.sync.Selected, "--procs", strconv.Itoa(int(c.procs.Value)),
			"--increments", strings.ReplaceAll(c.incs.Selected, ",", "")}
	}
	c.slot.handle = func(e demos.Event) {
		if sync, f, ok := model.ProcRaceResult(e); ok {
			c.figs[sync] = f
			c.draw()
		}
	}
	c.compareAll("Run all three", model.ProcRaceModels, c.sync.SetSelected)
	c.card = &widget.Card{
		Title:    "Race between processes: one counter in shared memory",
		Subtitle: "Processes that share memory need locks too",
		Content: container.NewVBox(
			p.explanation(procRaceText),
			flags(p.flag("Synchronisation", c.sync, nil), p.flag("Processes", c.procs, c.nProcs),
				p.flag("Additions per process", c.incs, nil)),
			c.buttons(),
			heading("Final counter and updates lost (last run of each; full length = expected count)"),
			c.counts,
			c.verdict,
			c.slot.log.box,
		),
	}
	c.draw()
	return c
}

func (c *procRaceCard) draw() {
	counts, full := model.ProcRaceBars(c.figs)
	c.counts.FullScale = full
	c.counts.Set(counts)
	widgets.SetText(c.verdict, model.ProcRaceVerdict(c.figs))
}
