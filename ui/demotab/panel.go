// Package demotab is the Demos tab: a card per teaching demo, each launching real threads and
// processes through one launcher and showing what they report, measured. The cards come from
// one registry (registry.go): adding a demo is a file with its card and one line there. A card
// is built the first time its sub-tab is shown.
//
// What a card decides (its demo's state, bars and verdicts) lives in ui/demotab/cardmodel,
// without Fyne; a card here only lays out controls and draws. Demo events arrive on a goroutine
// per run and reach the card on the UI goroutine through post (fyne.Do in the app). The soak
// loop that crashes demos by itself is built only with -tags soak (soak.go).
package demotab

import (
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// Tab is the Demos tab as the window sees it: its content, and the actions its keys and
// menu items take.
type Tab struct{ p *panel }

// New builds the Demos tab on the view state.
func New(st *model.State) *Tab {
	p := newPanel(st, demos.NewLauncher(), fyne.Do)
	startSoakLoop(p)
	return &Tab{p}
}

// Content is what the window shows as the tab.
func (t *Tab) Content() fyne.CanvasObject { return t.p.content }

// Shown is the name of the card on screen.
func (t *Tab) Shown() string { return registry[t.p.tabs.SelectedIndex()].name }

// ShowCard brings the card of that name (or, for a number from 1, at that place) on screen,
// and reports whether there is one.
func (t *Tab) ShowCard(name string) bool {
	for i, e := range registry {
		if e.name == name {
			t.ShowCardAt(i)
			return true
		}
	}
	return false
}

// ShowCardAt brings the i-th card (from 0) on screen.
func (t *Tab) ShowCardAt(i int) {
	if i >= 0 && i < len(registry) {
		t.p.tabs.SelectIndex(i)
		t.p.cardAt(i) // selecting the sub-tab on screen already calls no OnSelected
	}
}

// OnCardShown calls fn with a card's name whenever another card is brought on screen.
func (t *Tab) OnCardShown(fn func(name string)) {
	t.p.onShown = func() { fn(t.Shown()) }
}

// LaunchShown launches every model of the card on screen that is not running yet (both
// browsers, both editors; the one demo of the other cards).
func (t *Tab) LaunchShown() {
	for _, s := range t.p.cardAt(t.p.tabs.SelectedIndex()).slots() {
		s.launch()
	}
}

// StopShown stops the demos of the card on screen.
func (t *Tab) StopShown() {
	for _, s := range t.p.cardAt(t.p.tabs.SelectedIndex()).slots() {
		s.stop()
	}
}

// StopAll stops every running demo of every card.
func (t *Tab) StopAll() {
	for _, s := range t.p.allSlots() {
		s.stop()
	}
}

// card is what the panel needs of a demo's card: the card itself and the slots (Launch
// buttons) it runs demos from.
type card interface {
	widget() *widget.Card
	slots() []*slot
}

// presenter is a card that redraws itself when presentation mode changes.
type presenter interface{ present(on bool) }

// panel is the Demos tab: the launcher every card starts demos with, and the cards.
type panel struct {
	st       *model.State
	launcher *demos.Launcher
	// post runs a function on the UI goroutine: fyne.Do in the app. Tests queue instead and
	// run the queue themselves, so that events cannot race the test's own reads.
	post  func(func())
	cores int

	cards   []card
	charts  []*widgets.BarChart
	widths  []*widgets.MinWidth
	scrolls []*container.Scroll
	// frames lay the cards out for the desk or the projector.
	frames   []*frame
	headings []*widgets.Heading
	tabs     *container.AppTabs
	content  fyne.CanvasObject
	// onShown is called after another card is brought on screen.
	onShown func()
	// readOnly says the panel shows a recording's demo events: nothing launches from it.
	readOnly bool
	// cancels end the panel's and its cards' subscriptions to the view state (close).
	cancels []func()
}

func newPanel(st *model.State, l *demos.Launcher, post func(func())) *panel {
	p := &panel{st: st, launcher: l, post: post, cores: runtime.NumCPU()}
	// One demo at a time on screen: a lecturer shows one idea, and each card then fits a
	// projector without scrolling past the others.
	// A card is built the first time its sub-tab is shown: until then its sub-tab holds an
	// empty page, and the card costs neither widgets nor subscriptions to the view state.
	p.tabs = container.NewAppTabs()
	p.cards = make([]card, len(registry))
	OfferCards(st)
	for _, e := range registry {
		p.tabs.Append(container.NewTabItem(e.title, container.NewStack()))
	}
	p.tabs.OnSelected = func(*container.TabItem) { p.selected() }
	p.content = p.tabs
	p.keep(st.OnPresentation(func(on bool) {
		for _, c := range p.charts {
			c.Refresh()
		}
		for _, w := range p.widths {
			w.Scale(on)
		}
		for _, f := range p.frames {
			f.present(on)
		}
		for _, h := range p.headings {
			h.Refresh()
		}
		for _, c := range p.cards {
			if pr, ok := c.(presenter); ok && c != nil {
				pr.present(on)
			}
		}
		p.relayout()
		p.lockControls() // a desk or projector layout may turn controls on
	}))
	// Demo children die with the app in any case (parent-death signal); stopping them first
	// lets them finish cleanly, the editor removing its autosave file.
	p.keep(st.OnQuit(p.launcher.StopAll))
	return p
}

// keep holds a subscription of the panel or one of its cards, for close to end.
func (p *panel) keep(cancel func()) { p.cancels = append(p.cancels, cancel) }

// close ends every subscription the panel and its cards hold: a replay's panel is thrown away
// when time goes back, and must not go on hearing of samples, freezes and presentation mode.
func (p *panel) close() {
	for _, c := range p.cancels {
		c()
	}
	p.cancels = nil
	// Nor may its runs keep their PIDs marked in the tables.
	for _, s := range p.allSlots() {
		if s.running() {
			p.st.Mark(s.owner(), nil)
		}
	}
}

// cardAt returns the i-th card, building it (and putting it in its sub-tab) the first time.
func (p *panel) cardAt(i int) card {
	c, built := p.build(i)
	if built {
		p.tabs.Refresh()
	}
	return c
}

// buildAll builds every card not built yet (the soak loop and tests reach cards by type). The
// sub-tabs are refreshed once at the end: a refresh re-themes and lays out every card built so
// far, so one per card would cost the square of their number.
func (p *panel) buildAll() {
	changed := false
	for i := range registry {
		_, built := p.build(i)
		changed = changed || built
	}
	if changed {
		p.tabs.Refresh()
	}
}

// build returns the i-th card, building it and putting it in its sub-tab, without refreshing
// the sub-tabs, when it was not built yet; built says it was.
func (p *panel) build(i int) (c card, built bool) {
	if c := p.cards[i]; c != nil {
		return c, false
	}
	c = registry[i].build(p)
	p.cards[i] = c
	for k, s := range c.slots() {
		s.card, s.index = registry[i].name, k
	}
	if p.readOnly {
		readOnly(c)
		p.lockControls()
	}
	if pr, ok := c.(presenter); ok && p.st.Presentation() {
		pr.present(true)
	}
	p.tabs.Items[i].Content = widgets.NewTabPage(p.scroll(c.widget()))
	return c, true
}

// selected builds the card of the sub-tab on screen, then tells the tab's listener.
func (p *panel) selected() {
	p.cardAt(p.tabs.SelectedIndex())
	if p.onShown != nil {
		p.onShown()
	}
}

// scroll wraps a card in the vertical scroll its sub-tab shows, drawn flat (flatCard).
func (p *panel) scroll(c *widget.Card) *container.Scroll {
	s := container.NewVScroll(container.NewThemeOverride(c, flatCard{}))
	p.scrolls = append(p.scrolls, s)
	return s
}

// scrolledCard is the card scroll s shows.
func scrolledCard(s *container.Scroll) *widget.Card {
	if o, ok := s.Content.(*container.ThemeOverride); ok {
		card, _ := o.Content.(*widget.Card)
		return card
	}
	return nil
}

// relayout lays every card out again (presentation mode changed every size in them).
func (p *panel) relayout() {
	for _, s := range p.scrolls {
		relayoutScroll(s)
	}
}

// relayoutCard lays card out again after something changed height inside it (the tab grid
// gained a row, a tombstone appeared), refreshing the inner containers first. Fyne lays a
// container out again only when its own size changes, so a taller child of a box that stays
// the same size would overlap its neighbours. The other cards did not change: refreshing them
// too cost every event a re-layout of the whole panel.
func (p *panel) relayoutCard(card *widget.Card, inner ...*fyne.Container) {
	for _, c := range inner {
		c.Refresh()
	}
	for _, s := range p.scrolls {
		if scrolledCard(s) == card {
			relayoutScroll(s)
		}
	}
}

// relayoutScroll refreshes the card a sub-tab scrolls, its content box, and the scroll.
func relayoutScroll(s *container.Scroll) {
	if card := scrolledCard(s); card != nil {
		if box, ok := card.Content.(*fyne.Container); ok {
			box.Refresh()
		}
		card.Refresh()
	}
	s.Refresh()
}

// widen gives o a minimum width that grows with presentation mode's larger text.
func (p *panel) widen(o fyne.CanvasObject, width float32) fyne.CanvasObject {
	obj, w := widgets.Widen(o, width, p.st.Presentation())
	p.widths = append(p.widths, w)
	return obj
}

// chart makes a bar chart the panel redraws when presentation mode changes its sizes.
func (p *panel) chart(logScale bool) *widgets.BarChart {
	c := widgets.NewBarChart(logScale)
	p.charts = append(p.charts, c)
	return c
}

// follow reads run r's events on the calling goroutine until the launcher closes them after
// "exited", handing each to slot s on the UI goroutine. One goroutine per run, so a chatty
// demo never holds up another, and the UI never waits on a demo.
func (p *panel) follow(r *demos.Running, s *slot) {
	for e := range r.Events() {
		p.post(func() { s.deliver(r, e) })
	}
}

// allSlots lists every slot of every card.
func (p *panel) allSlots() []*slot {
	var out []*slot
	for _, c := range p.cards {
		if c != nil { // a card never built has never run a demo
			out = append(out, c.slots()...)
		}
	}
	return out
}

// heading is a bold line over a part of a card.
func (p *panel) heading(text string) *widgets.Heading {
	h := widgets.NewHeading(text)
	p.headings = append(p.headings, h)
	return h
}

// flag is one setting of a demo as every card lays it out: its name, its control, and (for a
// slider) the value it is set to, together, so a value never reads as its neighbour's.
// Sliders get a fixed width and their values a floor, so the row does not jump while dragging;
// a select's value is its own, and value is then a unit ("MiB").
func (p *panel) flag(name string, control fyne.CanvasObject, value *widget.Label) fyne.CanvasObject {
	objs := []fyne.CanvasObject{&widget.Label{Text: name, TextStyle: fyne.TextStyle{Bold: true}}}
	_, slider := control.(*widget.Slider)
	if slider {
		control = p.widen(control, 90)
	}
	objs = append(objs, control)
	switch {
	case value != nil && slider:
		objs = append(objs, p.widen(value, 60))
	case value != nil:
		objs = append(objs, value)
	}
	return container.NewHBox(objs...)
}

// flags is a card's row of settings, each set off from the next by a separator.
func flags(fs ...fyne.CanvasObject) fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, 0, 2*len(fs))
	for i, f := range fs {
		if i > 0 {
			objs = append(objs, widget.NewSeparator())
		}
		objs = append(objs, f)
	}
	return container.NewHBox(objs...)
}
