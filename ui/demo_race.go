package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
)

// raceModels are the race demo's ways of adding, in the order the bars show them.
var raceModels = []string{"none", "mutex", "atomic"}

// raceIncrements are the per-thread counts offered, within the demo's limit of ten million,
// written with separators so that a student reads "1,000,000" rather than counting zeros.
var raceIncrements = []string{"10,000", "100,000", "1,000,000", "10,000,000"}

// raceFigure is the result of the last run of one sync model.
type raceFigure struct {
	expected, actual, lost float64
	seconds                float64
	threads                int
}

// raceCard runs the race demo and keeps the last result of each sync model side by side.
type raceCard struct {
	slot     *demoSlot
	sync     *widget.Select
	threads  *widget.Slider
	nThreads *widget.Label
	incs     *widget.Select
	counts   *barChart
	times    *barChart
	verdict  *widget.Label // the comparison in words
	figs     map[string]raceFigure
	card     *widget.Card
	// compare runs none, mutex and atomic in turn with the same threads and additions.
	compare *demoSequence
}

func newRaceCard(p *demoPanel) *raceCard {
	c := &raceCard{figs: map[string]raceFigure{}, counts: p.chart(false), times: p.chart(false),
		verdict: &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}}
	c.sync = &widget.Select{Options: raceModels, Selected: "none"}
	c.sync.ExtendBaseWidget(c.sync)
	c.nThreads = &widget.Label{Text: "4 threads"}
	c.threads = &widget.Slider{Min: 1, Max: 64, Step: 1, Value: 4,
		OnChanged: func(v float64) { setText(c.nThreads, plural(int(v), "thread", "threads")) }}
	c.threads.ExtendBaseWidget(c.threads)
	c.incs = &widget.Select{Options: raceIncrements, Selected: "1,000,000"}
	c.incs.ExtendBaseWidget(c.incs)

	c.slot = newDemoSlot(p, "race", "Run")
	c.slot.args = func() []string {
		return []string{"--sync", c.sync.Selected, "--threads", strconv.Itoa(int(c.threads.Value)), "--increments", strings.ReplaceAll(c.incs.Selected, ",", "")}
	}
	c.slot.handle = c.apply
	c.compare = newDemoSequence(p, c.slot, "Run all three", raceModels, c.sync.SetSelected)
	c.slot.changed = func() {
		on := c.slot.running()
		setEnabled(c.sync, !on)
		setEnabled(c.threads, !on)
		setEnabled(c.incs, !on)
		c.compare.changed()
	}
	c.card = &widget.Card{
		Title:    "Race: threads adding to one counter",
		Subtitle: "Shared memory needs synchronisation",
		Content: container.NewVBox(
			p.explanation(raceText),
			flags(p.flag("Synchronisation", c.sync, nil), p.flag("Threads", c.threads, c.nThreads),
				p.flag("Additions per thread", c.incs, nil)),
			c.slot.buttons(c.compare.button),
			&widget.Label{Text: "Final counter and updates lost (last run of each; full length = expected count)", TextStyle: fyne.TextStyle{Bold: true}},
			c.counts,
			c.verdict,
			&widget.Label{Text: "Time taken (seconds)", TextStyle: fyne.TextStyle{Bold: true}},
			c.times,
			c.slot.log.box,
		),
	}
	c.draw()
	return c
}

// apply takes one event of the current run; the run ends with a single result.
func (c *raceCard) apply(e demos.Event) {
	if e.Kind() != "result" {
		return
	}
	f := raceFigure{}
	f.expected, _ = e.Float("expected")
	f.actual, _ = e.Float("actual")
	f.lost, _ = e.Float("lost")
	f.seconds, _ = e.Float("seconds")
	f.threads, _ = e.Int("threads")
	c.figs[e.String("sync")] = f
	c.draw()
}

func (c *raceCard) draw() {
	var counts, times []bar
	// A full-length bar is the expected count, so a counter that fell short shows as a
	// shorter bar, and the lost updates as a red one beside it.
	full := 0.0
	for _, f := range c.figs {
		full = max(full, f.expected)
	}
	c.counts.fullScale = full
	for _, m := range raceModels {
		f, ok := c.figs[m]
		actual, lost := "not run", "not run"
		if ok {
			actual = fmt.Sprintf("%s of %s", formatCount(f.actual), formatCount(f.expected))
			lost = formatCount(f.lost)
			if f.expected > 0 {
				lost += fmt.Sprintf(" (%.1f %%)", 100*f.lost/f.expected)
			}
		}
		tone := 1
		if f.lost > 0 {
			tone = 2
		}
		counts = append(counts,
			bar{label: m + ": actual", value: f.actual, text: actual, tone: tone},
			bar{label: m + ": lost", value: f.lost, text: lost, tone: 2})
		t := "not run"
		if ok {
			t = fmt.Sprintf("%.3f s, %d threads", f.seconds, f.threads)
		}
		times = append(times, bar{label: m, value: f.seconds, text: t})
	}
	c.counts.set(counts)
	c.times.set(times)
	setText(c.verdict, raceVerdict(c.figs))
}

// raceVerdict puts the runs side by side in words: what the unlocked counter lost, that the
// locked ones lost nothing, and what the lock cost in time. A racy run that happened to lose
// nothing is said to be luck, with what to change to see the race.
func raceVerdict(figs map[string]raceFigure) string {
	none, nok := figs["none"]
	var parts []string
	switch {
	case !nok:
		parts = append(parts, "Run \"none\" to see updates lost.")
	case none.lost > 0:
		parts = append(parts, fmt.Sprintf("Without a lock %s of %s additions were lost (%.1f %%).",
			formatCount(none.lost), formatCount(none.expected), 100*none.lost/none.expected))
	default:
		parts = append(parts, fmt.Sprintf("Without a lock nothing was lost this time: the threads hardly overlapped "+
			"(the run took %.3f s). That is luck, not safety; choose more additions per thread or more threads.", none.seconds))
	}
	for _, m := range []string{"mutex", "atomic"} {
		f, ok := figs[m]
		if !ok {
			continue
		}
		s := fmt.Sprintf("With %s: %s lost", map[string]string{"mutex": "a mutex", "atomic": "an atomic add"}[m], formatCount(f.lost))
		if nok && none.seconds > 0 && f.seconds > 0 {
			s += fmt.Sprintf(", %s the time of the unlocked run", formatRatio(f.seconds, none.seconds))
		}
		parts = append(parts, s+".")
	}
	if len(figs) < len(raceModels) {
		parts = append(parts, "Run the other synchronisations with the same settings to compare, or press Run all three.")
	}
	return strings.Join(parts, " ")
}
