package demotab

import (
	"time"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// memoryEvery is how often the card asks the worker for the browsers' memory: smaps_rollup
// walks a whole address space, so not on every sample.
const memoryEvery = 2 * time.Second

// browserCard runs the two browser models side by side, with their memory compared beneath.
type browserCard struct {
	p                  *panel
	threads, processes *browserPane
	memChart           *widgets.BarChart
	memNote            *widget.Label
	// mem is the last total read for each model; it stays after the run so the comparison
	// can be read once both have stopped.
	mem      map[string]model.MemTotal
	stopTick chan struct{}
	card     *widget.Card
}

func newBrowserCard(p *panel) *browserCard {
	c := &browserCard{p: p, mem: map[string]model.MemTotal{}}
	c.threads = newBrowserPane(p, "threads", "Tabs as threads of one process")
	c.processes = newBrowserPane(p, "processes", "Tabs as processes, one each")
	c.memChart = p.chart(false)
	c.memNote = caption(memoryCaption)
	for _, b := range []*browserPane{c.threads, c.processes} {
		b.onChange = c.runningChanged
	}
	c.card = &widget.Card{
		Title:    "Browser tabs: threads or processes?",
		Subtitle: "Memory sharing and crash isolation, measured",
		Content: container.NewVBox(
			p.explanation(browserText),
			container.NewGridWithColumns(2, c.threads.box, c.processes.box),
			heading("Memory of each model, read from /proc (smaps_rollup)"),
			c.memChart,
			c.memNote,
		),
	}
	c.memChart.Set(model.MemoryBars(c.mem))
	return c
}

func (c *browserCard) widget() *widget.Card { return c.card }

func (c *browserCard) slots() []*slot { return []*slot{c.threads.slot, c.processes.slot} }

// present redraws the tab grids, whose column count follows presentation mode.
func (c *browserCard) present(bool) {
	c.threads.redraw()
	c.processes.redraw()
}

// runningChanged starts the memory readings while a browser runs and stops them after.
func (c *browserCard) runningChanged() {
	on := c.threads.slot.running() || c.processes.slot.running()
	switch {
	case on && c.stopTick == nil:
		c.stopTick = make(chan struct{})
		go c.tick(c.stopTick)
	case !on && c.stopTick != nil:
		close(c.stopTick)
		c.stopTick = nil
	}
}

// tick asks for a memory reading every memoryEvery until stop closes. It only posts: the
// reading itself happens on the worker, the one goroutine that reads /proc.
func (c *browserCard) tick(stop <-chan struct{}) {
	t := time.NewTicker(memoryEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			c.p.post(c.requestMemory)
		}
	}
}

// requestMemory asks the worker for the memory of every running browser's processes: the
// browser and, in the processes model, each tab's own process.
func (c *browserCard) requestMemory() {
	owners := map[int]string{}
	var pids []int
	for _, b := range []*browserPane{c.threads, c.processes} {
		if !b.slot.running() {
			continue
		}
		for _, pid := range b.slot.pids.List() {
			owners[pid] = b.model
			pids = append(pids, pid)
		}
	}
	if len(pids) == 0 {
		return
	}
	c.p.st.MemoryOf(pids, func(m map[int]inspect.MemoryBreakdown) { c.showMemory(owners, m) })
}

// showMemory sums a reading per model and redraws the comparison.
func (c *browserCard) showMemory(owners map[int]string, m map[int]inspect.MemoryBreakdown) {
	for model, t := range model.SumMemory(owners, m) {
		c.mem[model] = t
	}
	c.memChart.Set(model.MemoryBars(c.mem))
}
