package demotab

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/demotab/cardmodel"
	"github.com/taskscope/taskscope/ui/widgets"
)

// procRaceCard runs the procrace demo: processes adding to one counter in shared memory.
type procRaceCard struct {
	*runCard
	sync    *widget.Select
	procs   *widget.Select
	incs    *widget.Select
	counts  *widgets.BarChart
	verdict *widget.Label
	figs    map[string]cardmodel.RaceFigure
}

func newProcRaceCard(p *panel) *procRaceCard {
	c := &procRaceCard{figs: map[string]cardmodel.RaceFigure{}, counts: p.chart(false),
		verdict: &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}}
	// Short placeholders: a select is at least as wide as its placeholder, "(Select one)" by
	// default, and these settings share one row with the buttons.
	c.sync = &widget.Select{Options: cardmodel.ProcRaceModels, Selected: "none", PlaceHolder: "-"}
	c.sync.ExtendBaseWidget(c.sync)
	// A select rather than the race card's slider: it is narrower, and the settings must share
	// one row with the buttons to leave the bars on a 720-line screen.
	c.procs = &widget.Select{Options: []string{"2", "3", "4", "6", "8", "12", "16"}, Selected: "4", PlaceHolder: "-"}
	c.procs.ExtendBaseWidget(c.procs)
	c.incs = &widget.Select{Options: cardmodel.RaceIncrements, Selected: "1,000,000", PlaceHolder: "-"}
	c.incs.ExtendBaseWidget(c.incs)
	c.runCard = newRunCard(p, "procrace", "Run", c.sync, c.procs, c.incs)
	c.slot.args = func() []string {
		return []string{"--sync", c.sync.Selected, "--procs", c.procs.Selected,
			"--increments", strings.ReplaceAll(c.incs.Selected, ",", "")}
	}
	c.slot.handle = func(e demos.Event) {
		if sync, f, ok := cardmodel.ProcRaceResult(e); ok {
			c.figs[sync] = f
			c.draw()
		}
	}
	c.compareAll("Run all three", cardmodel.ProcRaceModels, c.sync.SetSelected)
	c.card = p.newFrame("Race between processes: one counter in shared memory", "Processes that share memory need locks too", procRaceText,
		[]fyne.CanvasObject{
			flags(p.flag("Sync", p.widen(c.sync, 90), nil), p.flag("Processes", p.widen(c.procs, 50), nil),
				p.flag("Additions each", p.widen(c.incs, 115), nil)),
			c.buttons(),
		},
		container.NewVBox(c.verdict, c.counts),
		c.slot.log.box).card
	c.draw()
	return c
}

func (c *procRaceCard) draw() {
	counts, full := cardmodel.ProcRaceBars(c.figs)
	c.counts.FullScale = full
	c.counts.Set(counts)
	widgets.SetText(c.verdict, c.slot.p.verdict(cardmodel.ProcRaceVerdict(c.figs)))
}
