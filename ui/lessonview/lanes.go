package lessonview

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/lesson"
)

// laneColors tell the threads apart on a projector: saturated, distinct on black and white.
var laneColors = []color.NRGBA{{0x29, 0x9d, 0xff, 0xff}, {0xff, 0x5a, 0x4f, 0xff}, {0x3c, 0xd0, 0x70, 0xff},
	{0xc0, 0x7c, 0xff, 0xff}, {0xff, 0xa6, 0x2b, 0xff}, {0x2b, 0xd9, 0xd9, 0xff}}

// maxLanes bounds the lanes drawn: the busiest threads of the program.
const maxLanes = 6

// lanes draws the busy threads of a trace over [from, to]: one lane each, a bar per run, so
// that threads taking turns show as bars that never stand one above the other.
type lanes struct {
	widget.BaseWidget
	tr       *lesson.Trace
	from, to int64
}

func newLanes(tr *lesson.Trace, from, to int64) *lanes {
	l := &lanes{tr: tr, from: from, to: to}
	l.ExtendBaseWidget(l)
	return l
}

// CreateRenderer implements fyne.Widget.
func (l *lanes) CreateRenderer() fyne.WidgetRenderer {
	r := &lanesRenderer{l: l}
	r.build()
	return r
}

type lanesRenderer struct {
	l    *lanes
	objs []fyne.CanvasObject
	size fyne.Size
}

func (r *lanesRenderer) build() {
	r.objs = r.objs[:0]
	l := r.l
	idx := lesson.BusyThreads(l.tr)
	if len(idx) > maxLanes {
		idx = idx[:maxLanes]
	}
	if len(idx) == 0 || r.size.Width <= 0 {
		return
	}
	text := theme.SizeForWidget(theme.SizeNameText, l)
	labelW := text * 7
	laneH := min((r.size.Height-text*1.8)/float32(len(idx)), text*3)
	plotW := r.size.Width - labelW
	span := float64(l.to - l.from)
	x := func(ns int64) float32 { return labelW + plotW*float32(float64(ns-l.from)/span) }
	for li, ti := range idx {
		th := l.tr.Threads[ti]
		y := float32(li) * laneH
		name := canvas.NewText(fmt.Sprintf("thread %d", li+1), theme.ColorForWidget(theme.ColorNameForeground, r.l))
		name.TextSize = text * 0.9
		name.Move(fyne.NewPos(0, y+laneH*0.4-name.MinSize().Height/2))
		bg := canvas.NewRectangle(theme.ColorForWidget(theme.ColorNameInputBackground, l))
		bg.Resize(fyne.NewSize(plotW, laneH*0.8))
		bg.Move(fyne.NewPos(labelW, y))
		r.objs = append(r.objs, name, bg)
		c := laneColors[li%len(laneColors)]
		var open bool
		var x0, x1 float32
		flush := func() {
			if open {
				b := canvas.NewRectangle(c)
				b.Resize(fyne.NewSize(max(x1-x0, 1), laneH*0.8))
				b.Move(fyne.NewPos(x0, y))
				r.objs = append(r.objs, b)
			}
		}
		for _, run := range th.Runs {
			s, e := max(run.Start, l.from), min(run.End, l.to)
			if e <= s {
				continue
			}
			a, b := x(s), x(e)
			if open && a-x1 < 1 {
				x1 = b
				continue
			}
			flush()
			open, x0, x1 = true, a, b
		}
		flush()
	}
	y := float32(len(idx)) * laneH
	for i := 0; i <= 4; i++ {
		at := l.from + (l.to-l.from)*int64(i)/4
		t := canvas.NewText(lesson.FormatOffset(at-l.from), theme.ColorForWidget(theme.ColorNameForeground, r.l))
		t.TextSize = text * 0.8
		w := t.MinSize().Width
		t.Move(fyne.NewPos(min(max(x(at)-w/2, labelW), r.size.Width-w), y))
		r.objs = append(r.objs, t)
	}
}

func (r *lanesRenderer) Layout(s fyne.Size) {
	if s != r.size {
		r.size = s
		r.build()
	}
}
func (r *lanesRenderer) MinSize() fyne.Size {
	n := min(len(lesson.BusyThreads(r.l.tr)), maxLanes)
	return fyne.NewSize(200, theme.SizeForWidget(theme.SizeNameText, r.l)*(1.6*float32(n)+1.8))
}
func (r *lanesRenderer) Refresh()                     { r.build(); canvas.Refresh(r.l) }
func (r *lanesRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *lanesRenderer) Destroy()                     {}
