package ui

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
)

// editorLatency is one model's latest figures, from its last result event.
type editorLatency struct {
	p50, p99, maxMs float64
	keys            int
	seen            bool
}

// editorCard runs the editor demo as threads and as a single thread, each with its own Launch,
// and draws both models' keystroke latencies side by side as they come in.
type editorCard struct {
	threads, single *demoSlot
	rate            *widget.Slider
	rateLabel       *widget.Label
	chart           *barChart
	verdict         *widget.Label // the comparison in words, once both models have run
	lat             map[string]editorLatency
	card            *widget.Card
}

func newEditorCard(p *demoPanel) *editorCard {
	c := &editorCard{lat: map[string]editorLatency{}, chart: p.chart(false),
		verdict: &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}}
	c.rateLabel = &widget.Label{Text: "50 keys/s"}
	c.rate = &widget.Slider{Min: 10, Max: 500, Step: 10, Value: 50,
		OnChanged: func(v float64) { setText(c.rateLabel, fmt.Sprintf("%d keys/s", int(v))) }}
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
				container.NewVBox(&widget.Label{Text: "Five named threads", TextStyle: fyne.TextStyle{Bold: true}}, c.threads.buttons()),
				container.NewVBox(&widget.Label{Text: "One thread does it all", TextStyle: fyne.TextStyle{Bold: true}}, c.single.buttons())),
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

func (c *editorCard) slot(p *demoPanel, model string) *demoSlot {
	s := newDemoSlot(p, "editor", "Launch "+model)
	s.args = func() []string {
		return []string{"--model", model, "--rate", strconv.Itoa(int(c.rate.Value))}
	}
	s.reset = func() {
		delete(c.lat, model)
		c.draw()
	}
	s.handle = func(e demos.Event) { c.apply(model, e) }
	s.changed = func() { setEnabled(c.rate, !c.threads.running() && !c.single.running()) }
	return s
}

// apply takes one event of the given model's run.
func (c *editorCard) apply(model string, e demos.Event) {
	if e.Kind() != "result" {
		return
	}
	l := editorLatency{seen: true}
	l.p50, _ = e.Float("latency_p50_ms")
	l.p99, _ = e.Float("latency_p99_ms")
	l.maxMs, _ = e.Float("max_ms")
	l.keys, _ = e.Int("keys")
	c.lat[model] = l
	c.draw()
}

func (c *editorCard) draw() {
	var bars []bar
	for _, q := range []string{"p50", "p99"} {
		for i, model := range []string{"threads", "single"} {
			l := c.lat[model]
			v := l.p50
			if q == "p99" {
				v = l.p99
			}
			text := "not run"
			if l.seen {
				text = fmt.Sprintf("%.2f ms (%d keys)", v, l.keys)
			}
			bars = append(bars, bar{label: q + ", " + model, value: v, text: text, tone: i})
		}
	}
	c.chart.set(bars)
	t, s := c.lat["threads"], c.lat["single"]
	verdict := "Run both models to compare them."
	if t.seen && s.seen && t.p99 > 0 {
		verdict = fmt.Sprintf("The slowest keys (p99) take %.2f ms with one thread against %.2f ms with five: %s as long.",
			s.p99, t.p99, formatRatio(s.p99, t.p99))
	}
	setText(c.verdict, verdict)
}
