package demotab

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/demotab/cardmodel"
	"github.com/taskscope/taskscope/ui/widgets"
)

// browserTitles head each browser model's tabs, as the card's panes are named.
var browserTitles = map[string]string{
	"threads":   "Tabs as threads",
	"processes": "Tabs as processes",
}

// Evidence draws the evidence of a claim from the events its demo runs gave (claims.Result.Runs)
// the way the claim's card draws it: the same bar charts, and the browser's tab cells coloured
// alive or crashed, without the card's controls and log. It is for a view that shows one
// claim's evidence large (the lesson's reveal): the window hands it to that view, so that no
// tab imports another. It returns nil when the runs hold no evidence of the claim.
func Evidence(claim string, runs map[string][]demos.Event) fyne.CanvasObject {
	ev, ok := cardmodel.ClaimEvidence(claim, runs)
	if !ok {
		return nil
	}
	var objs []fyne.CanvasObject
	for _, c := range ev.Charts {
		chart := widgets.NewBarChart(c.LogScale)
		chart.FullScale, chart.Stacked = c.FullScale, true
		chart.Set(c.Bars)
		// Each chart under its heading takes its share of the height: the bars thicken to
		// fill the room a large view gives them.
		// The heading wraps: a long one would otherwise set the width the type is fitted to.
		heading := &widget.Label{Text: c.Heading, TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}
		objs = append(objs, container.NewBorder(heading, nil, nil, nil, chart))
	}
	if len(ev.Browsers) > 0 {
		var panes []fyne.CanvasObject
		for _, b := range ev.Browsers {
			panes = append(panes, browserEvidence(b))
		}
		objs = append(objs, container.NewGridWithColumns(len(panes), panes...))
	}
	return container.NewGridWithRows(len(objs), objs...)
}

// browserEvidence is one browser model's tabs as cells, under the model's name, with what
// died said below them.
func browserEvidence(b *cardmodel.BrowserState) fyne.CanvasObject {
	var cells []fyne.CanvasObject
	for _, n := range b.Numbers() {
		t := b.Tabs[n]
		cells = append(cells, wholeCell(t.State, b.TabCellText(t, true)))
	}
	title := &widget.Label{Text: browserTitles[b.Model], TextStyle: fyne.TextStyle{Bold: true}}
	var tomb fyne.CanvasObject
	if text := b.TombstoneText(true); text != "" {
		tomb = &widget.Label{Text: text, Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	}
	// The cells share the height the view gives: a large view shows large tabs.
	return container.NewBorder(title, tomb, nil, nil, container.NewGridWithRows(max(len(cells), 1), cells...))
}

// wholeCell draws a tab as the card's tabCell does, but asks for the width of its whole text:
// the evidence's type is sized to what fits, and an address cut short says nothing.
func wholeCell(state, text string) fyne.CanvasObject {
	c := tabCell(state, text).(*fyne.Container)
	c.Objects[1].(*widget.Label).Truncation = fyne.TextTruncateOff
	return c
}
