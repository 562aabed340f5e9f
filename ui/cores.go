package ui

import (
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
)

// coresCaption says what the lanes can and cannot show. It is part of the view, not help text:
// a sampled picture read as a trace would teach the wrong thing.
const coresCaption = "Sampled, not traced: watched processes (demos, the selected process, filter matches; at most 50) " +
	"are read ten times a second, the rest at each refresh (paler). Each sample shows, on each core, the thread " +
	"that last ran there and ran most, if for at least 5 % of the sample; switches shorter than a sample are not " +
	"seen. \"worker-0 +2\": worker-0 and two other threads of the same process shared that stretch. A tick at a " +
	"lane's top: a busy thread arrived from another core. Tap a lane for the thread of one sample."

// newCoresTab builds the Cores tab (issue 4): a lane per core showing which thread ran where.
// It gets everything it needs from h; see doc.go.
func newCoresTab(h *hub) fyne.CanvasObject {
	return newCoresPanel(h, procRoot, fyne.Do).content
}

// coresPanel is the Cores tab: the lanes, the legend and the list of watched threads, and the
// watch that feeds them.
type coresPanel struct {
	hub    *hub
	post   func(func())
	model  *laneModel
	watch  *laneWatch
	colors *lanePalette

	view    *laneView
	caption *widget.Label
	info    *widget.Label
	legend  *laneLegend
	threads *widget.List
	// headings are the side panel's fixed labels, refreshed when presentation mode changes.
	headings []*widget.Label
	split    *container.Split
	content  fyne.CanvasObject

	// watched is the set the watch reads, so the refresh's samples leave those processes to it.
	watched map[inspect.TaskKey]bool
	// rows and thread texts are reused between redraws.
	rows       []laneRow
	threadText []string
	labelsOf   *inspect.Snapshot
}

// newCoresPanel builds the tab. root is the proc tree the watch reads; post runs a function on
// the Fyne goroutine (fyne.Do in the app; tests run it directly).
func newCoresPanel(h *hub, root string, post func(func())) *coresPanel {
	p := &coresPanel{hub: h, post: post, model: newLaneModel(), colors: newLanePalette(), watched: map[inspect.TaskKey]bool{}}
	p.watch = newLaneWatch(root, func(ws *inspect.WatchSample) {
		p.post(func() { p.addWatch(ws) })
	})
	p.view = newLaneView(p.colors)
	p.view.large = h.presentation()
	p.view.onTap = p.showSegment
	p.caption = &widget.Label{Text: coresCaption, Wrapping: fyne.TextWrapWord}
	p.info = &widget.Label{Text: "Tap a lane to see which thread ran there.", Truncation: fyne.TextTruncateEllipsis}
	p.legend = newLaneLegend(p.colors)
	p.threads = widget.NewList(
		func() int { return len(p.threadText) },
		func() fyne.CanvasObject {
			return &widget.Label{TextStyle: fyne.TextStyle{Monospace: true}, Truncation: fyne.TextTruncateEllipsis}
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(p.threadText) {
				setText(o.(*widget.Label), p.threadText[id])
			}
		})
	threadsHead := &widget.Label{Text: fmt.Sprintf(threadFormat, "thread", "PID", "core", "moves"),
		TextStyle: fyne.TextStyle{Monospace: true}, Truncation: fyne.TextTruncateEllipsis}
	procsHead := &widget.Label{Text: "Processes", TextStyle: fyne.TextStyle{Bold: true}}
	threadsTitle := &widget.Label{Text: "Watched threads", TextStyle: fyne.TextStyle{Bold: true}}
	p.headings = []*widget.Label{procsHead, threadsTitle, threadsHead, p.caption, p.info}
	// Legend above, threads below, each scrolling on its own: with presentation text a legend
	// of a dozen processes would otherwise leave the threads a single line.
	side := container.NewVSplit(
		container.NewBorder(procsHead, nil, nil, nil, container.NewVScroll(p.legend.box)),
		container.NewBorder(container.NewVBox(threadsTitle, threadsHead), nil, nil, nil, p.threads))
	side.SetOffset(0.45)
	p.split = container.NewHSplit(container.NewVScroll(p.view), side)
	p.split.SetOffset(sideOffset(h.presentation()))
	p.content = container.NewBorder(p.caption, p.info, nil, nil, p.split)

	h.subscribeLive(p.addRefresh)
	h.subscribe(func(*inspect.Snapshot) { p.redraw() })
	h.onFreeze(func(bool) { p.redraw() })
	h.onSelection(func(inspect.TaskKey, bool) { p.rewatch() })
	h.onFilter(func(string) { p.rewatch() })
	h.onMarks(func(map[int]bool) { p.rewatch() })
	h.onPresentation(p.present)
	h.onQuit(p.watch.close)
	return p
}

// threadFormat lays out a line of the watched threads: name (15 bytes at most, as the kernel
// keeps it), PID, the core it was last seen on and its migrations. The process's name is in
// the legend, by PID; leaving it out keeps the line short enough for presentation text.
const threadFormat = "%-15s %7s %4s %5s"

// sideOffset is where the split between lanes and side panel sits: presentation text needs
// a wider panel for the thread lines to fit.
func sideOffset(presentation bool) float64 {
	if presentation {
		return 0.58
	}
	return 0.72
}

// present follows presentation mode: taller lanes, a wider side panel, and the fixed labels
// refreshed. Labels measured before the theme changed (the window applies a saved
// presentation mode after building its tabs) keep their old text size until refreshed.
func (p *coresPanel) present(on bool) {
	p.view.large = on
	p.split.SetOffset(sideOffset(on))
	for _, l := range p.headings {
		l.Refresh()
	}
	p.threads.Refresh()
	p.legend.box.Refresh()
	p.redraw()
}

// addRefresh takes a sample of the main refresh: every process not watched goes into the lanes
// at the refresh's resolution, and the watched set is brought up to date.
func (p *coresPanel) addRefresh(s *inspect.Snapshot) {
	p.model.addCoarse(s, p.watched)
	p.rewatch()
	p.redraw()
}

// addWatch takes a sample of the watch.
func (p *coresPanel) addWatch(ws *inspect.WatchSample) {
	p.model.addFine(ws)
	p.redraw()
}

// rewatch recomputes which processes the watch reads.
func (p *coresPanel) rewatch() {
	h := p.hub
	sel, hasSel := h.selection()
	keys := watchSet(h.live(), h.marked(), sel, hasSel, h.filter())
	clear(p.watched)
	for _, k := range keys {
		p.watched[k] = true
	}
	p.watch.watch(keys)
}

// viewEnd is the right edge of the lanes: the displayed snapshot while frozen, so scrubbing
// back moves the lanes too; otherwise the newest data.
func (p *coresPanel) viewEnd() time.Time {
	if s := p.hub.current(); p.hub.frozen() && s != nil {
		return s.Taken
	}
	return p.model.newest
}

// redraw rebuilds what the lanes show. A tab that is not on screen is skipped: it catches up
// at the next sample after it is shown.
func (p *coresPanel) redraw() {
	if !p.content.Visible() {
		return
	}
	end := p.viewEnd()
	p.rows = p.model.window(end.Add(-laneSpan), end, p.rows)
	p.updateLabels()
	v := p.view
	v.rows, v.from, v.to = p.rows, end.Add(-laneSpan), end
	v.Refresh()
	p.legend.show(p.rows)
	p.updateThreads()
}

// updateLabels writes each lane's label from the displayed snapshot's core load; the strings
// are made again only when that snapshot changes.
func (p *coresPanel) updateLabels() {
	s := p.hub.current()
	if s == p.labelsOf && len(p.view.labels) == len(p.rows) {
		return
	}
	p.labelsOf = s
	p.view.labels = p.view.labels[:0]
	for _, r := range p.rows {
		busy := "   "
		if s != nil && r.core < len(s.Cores) {
			busy = fmt.Sprintf("%3.0f", s.Cores[r.core].BusyPercent)
		}
		p.view.labels = append(p.view.labels, fmt.Sprintf("CPU %-2d %s %%", r.core, busy))
	}
}

// updateThreads fills the list of watched threads; the list is refreshed only when a line changed.
func (p *coresPanel) updateThreads() {
	tracks := p.model.watchedThreads()
	changed := len(tracks) != len(p.threadText)
	for i, tr := range tracks {
		s := fmt.Sprintf(threadFormat, tr.name, strconv.Itoa(tr.proc.ID), strconv.Itoa(tr.core), strconv.Itoa(tr.migrations))
		if i < len(p.threadText) {
			if p.threadText[i] != s {
				p.threadText[i], changed = s, true
			}
		} else {
			p.threadText = append(p.threadText, s)
		}
	}
	p.threadText = p.threadText[:len(tracks)]
	if changed {
		p.threads.Refresh()
	}
}

// showSegment writes what a tap found into the info line, and selects the segment's process
// in the main window, as a click on its row would.
func (p *coresPanel) showSegment(core int, s *laneSeg) {
	if s == nil {
		setText(p.info, fmt.Sprintf("CPU %d: idle here (no sampled thread ran on it for 5 %% of the sample).", core))
		return
	}
	defer p.hub.selectProcess(s.proc)
	source := "normal refresh"
	if s.fine {
		source = "10 Hz watch"
	}
	setText(p.info, fmt.Sprintf("CPU %d, %s–%s: thread %s (TID %d) of %s (PID %d), state %s, %.0f %% CPU (%s)",
		core, s.from.Format("15:04:05.0"), s.to.Format("15:04:05.0"), s.name, s.thread.ID, s.procName, s.proc.ID,
		stateWord(s.state), s.cpu, source))
}
