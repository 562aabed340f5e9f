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

// ctxSwitchCard runs the ctxswitch demo: one hand-off between threads and between processes,
// all on one core, timed per switch.
type ctxSwitchCard struct {
	*runCard
	via     *widget.Select
	rounds  *widget.Select
	bars    *widgets.BarChart
	verdict *widget.Label
	run     *cardmodel.CtxSwitchRun
}

func newCtxSwitchCard(p *panel) *ctxSwitchCard {
	c := &ctxSwitchCard{bars: p.chart(false), run: cardmodel.NewCtxSwitchRun(),
		verdict: &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}}
	c.via = &widget.Select{Options: []string{"futex", "pipe"}, Selected: "futex"}
	c.via.ExtendBaseWidget(c.via)
	c.rounds = &widget.Select{Options: cardmodel.CtxSwitchRounds, Selected: "20,000"}
	c.rounds.ExtendBaseWidget(c.rounds)
	c.runCard = newRunCard(p, "ctxswitch", "Measure", c.via, c.rounds)
	c.slot.args = func() []string {
		return []string{"--via", c.via.Selected, "--rounds", strings.ReplaceAll(c.rounds.Selected, ",", "")}
	}
	c.slot.reset = func() { c.run = cardmodel.NewCtxSwitchRun(); c.draw() }
	c.slot.handle = func(e demos.Event) {
		if c.run.Apply(e) {
			c.draw()
		}
	}
	c.card = p.newFrame("Context switch: threads against processes", "The same hand-off, pinned to one core", ctxSwitchText,
		[]fyne.CanvasObject{
			flags(p.flag("Hand-off", c.via, nil), p.flag("Round trips per batch", c.rounds, nil)),
			c.buttons(),
		},
		container.NewVBox(c.verdict, c.bars),
		c.slot.log.box).card
	c.draw()
	return c
}

func (c *ctxSwitchCard) draw() {
	c.bars.Set(c.run.Bars())
	widgets.SetText(c.verdict, c.slot.p.verdict(c.run.Verdict()))
}
