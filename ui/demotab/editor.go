package demotab

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// editorCard runs the editor demo as threads and as a single thread, each with its own Launch,
// and draws both models' keystroke latencies side by side as they come in.
type editorCard struct {
	threads, single *slot
	rate            *widget.Slider
	rateLabel       *widget.Label
	chart           *widgets.BarChart
	verdict         *widget.Label // the comparison in words, once both models have run
	lat             map[string]model.EditorLatency
	card            *widget.Card
}

func newEditorCard(p *panel) *editorCard {
	c := &editorCard{lat: map[string]model.EditorLatency{}, chart: p.chart(false),
		verdict: &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}}
	c.rateLabel = &widget.Label{Text: "50 keys/s"}
	c.rate = &widget.Slider{Min: 10, Max: 500, Step: 10, Value: 50,
		OnChanged: func(v float64) { widgets.SetText(c.rateLabel, fmt.Sprintf("%d keys/s", int(v))) }}
	c.rate.ExtendBaseWidget(c.rate)
	c.threads = c.slot(p, "threads")
	c.single = c.slot(p, "single")
	c.card = &widget.Card{
		Title:    "Editor: responsive with threads",
		Subtitle: "Keystroke-to-screen latency while a spell checker works",
		Content: container.NewVBox(
			p.explanation(editorText),
			flags(p.flag("Typing rate", c.rate, c.rateLabel)),
			container.NewGridWithColumns(2,
				container.NewVBox(heading("Five named threads"), c.threads.buttons()),
				container.NewVBox(heading("One thread does it all"), c.single.buttons())),
			&widget.Label{Text: "Keystroke latency, last second, in milliseconds: p50 = typical key, p99 = slowest 1 in 100", TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord},
			c.chart,
			c.verdict,
			caption("Updated every second while a model runs; the last figures stay after it stops."),
			container.NewGridWithColumns(2, c.threads.log.box, c.single.log.box),
		),
	}
	c.draw()
	return c
}

func (c *editorCard) widget() *widget.Card { return c.card }

func (c *editorCard) slots() []*slot { return []*slot{c.threads, c.single} }

func (c *editorCard) slot(p *panel, mdl string) *slot {
	s := newSlot(p, "editor", "Launch "+mdl)
	s.args = func() []string {
		return []string{"--model", mdl, "--rate", strconv.Itoa(int(c.rate.Value))}
	}
	s.reset = func() {
		delete(c.lat, mdl)
		c.draw()
	}
	s.handle = func(e demos.Event) {
		if l, ok := model.EditorResult(e); ok {
			c.lat[mdl] = l
			c.draw()
		}
	}
	s.changed = func() { widgets.SetEnabled(c.rate, !c.threads.running() && !c.single.running()) }
	return s
}

func (c *editorCard) draw() {
	c.chart.Set(model.EditorBars(c.lat))
	widgets.SetText(c.verdict, model.EditorVerdict(c.lat))
}
