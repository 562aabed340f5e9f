package demotab

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/demotab/cardmodel"
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
	lat             map[string]cardmodel.EditorLatency
	results         map[string][]cardmodel.EditorLatency // each model's latest, one a second
	// typing is where a student types; each model's shown says what that model has drawn of
	// it, so the single-threaded editor's lag behind the keys is seen, not only measured.
	typing *widget.Entry
	shown  map[string]*widget.Label
	sent   string // the typing field's text as last sent
	card   *widget.Card
}

func newEditorCard(p *panel) *editorCard {
	c := &editorCard{lat: map[string]cardmodel.EditorLatency{}, results: map[string][]cardmodel.EditorLatency{}, chart: p.chart(false),
		verdict: &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}}
	c.rateLabel = &widget.Label{Text: "50 keys/s"}
	c.rate = &widget.Slider{Min: 10, Max: 500, Step: 10, Value: 50,
		OnChanged: func(v float64) { widgets.SetText(c.rateLabel, fmt.Sprintf("%d keys/s", int(v))) }}
	c.rate.ExtendBaseWidget(c.rate)
	c.shown = map[string]*widget.Label{}
	for _, m := range cardmodel.EditorModels {
		c.shown[m] = &widget.Label{Text: "shows: (launch, then type)", Truncation: fyne.TextTruncateClip, TextStyle: fyne.TextStyle{Monospace: true}}
	}
	c.typing = &widget.Entry{PlaceHolder: "type here: both editors draw it"}
	c.typing.ExtendBaseWidget(c.typing)
	c.typing.OnChanged = c.typed
	c.threads = c.slot(p, "threads")
	c.single = c.slot(p, "single")
	c.card = p.newFrame("Editor: responsive with threads", "Keystroke-to-screen latency while a spell checker works",
		editorText+" The figures cover the last second while a model runs, and stay after it stops.",
		[]fyne.CanvasObject{
			flags(p.flag("Typing rate", c.rate, c.rateLabel)),
			container.NewGridWithColumns(2,
				container.NewVBox(p.heading("Five named threads"), c.threads.buttons(), c.shown["threads"]),
				container.NewVBox(p.heading("One thread does it all"), c.single.buttons(), c.shown["single"])),
			c.typing,
		},
		container.NewVBox(
			p.heading("Key to screen, ms, last 5 s: p50 typical, p99 slowest in 100"),
			c.chart,
		),
		// The verdict heads the logs' column, where a three-line sentence has room.
		container.NewBorder(container.NewThemeOverride(c.verdict, smallTheme{}), nil, nil, nil, container.NewGridWithColumns(2, c.threads.log.box, c.single.log.box))).card
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
		delete(c.results, mdl)
		c.draw()
	}
	s.handle = func(e demos.Event) {
		if e.Kind() == "typed" {
			widgets.SetText(c.shown[mdl], fmt.Sprintf("shows: %s  (%.0f ms)", e.String("text"), floatOf(e, "latency_ms")))
			return
		}
		if l, ok := cardmodel.EditorResult(e); ok {
			r := append(c.results[mdl], l)
			c.results[mdl] = r[max(0, len(r)-cardmodel.EditorWindow):]
			c.lat[mdl] = cardmodel.EditorSteady(c.results[mdl])
			c.draw()
		}
	}
	s.changed = func() { widgets.SetEnabled(c.rate, !c.threads.running() && !c.single.running()) }
	return s
}

func (c *editorCard) draw() {
	c.chart.Set(cardmodel.EditorBars(c.lat))
	widgets.SetText(c.verdict, c.threads.p.verdict(cardmodel.EditorVerdict(c.lat)))
}

// typed sends what was added to the typing field to every running editor, one command per
// change (a key, or a paste cut to the command's limit); deletions are not sent.
func (c *editorCard) typed(text string) {
	added := text
	if c.sent != "" && strings.HasPrefix(text, c.sent) {
		added = text[len(c.sent):]
	}
	c.sent = text
	if added == "" {
		return
	}
	if r := []rune(added); len(r) > 16 {
		added = string(r[len(r)-16:])
	}
	for _, s := range []*slot{c.threads, c.single} {
		if s.running() {
			s.send(demos.Command{Cmd: "type", Text: added})
		}
	}
}

// floatOf is a numeric field of e, or 0.
func floatOf(e demos.Event, key string) float64 {
	v, _ := e.Float(key)
	return v
}
