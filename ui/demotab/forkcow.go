package demotab

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/demotab/cardmodel"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// forkcowCard runs the fork copy-on-write demo and draws a child's own and shared memory right
// after the fork and after it wrote its copy, on one scale whose full length is the data.
type forkcowCard struct {
	*runCard
	mib       *widget.Slider
	nMiB      *widget.Label
	children  *widget.Slider
	nChildren *widget.Label
	chart     *widgets.BarChart
	verdict   *widget.Label
	state     cardmodel.ForkcowState
}

func newForkcowCard(p *panel) *forkcowCard {
	c := &forkcowCard{chart: p.chart(false),
		verdict: &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}}
	c.nMiB = &widget.Label{Text: "64 MiB"}
	c.mib = &widget.Slider{Min: 16, Max: 256, Step: 16, Value: 64,
		OnChanged: func(v float64) { widgets.SetText(c.nMiB, fmt.Sprintf("%d MiB", int(v))) }}
	c.mib.ExtendBaseWidget(c.mib)
	c.nChildren = &widget.Label{Text: "2 children"}
	// At most 3 children of at most 256 MiB: with the parent, within the demos' 1 GiB budget.
	c.children = &widget.Slider{Min: 1, Max: 3, Step: 1, Value: 2,
		OnChanged: func(v float64) { widgets.SetText(c.nChildren, model.Plural(int(v), "child", "children")) }}
	c.children.ExtendBaseWidget(c.children)

	c.runCard = newRunCard(p, "forkcow", "Measure", c.mib, c.children)
	c.slot.args = func() []string {
		return []string{"--mib", strconv.Itoa(int(c.mib.Value)), "--children", strconv.Itoa(int(c.children.Value))}
	}
	c.slot.reset = func() {
		c.state.Reset()
		c.draw()
	}
	c.slot.handle = c.apply
	c.card = p.newFrame("fork: is the memory copied?",
		"A child's own and shared pages, from /proc, before and after it writes", forkcowText,
		[]fyne.CanvasObject{flags(p.flag("Data", c.mib, c.nMiB), p.flag("Children", c.children, c.nChildren)), c.buttons()},
		container.NewVBox(
			p.heading(cardmodel.ForkcowHeading),
			c.chart,
			c.verdict,
		),
		c.slot.log.box).card
	if _, err := demos.ResolvePython(""); err != nil {
		c.state.Missing = true
	}
	c.draw()
	return c
}

// apply takes one event of the current run.
func (c *forkcowCard) apply(e demos.Event) {
	c.state.Apply(e)
	c.draw()
}

func (c *forkcowCard) draw() {
	bars, full := cardmodel.ForkcowBars(c.state)
	c.chart.FullScale = full
	c.chart.Set(bars)
	widgets.SetText(c.verdict, c.slot.p.verdict(cardmodel.ForkcowVerdict(c.state)))
}
