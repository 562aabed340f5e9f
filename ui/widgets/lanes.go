package widgets

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/ui/model"
)

// Lanes draws the core lanes: a row per core with its label, the segments of the window
// [from, to] coloured by process, a name over each run of a process where wide enough, and ticks where a watched thread
// arrived from another core. The owner sets its fields and calls Refresh when data is new; the
// renderer keeps its rectangles and texts in pools, so a redraw allocates only when a window
// holds more segments than any before it.
type Lanes struct {
	widget.BaseWidget

	// Rows, Labels (one per row: "CPU 0  87 %") and the window [From, To] are set by the
	// owner, which then calls Refresh.
	Rows     []model.LaneRow
	Labels   []string
	From, To time.Time
	colors   *model.LanePalette
	// Large is presentation mode: taller lanes, names that may shrink to fit.
	Large bool
	// OnTap gets the core and the segment under a tap (nil for idle).
	OnTap func(core int, s *model.LaneSeg)
}

// NewLanes returns lanes drawn in the palette's colours.
func NewLanes(colors *model.LanePalette) *Lanes {
	v := &Lanes{colors: colors}
	v.ExtendBaseWidget(v)
	return v
}

// LaneGap is the space between lanes.
const LaneGap = 3

// laneHeights returns the least and most height of a lane. The most is generous: on a laptop's
// few cores the lanes should fill the tab rather than leave half of it empty, while a machine
// with many cores gets the least and scrolls.
func (v *Lanes) laneHeights() (float32, float32) {
	if v.Large {
		return 64, 320
	}
	return 30, 240
}

// Geometry gives the x where lanes start, the height of each lane and of the time axis.
func (v *Lanes) Geometry(size fyne.Size) (x0, laneH, axisH float32) {
	th := v.Theme()
	ts := th.Size(theme.SizeNameText)
	pad := th.Size(theme.SizeNamePadding)
	x0 = fyne.MeasureText("CPU 00 100 %", ts, fyne.TextStyle{Monospace: true}).Width + 2*pad
	axisH = ts + 2*pad
	lo, hi := v.laneHeights()
	n := max(len(v.Rows), 1)
	laneH = min(max((size.Height-axisH)/float32(n)-LaneGap, lo), hi)
	return x0, laneH, axisH
}

// Tapped finds the segment under the pointer and reports it.
func (v *Lanes) Tapped(ev *fyne.PointEvent) {
	if v.OnTap == nil || len(v.Rows) == 0 {
		return
	}
	x0, laneH, _ := v.Geometry(v.Size())
	lane := int(ev.Position.Y / (laneH + LaneGap))
	w := v.Size().Width - x0
	if lane < 0 || lane >= len(v.Rows) || ev.Position.X < x0 || w <= 0 {
		return
	}
	span := v.To.Sub(v.From)
	at := v.From.Add(time.Duration(float64(span) * float64((ev.Position.X-x0)/w)))
	row := &v.Rows[lane]
	for i := range row.Segs {
		if s := &row.Segs[i]; !at.Before(s.From) && at.Before(s.To) {
			v.OnTap(row.Core, s)
			return
		}
	}
	v.OnTap(row.Core, nil)
}

// CreateRenderer implements fyne.Widget.
func (v *Lanes) CreateRenderer() fyne.WidgetRenderer {
	r := &laneRenderer{v: v}
	r.Refresh()
	return r
}

// laneRenderer holds the pools. Objects are ordered back to front: lane backgrounds, grid,
// segments, segment names, ticks, lane labels, axis labels.
type laneRenderer struct {
	v    *Lanes
	size fyne.Size

	bgs, grid, segs, ticks []*canvas.Rectangle
	exact                  []*canvas.Rectangle // a line under each exact stretch of a lane
	unknown                []*canvas.Rectangle // a grey wash over each stretch a trace lost
	names, labels, axis    []*canvas.Text
	objs                   []fyne.CanvasObject
}

// axisSteps are the seconds before "now" the time axis marks, and axisText their labels.
var (
	axisSteps = [...]int{60, 45, 30, 15, 0}
	axisText  = [...]string{"−60 s", "−45 s", "−30 s", "−15 s", "now"}
)

func (r *laneRenderer) Layout(size fyne.Size) {
	r.size = size
	r.place()
}

func (r *laneRenderer) MinSize() fyne.Size {
	x0, _, axisH := r.v.Geometry(fyne.Size{})
	lo, _ := r.v.laneHeights()
	n := float32(max(len(r.v.Rows), 1))
	return fyne.NewSize(x0+240, n*(lo+LaneGap)+axisH)
}

func (r *laneRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *laneRenderer) Destroy()                     {}

// Refresh redraws from the widget's fields; called by the owner when data is new.
func (r *laneRenderer) Refresh() {
	nseg, nruns, nticks, nexact, nunknown := 0, 0, 0, 0, 0
	for i := range r.v.Rows {
		nexact += len(r.v.Rows[i].Exact)
		nunknown += len(r.v.Rows[i].Unknown)
		nseg += len(r.v.Rows[i].Segs)
		nruns += len(r.v.Rows[i].Runs)
		nticks += len(r.v.Rows[i].Ticks)
	}
	// Every pool must grow, so no short-circuit between the calls.
	grown := grow(&r.bgs, len(r.v.Rows))
	grown = grow(&r.grid, len(axisSteps)) || grown
	grown = grow(&r.segs, nseg) || grown
	grown = grow(&r.exact, nexact) || grown
	grown = grow(&r.unknown, nunknown) || grown
	grown = grow(&r.ticks, nticks) || grown
	grown = grow(&r.names, nruns) || grown
	grown = grow(&r.labels, len(r.v.Rows)) || grown
	grown = grow(&r.axis, len(axisSteps)) || grown
	if grown || r.objs == nil {
		r.objs = r.objs[:0]
		for _, group := range [][]*canvas.Rectangle{r.bgs, r.grid, r.segs, r.exact, r.unknown} {
			for _, o := range group {
				r.objs = append(r.objs, o)
			}
		}
		for _, o := range r.names {
			r.objs = append(r.objs, o)
		}
		for _, o := range r.ticks {
			r.objs = append(r.objs, o)
		}
		for _, group := range [][]*canvas.Text{r.labels, r.axis} {
			for _, o := range group {
				r.objs = append(r.objs, o)
			}
		}
	}
	r.place()
	canvas.Refresh(r.v)
}

// grow makes the pool hold at least n objects and reports whether it grew.
func grow[T any](pool *[]*T, n int) bool {
	grew := false
	for len(*pool) < n {
		*pool = append(*pool, new(T))
		grew = true
	}
	return grew
}

// place positions and colours every pooled object for the current data and size.
func (r *laneRenderer) place() {
	v := r.v
	th := v.Theme()
	variant := fyne.CurrentApp().Settings().ThemeVariant()
	fg := th.Color(theme.ColorNameForeground, variant)
	ts := th.Size(theme.SizeNameText)
	pad := th.Size(theme.SizeNamePadding)
	x0, laneH, axisH := v.Geometry(r.size)
	w := r.size.Width - x0
	span := v.To.Sub(v.From).Seconds()
	xOf := func(t time.Time) float32 {
		if span <= 0 {
			return x0
		}
		return x0 + w*float32(t.Sub(v.From).Seconds()/span)
	}
	lanesH := float32(len(v.Rows)) * (laneH + LaneGap)

	si, ni, ti, ei, ui := 0, 0, 0, 0, 0
	for i := range v.Rows {
		y := float32(i) * (laneH + LaneGap)
		bg := r.bgs[i]
		bg.FillColor = th.Color(theme.ColorNameInputBackground, variant)
		bg.Move(fyne.NewPos(x0, y))
		bg.Resize(fyne.NewSize(max(w, 0), laneH))
		bg.Show()

		lb := r.labels[i]
		lb.Text, lb.Color, lb.TextSize, lb.TextStyle = v.Labels[i], fg, ts, fyne.TextStyle{Monospace: true}
		lb.Move(fyne.NewPos(pad, y+(laneH-ts)/2-pad/2))
		lb.Show()

		for j := range v.Rows[i].Segs {
			s := &v.Rows[i].Segs[j]
			left, right := xOf(s.From), xOf(s.To)
			rect := r.segs[si]
			si++
			c := v.colors.Color(s.Proc)
			if !s.Fine {
				// From the normal refresh: paler, since it stands for a whole second.
				c.A = 0x90
			}
			rect.FillColor = c
			top, h := y, laneH
			if s.Exact {
				// From an exact trace: as tall as the share of the stretch the thread ran.
				h = laneH * float32(min(max(s.CPU/100, 0.15), 1))
				top = y + laneH - h
			}
			rect.Move(fyne.NewPos(left, top))
			rect.Resize(fyne.NewSize(max(right-left, 1), h))
			rect.Show()
		}
		for _, u := range v.Rows[i].Unknown {
			// Records of this core were lost: no thread is known to have run here.
			wash := r.unknown[ui]
			ui++
			left, right := xOf(u.From), xOf(u.To)
			cr, cg, cb, _ := fg.RGBA()
			wash.FillColor = color.NRGBA{R: uint8(cr >> 8), G: uint8(cg >> 8), B: uint8(cb >> 8), A: 0x50}
			wash.Move(fyne.NewPos(left, y))
			wash.Resize(fyne.NewSize(max(right-left, 1), laneH))
			wash.Show()
		}
		for _, e := range v.Rows[i].Exact {
			// Under the lane, where the traced threads' runs are exact.
			line := r.exact[ei]
			ei++
			left, right := xOf(e.From), xOf(e.To)
			line.FillColor = fg
			line.Move(fyne.NewPos(left, y+laneH-2))
			line.Resize(fyne.NewSize(max(right-left, 1), 2))
			line.Show()
		}
		// One name per run of a process, where the run is wide enough for it. Presentation
		// text is large and a loaded machine cuts runs short, so there a name may also be
		// written smaller (still larger than normal text) before it is left out.
		nameSize := min(ts, laneH*0.6)
		sizes := [2]float32{nameSize, nameSize * 0.75}
		nsizes := 1
		if v.Large {
			nsizes = 2
		}
		for j := range v.Rows[i].Runs {
			run := &v.Rows[i].Runs[j]
			left, right := xOf(run.From), xOf(run.To)
			if right-left < 4*sizes[nsizes-1] {
				continue // too narrow for any name; skip the measuring
			}
			// The full label, else the dominant thread's name alone (the caption and a tap
			// tell the rest), at each size in turn; else nothing.
			full, label, size := run.Label(), "", float32(0)
			for _, sz := range sizes[:nsizes] {
				if fyne.MeasureText(full, sz, fyne.TextStyle{}).Width+2*pad <= right-left {
					label, size = full, sz
				} else if run.Others > 0 && fyne.MeasureText(run.Name, sz, fyne.TextStyle{}).Width+2*pad <= right-left {
					label, size = run.Name, sz
				}
				if label != "" {
					break
				}
			}
			if label == "" {
				continue
			}
			name := r.names[ni]
			ni++
			name.Text, name.TextSize, name.Color = label, size, model.TextOn(v.colors.Color(run.Proc))
			name.Move(fyne.NewPos(left+pad, y+(laneH-size)/2-pad/2))
			name.Show()
		}
		for _, t := range v.Rows[i].Ticks {
			tk := r.ticks[ti]
			ti++
			tk.FillColor = fg
			// A short hairline at the lane's top: busy unpinned threads move often, and
			// heavier marks would bury the segments under them.
			tk.Move(fyne.NewPos(xOf(t.At)-0.5, y))
			tk.Resize(fyne.NewSize(1.5, laneH*0.18))
			tk.Show()
		}
	}
	for ; si < len(r.segs); si++ {
		r.segs[si].Hide()
	}
	for ; ei < len(r.exact); ei++ {
		r.exact[ei].Hide()
	}
	for ; ui < len(r.unknown); ui++ {
		r.unknown[ui].Hide()
	}
	for ; ni < len(r.names); ni++ {
		r.names[ni].Hide()
	}
	for ; ti < len(r.ticks); ti++ {
		r.ticks[ti].Hide()
	}
	for i := len(v.Rows); i < len(r.bgs); i++ {
		r.bgs[i].Hide()
		r.labels[i].Hide()
	}

	// Time axis: a faint line every 15 s and its label underneath.
	grid := th.Color(theme.ColorNameSeparator, variant)
	for i, sec := range axisSteps {
		x := x0 + w*float32(1-float64(sec)/60)
		g := r.grid[i]
		g.FillColor = withAlpha(grid, 0x80)
		g.Move(fyne.NewPos(x, 0))
		g.Resize(fyne.NewSize(1, lanesH))
		g.Show()
		a := r.axis[i]
		a.Text = axisText[i]
		a.Color, a.TextSize = fg, ts*0.85
		aw := fyne.MeasureText(a.Text, a.TextSize, a.TextStyle).Width
		ax := min(max(x-aw/2, x0), r.size.Width-aw)
		a.Alignment = fyne.TextAlignLeading
		a.Move(fyne.NewPos(ax, lanesH+pad/2))
		a.Resize(fyne.NewSize(aw, axisH))
		a.Show()
	}
}

// withAlpha returns c with its alpha replaced.
func withAlpha(c color.Color, a uint8) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}
