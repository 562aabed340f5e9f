package demotab

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/demotab/cardmodel"
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
	memNote            *widgets.Heading
	// mem is what was read of each model; it stays after the run so the comparison can be
	// read once both have stopped.
	mem      map[string]cardmodel.MemRecord
	stopTick chan struct{}
	frame    *frame
	card     *widget.Card
}

func newBrowserCard(p *panel) *browserCard {
	c := &browserCard{p: p, mem: map[string]cardmodel.MemRecord{}}
	c.threads = newBrowserPane(p, "threads", "Tabs as threads of one process")
	c.processes = newBrowserPane(p, "processes", "Tabs as processes, one each")
	c.memChart = p.chart(false)
	c.memNote = p.heading("Memory of each model, read from /proc (smaps_rollup)")
	for _, b := range []*browserPane{c.threads, c.processes} {
		b.onChange = c.runningChanged
		b.onLaunch = func(tabs int) { c.startMemory(b.model, tabs) }
	}
	c.frame = p.newFrame("Browser tabs: threads or processes?", "Memory sharing and crash isolation, measured",
		browserText+"\n\n"+memoryCaption, nil,
		// Each model's pane holds its own log: the two columns are the two models.
		container.NewGridWithColumns(2, c.threads.box, c.processes.box),
		container.NewVBox(c.memNote, container.NewThemeOverride(c.memChart, smallTheme{})))
	c.frame.stacked = true
	c.frame.present(p.st.Presentation())
	c.card = c.frame.card
	c.threads.card, c.processes.card = c.card, c.card
	c.drawMemory()
	return c
}

func (c *browserCard) widget() *widget.Card { return c.card }

func (c *browserCard) slots() []*slot { return []*slot{c.threads.slot, c.processes.slot} }

// present redraws the panes, which are more compact in presentation mode.
func (c *browserCard) present(bool) {
	c.threads.redraw()
	c.processes.redraw()
	c.drawMemory()
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

// startMemory forgets a model's figures when it is launched again with tabs.
func (c *browserCard) startMemory(mdl string, tabs int) {
	r := c.mem[mdl]
	r.Start(tabs)
	c.mem[mdl] = r
	c.drawMemory()
}

// showMemory sums a reading per model, with the tabs each has open now, and redraws the
// comparison.
func (c *browserCard) showMemory(owners map[int]string, m map[int]inspect.MemoryBreakdown) {
	for mdl, t := range cardmodel.SumMemory(owners, m) {
		b := c.threads
		if mdl == "processes" {
			b = c.processes
		}
		if !b.slot.running() {
			continue
		}
		r := c.mem[mdl]
		r.Record(t, len(b.state.WithState("alive")))
		c.mem[mdl] = r
	}
	c.drawMemory()
}

// drawMemory draws the comparison; on a projector only PSS, the fair measure, with its note.
func (c *browserCard) drawMemory() {
	for _, b := range []*browserPane{c.threads, c.processes} {
		if r := c.mem[b.model]; !b.slot.running() && r.Launch.Procs > 0 && !r.Ended {
			r.Ended = true
			c.mem[b.model] = r
		}
	}
	bars, note := cardmodel.MemoryBars(c.mem)
	if note == "" {
		note = "Memory of each model, read from /proc (smaps_rollup)"
	}
	c.memNote.SetText(note)
	// On a projector: PSS only, the fair measure, and the note in place of the heading's line
	// is left out; the bars' labels say how many tabs each model had.
	on := c.p.st.Presentation()
	widgets.SetVisible(c.memNote, !on || strings.HasPrefix(note, "Not comparable"))
	if on {
		bars = slices.DeleteFunc(bars, func(b model.Bar) bool { return !strings.HasPrefix(b.Label, "PSS") })
		for i := range bars {
			if t := c.mem[[]string{"threads", "processes"}[i]].Launch.Tabs; t > 0 {
				bars[i].Label = fmt.Sprintf("PSS, %s, %s", []string{"threads", "processes"}[i], model.Plural(t, "tab", "tabs"))
			}
		}
	}
	c.memChart.Set(bars)
}
