package widgets

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
)

// TestLanesPresentationNamesShrinkToFit: in presentation mode a run too narrow for its name at
// presentation size gets it a little smaller; normally it gets none.
func TestLanesPresentationNamesShrinkToFit(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(NewPresentationTheme())
	v := NewLanes(model.NewLanePalette())
	v.Large = true
	size := fyne.NewSize(1000, 300)
	v.Resize(size)
	th := v.Theme()
	ts, pad := th.Size(theme.SizeNameText), th.Size(theme.SizeNamePadding)
	x0, _, _ := v.Geometry(size)
	full := fyne.MeasureText("worker-0", ts, fyne.TextStyle{}).Width + 2*pad
	small := fyne.MeasureText("worker-0", ts*0.75, fyne.TextStyle{}).Width + 2*pad
	// A run as wide as the mean of what the name needs at each size.
	span := time.Duration(float64(model.LaneSpan) * float64((full+small)/2/(size.Width-x0)))
	t0 := time.Date(2026, 3, 2, 12, 1, 0, 0, time.Local)
	end := t0.Add(model.LaneSpan)
	proc := inspect.TaskKey{ID: 500, StartTicks: 5000}
	seg := model.LaneSeg{From: end.Add(-span), To: end, Proc: proc, Thread: inspect.TaskKey{ID: 502, StartTicks: 5000},
		Name: "worker-0", Fine: true}
	v.Rows = []model.LaneRow{{Core: 0, Segs: []model.LaneSeg{seg}, Runs: model.RunsOf([]model.LaneSeg{seg}, nil, 0)}}
	v.Labels, v.From, v.To = []string{"CPU 0   99 %"}, t0, end
	r := test.WidgetRenderer(v).(*laneRenderer)
	shown := func() *canvas.Text {
		v.Refresh()
		for _, n := range r.names {
			if n.Visible() {
				return n
			}
		}
		return nil
	}
	if n := shown(); n == nil || n.Text != "worker-0" || n.TextSize >= ts || n.TextSize < ts*0.7 {
		t.Errorf("presentation name = %+v, want worker-0 at 3/4 of %v", n, ts)
	}
	v.Large = false
	if n := shown(); n != nil {
		t.Errorf("name %q at %v drawn outside presentation mode, where it does not fit", n.Text, n.TextSize)
	}
}

// TestBarChartScales: a linear chart against its full scale, a log chart keeping the smallest
// bar visible, and no bar for nothing.
func TestBarChartScales(t *testing.T) {
	test.NewTempApp(t)
	c := NewBarChart(false)
	c.FullScale = 100
	c.Set([]model.Bar{{Label: "a", Value: 50}, {Label: "b", Value: 0}, {Label: "c", Value: 200}})
	if fr := c.fractions(); fr[0] != 0.5 || fr[1] != 0 || fr[2] != 1 {
		t.Errorf("linear fractions = %v", fr)
	}
	l := NewBarChart(true)
	l.Set([]model.Bar{{Label: "ns", Value: 100}, {Label: "us", Value: 100000}})
	if fr := l.fractions(); fr[0] <= 0 || fr[0] >= 0.3 || fr[1] != 1 {
		t.Errorf("log fractions = %v", fr)
	}
	if len(l.Bars()) != 2 {
		t.Error("Bars")
	}
}
