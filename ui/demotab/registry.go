package demotab

// registry lists the Demos tab's cards, in the order of their sub-tabs. Adding a demo is one
// file with its card (a constructor taking the panel and returning a card) and one line here;
// the panel, the soak loop and the tests find cards through this list only.
var registry = []struct {
	title string
	demo  string // the demo the card runs, for model.State.ShowDemo
	build func(p *panel) card
}{
	{"Browser tabs", "browser", func(p *panel) card { return newBrowserCard(p) }},
	{"Editor", "editor", func(p *panel) card { return newEditorCard(p) }},
	{"CPU vs I/O", "crunch", func(p *panel) card { return newCrunchCard(p) }},
	{"Race", "race", func(p *panel) card { return newRaceCard(p) }},
	{"Cost", "cost", func(p *panel) card { return newCostCard(p) }},
	{"Python GIL", "python", func(p *panel) card { return newPythonCard(p) }},
	{"fork copy", "forkcow", func(p *panel) card { return newForkcowCard(p) }},
	{"Switch", "ctxswitch", func(p *panel) card { return newCtxSwitchCard(p) }},
	{"Process race", "procrace", func(p *panel) card { return newProcRaceCard(p) }},
	{"One core", "singlecore", func(p *panel) card { return newSingleCoreCard(p) }},
}

// cardIndex returns the sub-tab of the card that runs demo, or -1.
func cardIndex(demo string) int {
	for i, e := range registry {
		if e.demo == demo {
			return i
		}
	}
	return -1
}

// cardOf returns the panel's card of type T, for the soak loop and tests.
func cardOf[T card](p *panel) T {
	for _, c := range p.cards {
		if t, ok := c.(T); ok {
			return t
		}
	}
	var zero T
	return zero
}
