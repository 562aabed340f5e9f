package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
)

// memoryEvery is how often the card asks the worker for the browsers' memory: smaps_rollup
// walks a whole address space, so not on every sample.
const memoryEvery = 2 * time.Second

// browserCard runs the two browser models side by side, with their memory compared beneath.
type browserCard struct {
	p                  *demoPanel
	threads, processes *browserPane
	memChart           *barChart
	memNote            *widget.Label
	// mem is the last total read for each model; it stays after the run so the comparison
	// can be read once both have stopped.
	mem      map[string]memTotal
	stopTick chan struct{}
	card     *widget.Card
}

// memTotal is the memory of one browser model: the sums over its processes.
type memTotal struct {
	rss, pss, private uint64
	procs             int
}

func newBrowserCard(p *demoPanel) *browserCard {
	c := &browserCard{p: p, mem: map[string]memTotal{}}
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
			&widget.Label{Text: "Memory of each model, read from /proc (smaps_rollup)", TextStyle: fyne.TextStyle{Bold: true}},
			c.memChart,
			c.memNote,
		),
	}
	c.drawMemory()
	return c
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
		for _, pid := range b.slot.pidList() {
			owners[pid] = b.model
			pids = append(pids, pid)
		}
	}
	if len(pids) == 0 {
		return
	}
	c.p.hub.memoryOf(pids, func(m map[int]inspect.MemoryBreakdown) { c.showMemory(owners, m) })
}

// showMemory sums a reading per model and redraws the comparison.
func (c *browserCard) showMemory(owners map[int]string, m map[int]inspect.MemoryBreakdown) {
	sums := map[string]memTotal{}
	for pid, b := range m {
		model, ok := owners[pid]
		if !ok {
			continue
		}
		t := sums[model]
		t.rss += b.RSS
		t.pss += b.PSS
		t.private += b.Private
		t.procs++
		sums[model] = t
	}
	for model, t := range sums {
		c.mem[model] = t
	}
	c.drawMemory()
}

func (c *browserCard) drawMemory() {
	th, pr := c.mem["threads"], c.mem["processes"]
	mib := func(b uint64) float64 { return float64(b) / (1 << 20) }
	label := func(what, model string, t memTotal) string {
		if t.procs == 0 {
			return what + ", " + model
		}
		return fmt.Sprintf("%s, %s (%s)", what, model, plural(t.procs, "process", "processes"))
	}
	text := func(b uint64) string {
		if b == 0 {
			return "not measured yet: launch this model"
		}
		return formatBytes(b)
	}
	var bars []bar
	for _, m := range []struct {
		what string
		get  func(memTotal) uint64
	}{
		{"RSS", func(t memTotal) uint64 { return t.rss }},
		{"PSS", func(t memTotal) uint64 { return t.pss }},
		{"Private", func(t memTotal) uint64 { return t.private }},
	} {
		bars = append(bars,
			bar{label: label(m.what, "threads", th), value: mib(m.get(th)), text: text(m.get(th)), tone: 0},
			bar{label: label(m.what, "processes", pr), value: mib(m.get(pr)), text: text(m.get(pr)), tone: 1})
	}
	c.memChart.set(bars)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
