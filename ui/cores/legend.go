package cores

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// legendMax is how many processes the legend names: the busiest in the window.
const legendMax = 12

// legend maps lane colours to processes: a swatch and "name PID" for the processes with the
// most time in the lanes shown. Its rows are made once and reused.
type legend struct {
	st     *model.State // says which process is this app
	colors *model.LanePalette
	box    *fyne.Container
	rows   []legendRow
	// time is scratch: each process's time in the window.
	time  map[inspect.TaskKey]time.Duration
	names map[inspect.TaskKey]string
	order []inspect.TaskKey
}

type legendRow struct {
	key    inspect.TaskKey
	swatch *canvas.Rectangle
	label  *widget.Label
	box    *fyne.Container
}

func newLegend(st *model.State, colors *model.LanePalette) *legend {
	l := &legend{st: st, colors: colors, box: container.NewVBox(),
		time: map[inspect.TaskKey]time.Duration{}, names: map[inspect.TaskKey]string{}}
	for range legendMax {
		r := legendRow{swatch: &canvas.Rectangle{}, label: &widget.Label{Truncation: fyne.TextTruncateEllipsis}}
		r.swatch.SetMinSize(fyne.NewSize(18, 18))
		r.box = container.NewBorder(nil, nil, container.NewCenter(r.swatch), nil, r.label)
		r.box.Hide()
		l.rows = append(l.rows, r)
		l.box.Add(r.box)
	}
	return l
}

// show lists the processes of rows, busiest first, and lets the palette forget colours of
// processes no longer on screen.
func (l *legend) show(rows []model.LaneRow) {
	clear(l.time)
	for _, r := range rows {
		for _, s := range r.Segs {
			l.time[s.Proc] += s.To.Sub(s.From)
			l.names[s.Proc] = s.ProcName
		}
	}
	l.order = l.order[:0]
	for k := range l.time {
		l.order = append(l.order, k)
	}
	slices.SortFunc(l.order, func(a, b inspect.TaskKey) int {
		return cmp.Or(cmp.Compare(l.time[b], l.time[a]), cmp.Compare(a.ID, b.ID))
	})
	for i := range l.rows {
		r := &l.rows[i]
		if i >= len(l.order) {
			if r.box.Visible() {
				r.box.Hide()
			}
			continue
		}
		k := l.order[i]
		c := l.colors.Color(k)
		if r.key != k || r.swatch.FillColor != c || !r.box.Visible() {
			r.key = k
			r.swatch.FillColor = c
			r.swatch.Refresh()
			r.box.Show()
		}
		text := fmt.Sprintf("%s  %d", l.names[k], k.ID)
		if l.st.IsSelf(k.ID) {
			text += model.SelfMark
		}
		widgets.SetText(r.label, text)
	}
	if l.colors.Len() > 4*legendMax {
		visible := make(map[inspect.TaskKey]bool, len(l.time))
		for k := range l.time {
			visible[k] = true
		}
		l.colors.KeepOnly(visible)
		for k := range l.names {
			if !visible[k] {
				delete(l.names, k)
			}
		}
	}
}
