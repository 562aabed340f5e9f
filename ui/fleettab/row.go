package fleettab

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/fleet"
	"github.com/taskscope/taskscope/ui/widgets"
)

// header is the row of column titles over the list.
func header() fyne.CanvasObject {
	titles := []string{"Host", "CPU (cores busy)", "Memory", "Processes", "Top processes (cores)"}
	objs := make([]fyne.CanvasObject, len(titles))
	for i, s := range titles {
		// Truncated, so that the titles never make the grid wider than a projector's screen.
		objs[i] = &widget.Label{Text: s, TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	}
	return newColumns(objs...)
}

// rowView draws one host: in each column a line of text over a sparkline of its history.
type rowView struct {
	widget.BaseWidget
	name, status             *widget.Label
	cpu, mem, procs, top     *widget.Label
	cpuH, memH, procsH, topH *widgets.Sparkline
	// reason stands in for the status and the sparklines of a host that is down: the whole
	// second line says why, where a column would cut it short.
	reason  *widget.Label
	content fyne.CanvasObject
	// onTap selects the row; onDoubleTap opens its host. The list sets both for each row.
	onTap, onDoubleTap func()
}

// Tapped selects the row, as a tap on any list item does.
func (r *rowView) Tapped(*fyne.PointEvent) {
	if r.onTap != nil {
		r.onTap()
	}
}

// DoubleTapped opens the row's host live.
func (r *rowView) DoubleTapped(*fyne.PointEvent) {
	if r.onDoubleTap != nil {
		r.onDoubleTap()
	}
}

// newRowView builds the template of a row.
func newRowView() fyne.CanvasObject {
	r := &rowView{}
	lbl := func(bold bool) *widget.Label {
		return &widget.Label{TextStyle: fyne.TextStyle{Bold: bold}, Truncation: fyne.TextTruncateEllipsis}
	}
	r.name, r.status = lbl(true), lbl(false)
	r.cpu, r.mem, r.procs, r.top = lbl(false), lbl(false), lbl(false), lbl(false)
	spark := func() *widgets.Sparkline { return widgets.NewSparkline(fleet.Ranges[0].Span) }
	r.cpuH, r.memH, r.procsH, r.topH = spark(), spark(), spark(), spark()
	r.reason = &widget.Label{Importance: widget.DangerImportance, Truncation: fyne.TextTruncateEllipsis}
	r.reason.Hide()
	grid := newColumns(
		container.NewVBox(r.name, r.status),
		container.NewVBox(r.cpu, r.cpuH),
		container.NewVBox(r.mem, r.memH),
		container.NewVBox(r.procs, r.procsH),
		container.NewVBox(r.top, r.topH))
	r.content = container.New(secondLine{}, grid, r.reason)
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *rowView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.content) }

// set shows row, with the histories of its host.
// On a selected row the reason a host is down is drawn in the text colour, not in red: red
// on the selection's blue is hard to read, above all on a projector.
func (r *rowView) set(row fleet.Row, selected bool, hist fleet.History, data fleet.Fleet, rng fleet.Range) {
	r.name.SetText(row.Name)
	r.status.SetText(row.Status + " · " + row.Instance)
	r.reason.Importance = widget.DangerImportance
	if selected {
		r.reason.Importance = widget.MediumImportance
	}
	r.reason.SetText(row.Status + " · " + row.Instance)
	r.reason.Refresh() // SetText does not refresh when only the importance changed
	for _, o := range []fyne.CanvasObject{r.status, r.cpuH, r.memH, r.procsH, r.topH} {
		if row.Up {
			o.Show()
		} else {
			o.Hide()
		}
	}
	if row.Up {
		r.reason.Hide()
	} else {
		r.reason.Show()
	}
	r.cpu.SetText(row.CPU)
	r.mem.SetText(row.Memory)
	r.procs.SetText(row.Processes)
	r.top.SetText(row.Top)
	var host fleet.Host
	for _, h := range data.Hosts {
		if fleet.HostKey(h.Job, h.Instance) == row.Key {
			host = h
		}
	}
	hh := hist.Hosts[row.Key]
	if hh == nil {
		hh = &fleet.HostHistory{}
	}
	var top fleet.Series
	if len(host.Top) > 0 {
		top = hh.Top[fleet.TopKey(host.Top[0].Process, host.Top[0].User)]
	}
	for _, s := range []struct {
		w    *widgets.Sparkline
		ser  fleet.Series
		full float64
	}{
		{r.cpuH, hh.CPU, float64(host.Cores)},
		{r.memH, hh.Memory, host.MemoryTotalBytes},
		{r.procsH, hh.Processes, 0},
		{r.topH, top, 1},
	} {
		pts := fleet.Spark(s.ser, s.full)
		wp := make([]widgets.Point, len(pts))
		for i, p := range pts {
			wp[i] = widgets.Point{At: p.At, V: p.V}
		}
		s.w.SetSpan(rng.Span)
		s.w.Pts = wp
		s.w.Refresh()
	}
}

// secondLine lays out a row: the grid of columns fills it, and the second object (the reason a
// host is down) spans the whole width of the grid's second line.
type secondLine struct{}

// MinSize is the grid's: the reason takes the room of the status and sparklines it replaces.
func (secondLine) MinSize(objs []fyne.CanvasObject) fyne.Size { return objs[0].MinSize() }

// Layout places the grid over the whole row and the reason along its bottom.
func (secondLine) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Resize(size)
	objs[0].Move(fyne.NewPos(0, 0))
	h := objs[1].MinSize().Height
	objs[1].Resize(fyne.NewSize(size.Width, h))
	objs[1].Move(fyne.NewPos(0, size.Height-h))
}
