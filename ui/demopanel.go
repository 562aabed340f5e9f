package ui

import (
	"runtime"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
)

// newDemosTab builds the Demos tab (issues 5 and 6): a card per teaching demo, each launching
// real threads and processes through one launcher and showing what they report. It gets
// everything it needs from h; see doc.go.
func newDemosTab(h *hub) fyne.CanvasObject {
	p := newDemoPanel(h, demos.NewLauncher(), fyne.Do)
	startSoakLoop(p)
	return p.content
}

// demoPanel is the Demos tab: the launcher every card starts demos with, and the cards.
type demoPanel struct {
	hub      *hub
	launcher *demos.Launcher
	// post runs a function on the Fyne goroutine: fyne.Do in the app. Tests queue instead and
	// run the queue themselves, so that events cannot race the test's own reads.
	post  func(func())
	cores int

	browser *browserCard
	editor  *editorCard
	crunch  *crunchCard
	race    *raceCard
	cost    *costCard
	charts  []*barChart
	widths  []*minWidth
	scrolls []*container.Scroll
	// explains are the cards' folding explanations.
	explains []*widget.Accordion
	tabs     *container.AppTabs
	content  fyne.CanvasObject
}

func newDemoPanel(h *hub, l *demos.Launcher, post func(func())) *demoPanel {
	p := &demoPanel{hub: h, launcher: l, post: post, cores: runtime.NumCPU()}
	p.browser = newBrowserCard(p)
	p.editor = newEditorCard(p)
	p.crunch = newCrunchCard(p)
	p.race = newRaceCard(p)
	p.cost = newCostCard(p)
	// One demo at a time on screen: a lecturer shows one idea, and each card then fits a
	// projector without scrolling past the others.
	p.tabs = container.NewAppTabs(
		container.NewTabItem("Browser tabs", newTabPage(p.scroll(p.browser.card))),
		container.NewTabItem("Editor", newTabPage(p.scroll(p.editor.card))),
		container.NewTabItem("CPU vs I/O", newTabPage(p.scroll(p.crunch.card))),
		container.NewTabItem("Race", newTabPage(p.scroll(p.race.card))),
		container.NewTabItem("Cost", newTabPage(p.scroll(p.cost.card))),
	)
	p.content = p.tabs
	h.onPresentation(func(on bool) {
		for _, c := range p.charts {
			c.Refresh()
		}
		for _, w := range p.widths {
			w.scale(on)
		}
		for _, a := range p.explains {
			foldExplanation(a, on)
		}
		p.browser.threads.redraw()
		p.browser.processes.redraw()
		p.relayout()
	})
	// Demo children die with the app in any case (parent-death signal); stopping them first
	// lets them finish cleanly, the editor removing its autosave file.
	h.onQuit(p.launcher.StopAll)
	return p
}

// scroll wraps a card in the vertical scroll its sub-tab shows.
func (p *demoPanel) scroll(c *widget.Card) *container.Scroll {
	s := container.NewVScroll(c)
	p.scrolls = append(p.scrolls, s)
	return s
}

// relayout lays the cards out again after something changed height inside them (the tab grid
// gained a row, a tombstone appeared). Fyne lays a container out again only when its own size
// changes, so a taller child of a box that stays the same size would overlap its neighbours.
func (p *demoPanel) relayout(inner ...*fyne.Container) {
	for _, c := range inner {
		c.Refresh()
	}
	for _, s := range p.scrolls {
		if card, ok := s.Content.(*widget.Card); ok {
			if box, ok := card.Content.(*fyne.Container); ok {
				box.Refresh()
			}
			card.Refresh()
		}
		s.Refresh()
	}
}

// widen gives o a minimum width that grows with presentation mode's larger text.
func (p *demoPanel) widen(o fyne.CanvasObject, width float32) fyne.CanvasObject {
	w := &minWidth{base: width, floor: canvas.NewRectangle(nil)}
	w.scale(p.hub.presentation())
	p.widths = append(p.widths, w)
	return container.NewStack(w.floor, o)
}

// minWidth is an invisible floor under a widget whose own minimum is too narrow to read.
type minWidth struct {
	base  float32
	floor *canvas.Rectangle
}

func (w *minWidth) scale(presentation bool) {
	f := float32(1)
	if presentation {
		f = presentationScale
	}
	w.floor.SetMinSize(fyne.NewSize(w.base*f, 0))
}

// chart makes a bar chart the panel redraws when presentation mode changes its sizes.
func (p *demoPanel) chart(logScale bool) *barChart {
	c := newBarChart(logScale)
	p.charts = append(p.charts, c)
	return c
}

// follow reads run r's events on the calling goroutine until the launcher closes them after
// "exited", handing each to slot s on the Fyne goroutine. One goroutine per run, so a chatty
// demo never holds up another, and the UI never waits on a demo.
func (p *demoPanel) follow(r *demos.Running, s *demoSlot) {
	for e := range r.Events() {
		p.post(func() { s.deliver(r, e) })
	}
}

// slots lists every slot of every card.
func (p *demoPanel) slots() []*demoSlot {
	return []*demoSlot{p.browser.threads.slot, p.browser.processes.slot,
		p.editor.threads, p.editor.single, p.crunch.slot, p.race.slot, p.cost.slot}
}

// explanation is a card's teaching text, wrapped to the card's width, under a heading that
// folds it away. It is open on a desk and folded in presentation mode, where at projector size
// it would push the demo's own controls below the screen; one click opens it for the class.
func (p *demoPanel) explanation(text string) *widget.Accordion {
	a := widget.NewAccordion(widget.NewAccordionItem("What this demo shows",
		&widget.Label{Text: text, Wrapping: fyne.TextWrapWord}))
	p.explains = append(p.explains, a)
	foldExplanation(a, p.hub.presentation())
	return a
}

func foldExplanation(a *widget.Accordion, presentation bool) {
	if presentation {
		a.Close(0)
	} else {
		a.Open(0)
	}
}

// caption is a small note under a chart: what is measured, and where.
func caption(text string) *widget.Label {
	return &widget.Label{Text: text, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}}
}

// flag is one setting of a demo as every card lays it out: its name, its control, and (for a
// slider) the value it is set to, together, so a value never reads as its neighbour's.
// Sliders get a fixed width and their values a floor, so the row does not jump while dragging;
// a select's value is its own, and value is then a unit ("MiB").
func (p *demoPanel) flag(name string, control fyne.CanvasObject, value *widget.Label) fyne.CanvasObject {
	objs := []fyne.CanvasObject{&widget.Label{Text: name, TextStyle: fyne.TextStyle{Bold: true}}}
	_, slider := control.(*widget.Slider)
	if slider {
		control = p.widen(control, 100)
	}
	objs = append(objs, control)
	switch {
	case value != nil && slider:
		objs = append(objs, p.widen(value, 70))
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
