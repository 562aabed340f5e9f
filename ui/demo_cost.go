package ui

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
)

// costCreate and costTrip are the cost demo's figures, each with the label of its bar.
var (
	costCreate = [][2]string{
		{"thread_create_us", "create + join a thread"},
		{"process_create_us", "start + reap a process (this program)"},
		{"process_create_true_us", "start + reap /bin/true"},
	}
	costTrip = [][2]string{
		{"shm_roundtrip_ns", "threads, shared memory"},
		{"pipe_roundtrip_ns", "processes, pipe"},
		{"socket_roundtrip_ns", "processes, Unix socket"},
	}
)

// costCard runs the cost demo and draws its medians as two groups of bars, creation and
// communication, each on its own logarithmic scale.
type costCard struct {
	slot   *demoSlot
	count  *widget.Slider
	nCount *widget.Label
	create *barChart
	trip   *barChart
	cores  *widget.Label
	result demos.Event
	card   *widget.Card
}

func newCostCard(p *demoPanel) *costCard {
	c := &costCard{create: p.chart(true), trip: p.chart(true)}
	c.nCount = &widget.Label{Text: "200 of each"}
	c.count = &widget.Slider{Min: 10, Max: 2000, Step: 10, Value: 200,
		OnChanged: func(v float64) { setText(c.nCount, fmt.Sprintf("%d of each", int(v))) }}
	c.count.ExtendBaseWidget(c.count)
	c.cores = &widget.Label{Text: fmt.Sprintf("Measured on this machine: %d logical cores.", p.cores), TextStyle: fyne.TextStyle{Bold: true}}

	c.slot = newDemoSlot(p, "cost", "Measure")
	c.slot.args = func() []string { return []string{"--count", strconv.Itoa(int(c.count.Value))} }
	c.slot.handle = c.apply
	c.slot.changed = func() { setEnabled(c.count, !c.slot.running()) }
	c.card = &widget.Card{
		Title:    "Cost: creating and talking",
		Subtitle: "Threads against processes, timed here",
		Content: container.NewVBox(
			p.explanation(costText),
			flags(p.flag("Create", c.count, c.nCount)),
			c.slot.buttons(),
			c.cores,
			&widget.Label{Text: "Creating (median, microseconds, log scale)", TextStyle: fyne.TextStyle{Bold: true}},
			c.create,
			&widget.Label{Text: "One round trip (median, nanoseconds, log scale)", TextStyle: fyne.TextStyle{Bold: true}},
			c.trip,
			c.slot.log.box,
		),
	}
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
		setText(c.cores, fmt.Sprintf("Measured on this machine: %d logical cores.", n))
	}
	c.draw()
}

func (c *costCard) draw() {
	c.create.set(c.bars(costCreate, "µs"))
	c.trip.set(c.bars(costTrip, "ns"))
}

func (c *costCard) bars(figs [][2]string, unit string) []bar {
	out := make([]bar, len(figs))
	// On a log scale lengths understate the gap, so each figure also says how many times the
	// first (the threads') it is.
	base, _ := c.result.Float(figs[0][0])
	for i, f := range figs {
		v, ok := c.result.Float(f[0])
		text := "not measured"
		if ok {
			text = fmt.Sprintf("%s %s", strconv.FormatFloat(v, 'f', -1, 64), unit)
			if i > 0 && base > 0 {
				text += fmt.Sprintf("  (%s the threads')", formatRatio(v, base))
			}
		}
		// Threads in the first colour, processes in the second, as on the other cards.
		out[i] = bar{label: f[1], value: v, text: text, tone: min(i, 1)}
	}
	return out
}
