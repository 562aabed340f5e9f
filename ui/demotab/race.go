package demotab

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// raceCard runs the race demo and keeps the last result of each sync model side by side.
type raceCard struct {
	*runCard
	sync     *widget.Select
	threads  *widget.Slider
	nThreads *widget.Label
	incs     *widget.Select
	counts   *widgets.BarChart
	times    *widgets.BarChart
	verdict  *widget.Label // the comparison in words
	figs     map[string]model.RaceFigure
}

func newRaceCard(p *panel) *raceCard {
	c := &raceCard{figs: map[string]model.RaceFigure{}, counts: p.chart(false), times: p.chart(false),
		verdict: &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}}
	c.sync = &widget.Select{Options: model.RaceModels, Selected: "none"}
	c.sync.ExtendBaseWidget(c.sync)
	c.nThreads = &widget.Label{Text: "4 threads"}
	c.threads = &widget.Slider{Min: 1, Max: 64, Step: 1, Value: 4,
		OnChanged: func(v float64) { widgets.SetText(c.nThreads, model.Plural(int(v), "thread", "threads")) }}
	c.threads.ExtendBaseWidget(c.threads)
	c.incs = &widget.Select{Options: model.RaceIncrements, Selected: "1,000,000"}
	c.incs.ExtendBaseWidget(c.incs)

	c.runCard = newRunCard(p, "race", "Run", c.sync, c.threads, c.incs)
	c.slot.args = func() []string {
		return []string{"--sync", c.sync.Selected, "--threads", strconv.Itoa(int(c.threads.Value)), "--increments", strings.ReplaceAll(c.incs.Selected, ",", "")}
	}
	c.slot.handle = c.apply
	c.compareAll("Run all three", model.RaceModels, c.sync.SetSelected)
	c.card = &widget.Card{
		Title:    "Race: threads adding to one counter",
		Subtitle: "Shared memory needs synchronisation",
		Content: container.NewVBox(
			p.explanation(raceText),
			flags(p.flag("Synchronisation", c.sync, nil), p.flag("Threads", c.threads, c.nThreads),
				p.flag("Additions per thread", c.incs, nil)),
			c.buttons(),
			heading("Final counter and updates lost (last run of each; full length = expected count)"),
			c.counts,
			c.verdict,
			heading("Time taken (seconds)"),
			c.times,
			c.slot.log.box,
		),
	}
	c.draw()
	return c
}

// apply takes one event of the current run; the run ends with a single result.
func (c *raceCard) apply(e demos.Event) {
	if sync, f, ok := model.RaceResult(e); ok {
		c.figs[sync] = f
		c.draw()
	}
}

func (c *raceCard) draw() {
	counts, times, full := model.RaceBars(c.figs)
	c.counts.FullScale = full
	c.counts.Set(counts)
	c.times.Set(times)
	widgets.SetText(c.verdict, model.RaceVerdict(c.figs))
}
