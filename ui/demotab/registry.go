package demotab

import "github.com/taskscope/taskscope/ui/model"

// registry lists the Demos tab's cards, in the order of their sub-tabs. Adding a demo is one
// file with its card (a constructor taking the panel and returning a card) and one line here;
// the panel, the soak loop and the tests find cards through this list only.
var registry = []struct {
	name  string // as in --tab demos/NAME: the demo's own name
	title string
	build func(p *panel) card
}{
	{"browser", "Browser tabs", func(p *panel) card { return newBrowserCard(p) }},
	{"editor", "Editor", func(p *panel) card { return newEditorCard(p) }},
	{"crunch", "CPU vs I/O", func(p *panel) card { return newCrunchCard(p) }},
	{"race", "Race", func(p *panel) card { return newRaceCard(p) }},
	{"cost", "Cost", func(p *panel) card { return newCostCard(p) }},
	{"python", "Python GIL", func(p *panel) card { return newPythonCard(p) }},
	{"forkcow", "fork copy", func(p *panel) card { return newForkcowCard(p) }},
	{"ctxswitch", "Switch", func(p *panel) card { return newCtxSwitchCard(p) }},
	{"procrace", "Process race", func(p *panel) card { return newProcRaceCard(p) }},
	{"singlecore", "One core", func(p *panel) card { return newSingleCoreCard(p) }},
}

// CardNames lists the cards' names, in the order of their sub-tabs.
func CardNames() []string {
	out := make([]string, len(registry))
	for i, e := range registry {
		out[i] = e.name
	}
	return out
}

// OfferCards tells the view state which demos have a card here, so other tabs (Claims) can
// link to them before the Demos tab is first shown and built.
func OfferCards(st *model.State) {
	for _, e := range registry {
		st.OfferDemo(e.name)
	}
}

// cardOf returns the panel's card of type T, for the soak loop and tests.
func cardOf[T card](p *panel) T {
	p.buildAll()
	for _, c := range p.cards {
		if t, ok := c.(T); ok {
			return t
		}
	}
	var zero T
	return zero
}

// CardTitles lists the cards' titles (as their sub-tabs show them), in the same order as
// CardNames: the Demos menu names cards as the tab does.
func CardTitles() []string {
	out := make([]string, len(registry))
	for i, e := range registry {
		out[i] = e.title
	}
	return out
}
