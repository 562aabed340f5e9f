package demotab

// registry lists the Demos tab's cards, in the order of their sub-tabs. Adding a demo is one
// file with its card (a constructor taking the panel and returning a card) and one line here;
// the panel, the soak loop and the tests find cards through this list only.
var registry = []struct {
	title string
	build func(p *panel) card
}{
	{"Browser tabs", func(p *panel) card { return newBrowserCard(p) }},
	{"Editor", func(p *panel) card { return newEditorCard(p) }},
	{"CPU vs I/O", func(p *panel) card { return newCrunchCard(p) }},
	{"Race", func(p *panel) card { return newRaceCard(p) }},
	{"Cost", func(p *panel) card { return newCostCard(p) }},
	{"Python GIL", func(p *panel) card { return newPythonCard(p) }},
	{"fork copy", func(p *panel) card { return newForkcowCard(p) }},
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
