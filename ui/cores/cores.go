// Package cores is the Cores tab: a lane per logical core showing which thread ran where over
// the last minute, a legend of the processes drawn, and the list of watched threads with their
// migrations. It draws from the view state only: the main refresh's samples, the 10 Hz watch's
// readings (both read by the worker, the one reader of /proc), the selection, freeze and
// presentation mode.
package cores

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/trace"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// New builds the Cores tab on the view state.
func New(st *model.State) fyne.CanvasObject { return newPanel(st).content }

// newPanel builds the tab with the app's trace options.
func newPanel(st *model.State) *panel { return newPanelOpts(st, trace.Options{}) }

// panel is the Cores tab: the lanes, the legend and the list of watched threads.
type panel struct {
	st     *model.State
	model  *model.LaneModel
	colors *model.LanePalette

	view    *widgets.Lanes
	machine *machineControl
	caption *widget.Label
	about   *widget.Button
	info    *widget.Label
	legend  *legend
	threads *widget.List
	// headings are the side panel's fixed labels, refreshed when presentation mode changes.
	headings []*widget.Label
	split    *container.Split
	content  fyne.CanvasObject

	// rows and thread texts are reused between redraws.
	rows       []model.LaneRow
	threadText []string
	labelsOf   *inspect.Snapshot
	// drawnAt is the newest data time of the last redraw.
	drawnAt time.Time
	// long is set while About shows the whole caption; note is what the caption says of the
	// exact trace drawn, if any.
	long bool
	note string
}

// newPanelOpts builds the tab; opts are those of its whole-machine trace (tests inject a
// refusal with them).
func newPanelOpts(st *model.State, opts trace.Options) *panel {
	p := &panel{st: st, model: newLanes(st), colors: model.NewLanePalette()}
	p.machine = newMachineControl(st, opts)
	p.view = widgets.NewLanes(p.colors)
	p.view.Large = st.Presentation()
	p.view.OnTap = p.showSegment
	p.caption = &widget.Label{Text: model.CoresCaption(st.SourceInfo(), true), Wrapping: fyne.TextWrapWord}
	p.about = &widget.Button{Text: "About", Icon: theme.InfoIcon(), Importance: widget.LowImportance, OnTapped: func() {
		p.long = !p.long
		p.setCaption()
	}}
	p.info = &widget.Label{Text: "Tap a lane to see which thread ran there.", Truncation: fyne.TextTruncateEllipsis}
	p.legend = newLegend(st, p.colors)
	p.threads = widgets.NewLineList(func() []string { return p.threadText }, fyne.TextTruncateEllipsis)
	threadsHead := &widget.Label{Text: fmt.Sprintf(threadFormat, "thread", "PID", "core", "moves"),
		TextStyle: fyne.TextStyle{Monospace: true}, Truncation: fyne.TextTruncateEllipsis}
	procsHead := &widget.Label{Text: "Processes", TextStyle: fyne.TextStyle{Bold: true}}
	threadsTitle := &widget.Label{Text: "Watched threads", TextStyle: fyne.TextStyle{Bold: true}}
	p.headings = []*widget.Label{procsHead, threadsTitle, threadsHead, p.caption, p.info, p.machine.reason}
	// Legend above, threads below, each scrolling on its own: with presentation text a legend
	// of a dozen processes would otherwise leave the threads a single line.
	side := container.NewVSplit(
		container.NewBorder(procsHead, nil, nil, nil, container.NewVScroll(p.legend.box)),
		container.NewBorder(container.NewVBox(threadsTitle, threadsHead), nil, nil, nil, p.threads))
	side.SetOffset(0.45)
	p.split = container.NewHSplit(container.NewVScroll(p.view), side)
	p.split.SetOffset(sideOffset(st.Presentation()))
	top := container.NewVBox(container.NewBorder(nil, nil, nil, p.about, p.caption), p.machine.box)
	p.content = container.NewBorder(top, p.info, nil, nil, p.split)
	p.long = !st.Presentation()
	p.present(st.Presentation())

	st.SubscribeLive(p.addRefresh)
	st.OnWatch(p.addWatch)
	st.OnSourceInfo(func(i model.SourceInfo) { p.model.Self = i.Self; p.setCaption() })
	st.Subscribe(func(*inspect.Snapshot) { p.redraw() })
	st.OnFreeze(func(bool) { p.redraw() })
	st.OnPresentation(p.present)
	// A seek in a recording, or another source: the lanes start again rather than run backwards.
	st.OnRewind(func() { p.model = newLanes(st); p.takeTrace(); p.redraw() })
	// The Timeline tab's exact trace: taken as it comes (ten times a second), drawn at the
	// lanes' own pace.
	st.OnTrace(func(*trace.Trace) { p.takeTrace() })
	// The whole machine's trace, when on, claims every lane; it comes with the samples.
	// The samples' subscribers redraw after each take; only the first take and the stop are
	// redrawn here, so the caption follows the toggle at once.
	st.OnMachineTrace(func(tr *trace.Trace) {
		p.takeTrace()
		if tr == nil || p.note == "" {
			p.redraw()
		}
	})
	return p
}

// takeTrace gives the lanes the newest published trace: the whole machine's when it runs (it
// holds every thread, the Timeline's program's too), else the Timeline tab's.
func (p *panel) takeTrace() {
	tr, off := p.st.MachineTrace()
	if tr == nil {
		tr, off = p.st.Trace()
	}
	p.model.SetTrace(tr, off, p.st.Live())
	// A recording's stretches without samples are unknown, not idle.
	if rp := p.st.Replaying(); rp != nil {
		p.model.SetNoData(rp.NoData())
	}
}

// setCaption writes the caption: what is exact (when a program is traced), then what is
// sampled, whole or short.
func (p *panel) setCaption() {
	// What the lanes are sampled from depends on the source shown: only this machine has
	// the 10 Hz watch (model.CoresCaption).
	text := model.CoresCaption(p.st.SourceInfo(), p.long)
	switch {
	case p.note != "" && p.st.MachineExact():
		text = p.note + " Before it: s" + text[1:]
	case p.note != "":
		text = p.note + " The rest: s" + text[1:]
	}
	widgets.SetText(p.caption, text)
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
func (p *panel) present(on bool) {
	p.view.Large = on
	p.long = !on
	p.setCaption()
	p.split.SetOffset(sideOffset(on))
	for _, l := range p.headings {
		l.Refresh()
	}
	p.threads.Refresh()
	p.legend.box.Refresh()
	p.redraw()
}

// addRefresh takes a sample of the main refresh: every process not watched goes into the lanes
// at the refresh's resolution.
func (p *panel) addRefresh(s *inspect.Snapshot) {
	p.model.AddCoarse(s, p.st.Watched())
	p.redraw()
}

// watchRedraw is the least time between two redraws for the watch's readings. The watch
// reads ten times a second, but redrawing as often made the tab cost Taskscope seven times
// what the Processes tab does (every redraw repaints the window), and its own render threads
// then filled the lanes it drew. The readings are all kept; they show at this pace.
const watchRedraw = time.Second

// addWatch takes a reading of the watch.
func (p *panel) addWatch(ws *inspect.WatchSample) {
	p.model.AddFine(ws)
	if ws.Taken.Sub(p.drawnAt) >= watchRedraw {
		p.redraw()
	}
}

// viewEnd is the right edge of the lanes: the displayed snapshot while frozen, so scrubbing
// back moves the lanes too; otherwise the newest data, or in a recording the moment shown
// when that lies in a stretch the file holds nothing for.
func (p *panel) viewEnd() time.Time {
	if s := p.st.Current(); p.st.Frozen() && s != nil {
		return s.Taken
	}
	if rp := p.st.Replaying(); rp != nil {
		return rp.ViewEnd(p.model.Newest()) // a recording's cut end shows as unknown
	}
	return p.model.Newest()
}

// redraw rebuilds what the lanes show. A tab that is not on screen is skipped: it catches up
// at the next sample after it is shown.
func (p *panel) redraw() {
	if !p.content.Visible() {
		return
	}
	end := p.viewEnd()
	p.drawnAt = p.model.Newest()
	p.rows = p.model.Window(end.Add(-model.LaneSpan), end, p.rows)
	p.updateLabels()
	v := p.view
	v.Rows, v.From, v.To = p.rows, end.Add(-model.LaneSpan), end
	v.Refresh()
	p.legend.show(p.rows)
	p.updateThreads()
	if note := p.model.ExactNote(); note != p.note {
		p.note = note
		p.setCaption()
	}
}

// updateLabels writes each lane's label from the displayed snapshot's core load; the strings
// are made again only when that snapshot changes.
func (p *panel) updateLabels() {
	s := p.st.Current()
	if s == p.labelsOf && len(p.view.Labels) == len(p.rows) {
		return
	}
	p.labelsOf = s
	p.view.Labels = p.view.Labels[:0]
	for _, r := range p.rows {
		busy := "   "
		if s != nil && r.Core < len(s.Cores) {
			busy = fmt.Sprintf("%3.0f", s.Cores[r.Core].BusyPercent)
		}
		p.view.Labels = append(p.view.Labels, fmt.Sprintf("CPU %-2d %s %%", r.Core, busy))
	}
}

// updateThreads fills the list of watched threads; the list is refreshed only when a line
// changed. The Go runtime's helper threads of a demo (named demos.RuntimeThreadName) that never
// ran enough to claim a lane are folded into one line per process, so a demo whose one thread
// does all the work shows one working thread; Taskscope's own threads are marked.
func (p *panel) updateThreads() {
	var lines []string
	folded := map[int]int{}
	var order []int
	for _, tr := range p.model.WatchedThreads() {
		if tr.Name == demos.RuntimeThreadName && !tr.Busy {
			if folded[tr.Proc.ID] == 0 {
				order = append(order, tr.Proc.ID)
			}
			folded[tr.Proc.ID]++
			continue
		}
		s := fmt.Sprintf(threadFormat, tr.Name, strconv.Itoa(tr.Proc.ID), strconv.Itoa(tr.Core), strconv.Itoa(tr.Migrations))
		if p.st.IsSelf(tr.Proc.ID) {
			s += model.SelfMark
		}
		lines = append(lines, s)
	}
	for _, pid := range order {
		lines = append(lines, fmt.Sprintf(threadFormat, fmt.Sprintf("(runtime) x%d", folded[pid]), strconv.Itoa(pid), "", ""))
	}
	if !slices.Equal(lines, p.threadText) {
		p.threadText = lines
		p.threads.Refresh()
	}
}

// showSegment writes what a tap found into the info line, and selects the segment's process
// in the main window, as a click on its row would.
func (p *panel) showSegment(core int, s *model.LaneSeg) {
	if s == nil {
		widgets.SetText(p.info, fmt.Sprintf("CPU %d: idle here (no sampled thread ran on it for 5 %% of the sample).", core))
		return
	}
	defer p.st.SelectProcess(s.Proc)
	source := "sampled, normal refresh"
	switch {
	case s.Exact:
		source = "exact: every switch traced; ran that share of the stretch"
	case s.Fine:
		source = "sampled, 10 Hz watch"
	}
	widgets.SetText(p.info, fmt.Sprintf("CPU %d, %s–%s: thread %s (TID %d) of %s (PID %d), state %s, %.0f %% CPU (%s)",
		core, s.From.Format("15:04:05.0"), s.To.Format("15:04:05.0"), s.Name, s.Thread.ID, s.ProcName, s.Proc.ID,
		model.StateWord(s.State), s.CPU, source))
}

// newLanes is an empty lane model that labels this app's runs as the source says.
func newLanes(st *model.State) *model.LaneModel {
	m := model.NewLaneModel()
	m.Self = st.SourceInfo().Self
	return m
}
