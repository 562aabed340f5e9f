package demotab

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/demotab/cardmodel"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// singleCoreCard runs the singlecore demo: CPU-bound workers alone, on one core, and spread.
type singleCoreCard struct {
	*runCard
	workers  *widget.Slider
	nWorkers *widget.Label
	seconds  *widget.Select
	bars     *widgets.BarChart
	verdict  *widget.Label
	run      *cardmodel.SingleCoreRun
}

func newSingleCoreCard(p *panel) *singleCoreCard {
	c := &singleCoreCard{bars: p.chart(false), run: cardmodel.NewSingleCoreRun(),
		verdict: &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}}
	w := max(2, p.cores)
	c.nWorkers = &widget.Label{Text: model.Plural(w, "worker", "workers")}
	c.workers = &widget.Slider{Min: 1, Max: 16, Step: 1, Value: float64(w),
		OnChanged: func(v float64) { widgets.SetText(c.nWorkers, model.Plural(int(v), "worker", "workers")) }}
	c.workers.ExtendBaseWidget(c.workers)
	c.seconds = &widget.Select{Options: []string{"1", "2", "3", "5", "10"}, Selected: "3"}
	c.seconds.ExtendBaseWidget(c.seconds)
	c.runCard = newRunCard(p, "singlecore", "Run", c.workers, c.seconds)
	c.slot.args = func() []string {
		return []string{"--workers", strconv.Itoa(int(c.workers.Value)), "--seconds", c.seconds.Selected}
	}
	c.slot.reset = func() { c.run = cardmodel.NewSingleCoreRun(); c.draw() }
	c.slot.handle = func(e demos.Event) {
		if c.run.Apply(e) {
			c.draw()
		}
	}
	c.card = p.newFrame("One core: processes taking turns", "Time slicing on one core, parallelism on many", singleCoreText,
		[]fyne.CanvasObject{
			flags(p.flag("Workers", c.workers, c.nWorkers), p.flag("Seconds of each phase", c.seconds, nil)),
			c.buttons(),
		},
		container.NewVBox(c.verdict, c.bars),
		c.slot.log.box).card
	c.draw()
	return c
}

func (c *singleCoreCard) draw() {
	c.bars.Set(c.run.Bars())
	widgets.SetText(c.verdict, c.slot.p.verdict(c.run.Verdict()))
}
