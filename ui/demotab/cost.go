package demotab

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/demotab/cardmodel"
	"github.com/taskscope/taskscope/ui/widgets"
)

// costCard runs the cost demo and draws its medians as two groups of bars, creation and
// communication, each on its own logarithmic scale.
type costCard struct {
	*runCard
	count  *widget.Slider
	nCount *widget.Label
	create *widgets.BarChart
	trip   *widgets.BarChart
	cores  *widget.Label
	result demos.Event
}

func newCostCard(p *panel) *costCard {
	c := &costCard{create: p.chart(true), trip: p.chart(true)}
	c.nCount = &widget.Label{Text: "200 of each"}
	c.count = &widget.Slider{Min: 10, Max: 2000, Step: 10, Value: 200,
		OnChanged: func(v float64) { widgets.SetText(c.nCount, fmt.Sprintf("%d of each", int(v))) }}
	c.count.ExtendBaseWidget(c.count)
	c.cores = &widget.Label{Text: fmt.Sprintf("Measured on this machine: %d logical cores.", p.cores), TextStyle: fyne.TextStyle{Bold: true}}

	c.runCard = newRunCard(p, "cost", "Measure", c.count)
	c.slot.args = func() []string { return []string{"--count", strconv.Itoa(int(c.count.Value))} }
	c.slot.handle = c.apply
	c.card = p.newFrame("Cost: creating and talking", "Threads against processes, timed here", costText,
		[]fyne.CanvasObject{flags(p.flag("Create", c.count, c.nCount)), c.buttons()},
		container.NewVBox(
			c.cores,
			p.heading("Creating (median, microseconds, log scale)"),
			c.create,
			p.heading("One round trip (median, nanoseconds, log scale)"),
			c.trip,
		),
		c.slot.log.box).card
	c.draw()
	return c
}

// apply takes one event of the current run; the run ends with a single result.
func (c *costCard) apply(e demos.Event) {
	if e.Kind() != "result" {
		return
	}
	c.result = e
	if n, ok := e.Int("cores"); ok {
		widgets.SetText(c.cores, fmt.Sprintf("Measured on this machine: %d logical cores.", n))
	}
	c.draw()
}

func (c *costCard) draw() {
	c.create.Set(cardmodel.CostBars(c.result, cardmodel.CostCreate, "µs"))
	c.trip.Set(cardmodel.CostBars(c.result, cardmodel.CostTrip, "ns"))
}
