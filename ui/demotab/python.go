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

// pythonModes are the card's ways to run the python demo: the comparison, or workers that keep
// running so the lanes and the process table show them.
var pythonModes = []string{"compare", "live threads", "live processes"}

// pythonCard runs the python demo on the real CPython and draws the speedups over one worker
// side by side: threads under the GIL, processes, a free-threaded build when one was found, and
// threads waiting on I/O.
type pythonCard struct {
	*runCard
	mode     *widget.Select
	workers  *widget.Slider
	nWorkers *widget.Label
	which    *widget.Label // the python3 found, or how to install one
	chart    *widgets.BarChart
	verdict  *widget.Label
	state    cardmodel.PythonState
}

func newPythonCard(p *panel) *pythonCard {
	c := &pythonCard{chart: p.chart(false),
		which:   &widget.Label{Wrapping: fyne.TextWrapWord},
		verdict: &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}}
	c.mode = &widget.Select{Options: pythonModes, Selected: "compare"}
	c.mode.ExtendBaseWidget(c.mode)
	n := min(p.cores, 16)
	c.nWorkers = &widget.Label{Text: model.Plural(n, "worker", "workers")}
	c.workers = &widget.Slider{Min: 1, Max: 16, Step: 1, Value: float64(n),
		OnChanged: func(v float64) {
			widgets.SetText(c.nWorkers, model.Plural(int(v), "worker", "workers"))
			if c.state.GIL == nil {
				c.draw()
			}
		}}
	c.workers.ExtendBaseWidget(c.workers)

	c.runCard = newRunCard(p, "python", "Measure", c.mode, c.workers)
	c.slot.args = c.args
	c.slot.reset = func() {
		if c.mode.Selected == "compare" {
			c.state.Reset()
		} else {
			c.state.ResetLive()
		}
		c.draw()
	}
	c.slot.handle = c.apply
	c.card = p.newFrame("Python's GIL, measured on the real CPython",
		"The notes' threading.Thread and multiprocessing.Process, timed", pythonText,
		[]fyne.CanvasObject{flags(p.flag("Run", p.widen(c.mode, 170), nil), p.flag("Workers", c.workers, c.nWorkers)), c.buttons()},
		container.NewVBox(
			c.which,
			p.heading("Speed-up over one worker (full bar: every core busy)"),
			c.chart,
			c.verdict,
		),
		c.slot.log.box).card
	c.present(p.st.Presentation())
	c.findPython()
	c.draw()
	return c
}

// present implements presenter: on a projector the line naming the python3 gives its room to
// the bars and the verdict (the log names it too).
func (c *pythonCard) present(on bool) { widgets.SetVisible(c.which, !on) }

// args are the demo's flags from the controls.
func (c *pythonCard) args() []string {
	args := []string{"--workers", strconv.Itoa(int(c.workers.Value))}
	switch c.mode.Selected {
	case "live threads":
		return append(args, "--mode", "live", "--model", "threads", "--kind", "cpu")
	case "live processes":
		return append(args, "--mode", "live", "--model", "processes", "--kind", "cpu")
	}
	return append(args, "--mode", "compare")
}

// findPython says which python3 the demo will run, or how to install one, before any run.
func (c *pythonCard) findPython() {
	path, err := demos.ResolvePython("")
	if err != nil {
		c.state.Missing = true
		widgets.SetText(c.which, "No python3 found on PATH: "+demos.PythonInstallHint+".")
		return
	}
	widgets.SetText(c.which, "Runs "+path+" (standard library only; free-threaded python3.13t or later beside it when on PATH).")
}

// apply takes one event of the current run.
func (c *pythonCard) apply(e demos.Event) {
	c.state.Apply(e)
	if e.Kind() == "ready" {
		widgets.SetText(c.which, "Python "+c.state.Python+" at "+c.state.Path+".")
	}
	c.draw()
}

func (c *pythonCard) draw() {
	bars, full := cardmodel.PythonBars(c.state, int(c.workers.Value))
	c.chart.FullScale = full
	c.chart.Set(bars)
	widgets.SetText(c.verdict, c.slot.p.verdict(cardmodel.PythonVerdict(c.state)))
}
