package demotab

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/demotab/cardmodel"
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
	figs     map[string]cardmodel.RaceFigure
}

func newRaceCard(p *panel) *raceCard {
	c := &raceCard{figs: map[string]cardmodel.RaceFigure{}, counts: p.chart(false), times: p.chart(false),
		verdict: &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}}
	c.sync = &widget.Select{Options: cardmodel.RaceModels, Selected: "none"}
	c.sync.ExtendBaseWidget(c.sync)
	c.nThreads = &widget.Label{Text: "4 threads"}
	c.threads = &widget.Slider{Min: 1, Max: 64, Step: 1, Value: 4,
		OnChanged: func(v float64) { widgets.SetText(c.nThreads, model.Plural(int(v), "thread", "threads")) }}
	c.threads.ExtendBaseWidget(c.threads)
	// Ten million additions a thread: a run of about half a second, long enough that the
	// timings are steady (a million took some 50 ms, and the order of the three changed
	// from run to run).
	c.incs = &widget.Select{Options: cardmodel.RaceIncrements, Selected: "10,000,000"}
	c.incs.ExtendBaseWidget(c.incs)

	c.runCard = newRunCard(p, "race", "Run", c.sync, c.threads, c.incs)
	c.slot.args = func() []string {
		return []string{"--sync", c.sync.Selected, "--threads", strconv.Itoa(int(c.threads.Value)), "--increments", strings.ReplaceAll(c.incs.Selected, ",", "")}
	}
	c.slot.handle = c.apply
	c.compareAll("Run all three", cardmodel.RaceModels, c.sync.SetSelected)
	c.card = p.newFrame("Race: threads adding to one counter", "Shared memory needs synchronisation", raceText,
		[]fyne.CanvasObject{
			flags(p.flag("Lock", c.sync, nil), p.flag("Threads", c.threads, c.nThreads),
				p.flag("Each adds", c.incs, nil)),
			c.buttons(),
		},
		container.NewVBox(
			p.heading("Final counter (full length: the count expected)"),
			c.counts,
			p.heading("Time taken"),
			c.times,
		),
		// The verdict heads the log's column: the counts and times are what it sums up.
		container.NewBorder(container.NewThemeOverride(c.verdict, smallTheme{}), nil, nil, nil, c.slot.log.box)).card
	c.draw()
	return c
}

// apply takes one event of the current run; the run ends with a single result.
func (c *raceCard) apply(e demos.Event) {
	if sync, f, ok := cardmodel.RaceResult(e); ok {
		c.figs[sync] = f
		c.draw()
	}
}

func (c *raceCard) draw() {
	counts, times, full := cardmodel.RaceBars(c.figs)
	c.counts.FullScale = full
	c.counts.Set(counts)
	c.times.Set(times)
	widgets.SetText(c.verdict, c.slot.p.verdict(cardmodel.RaceVerdict(c.figs)))
}
