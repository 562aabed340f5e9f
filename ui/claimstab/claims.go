// Package claimstab is the Claims tab: the lecture notes' claims as rows, each measured on this
// machine by running demos (package claims at the top level does the measuring and judging),
// with its verdict, the figures behind it, and a link to the demo card that shows it live.
//
// What the tab shows is decided in ui/model (ClaimsTable); this package lays it out. All ten
// rows, each with its verdict and its key figures on one line, fit a 1280x720 screen in
// presentation mode; the reasons and full figures of the selected row go below them.
package claimstab

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/claims"
	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// New builds the Claims tab on the view state. Its measurements start demos through a launcher
// of its own, stopped when the app quits.
func New(st *model.State) fyne.CanvasObject {
	l := demos.NewLauncher()
	t := newTab(st, fyne.Do, func(ctx context.Context, ids ...string) <-chan claims.Result {
		return claims.MeasureIDs(ctx, claims.Options{Launcher: l}, ids...)
	})
	st.OnQuit(func() {
		t.cancel()
		l.StopAll()
	})
	return t.content
}

// measurer runs the measurements of ids and delivers each result as it comes.
type measurer func(ctx context.Context, ids ...string) <-chan claims.Result

// tab is the Claims tab.
type tab struct {
	st      *model.State
	post    func(func())
	measure measurer
	table   *model.ClaimsTable
	ctx     context.Context
	cancel  context.CancelFunc

	rows     []*rowWidget
	selected int
	summary  *widget.Label
	allBtn   *widget.Button
	stopBtn  *widget.Button
	oneBtn   *widget.Button // measures the selected claim
	liveBtn  *widget.Button // shows the selected claim's demo card
	detail   detail
	content  fyne.CanvasObject
}

// detail shows the selected claim in full.
type detail struct {
	heading *widget.Label
	claim   *widget.Label
	why     *widget.Label
	figures *widget.Label
}

func newTab(st *model.State, post func(func()), m measurer) *tab {
	t := &tab{st: st, post: post, measure: m, table: model.NewClaimsTable()}
	t.ctx, t.cancel = context.WithCancel(context.Background())
	t.summary = &widget.Label{Wrapping: fyne.TextWrapWord}
	t.allBtn = &widget.Button{Text: "Measure all", Icon: theme.MediaPlayIcon(), Importance: widget.HighImportance,
		OnTapped: func() { t.start(claims.IDs()...) }}
	t.stopBtn = &widget.Button{Text: "Stop", Icon: theme.MediaStopIcon(), OnTapped: t.stop}
	t.detail = detail{
		heading: &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord},
		claim:   &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Italic: true}},
		why:     &widget.Label{Wrapping: fyne.TextWrapWord},
		figures: &widget.Label{Wrapping: fyne.TextWrapWord},
	}

	t.oneBtn = &widget.Button{Text: "Measure this",
		OnTapped: func() { t.start(t.table.Rows[t.selected].Claim.ID) }}
	t.liveBtn = &widget.Button{Text: "Show live",
		OnTapped: func() { st.ShowDemo(t.table.Rows[t.selected].Claim.Demo) }}
	lines := []fyne.CanvasObject{}
	for i, r := range t.table.Rows {
		rw := newRowWidget(r.Claim.Short, func() { t.selectRow(i) })
		t.rows = append(t.rows, rw)
		lines = append(lines, rw)
	}
	top := container.NewBorder(nil, nil, container.NewHBox(t.allBtn, t.stopBtn, widget.NewSeparator(), t.oneBtn, t.liveBtn), nil, t.summary)
	// The claim comes first, under its heading: on a 720-line projector it is read whole
	// above the fold, the reason and figures after it.
	info := container.NewVBox(t.detail.heading, t.detail.claim, t.detail.why, t.detail.figures)
	// The rows touch, without the box layout's padding between them: each has its own, and
	// ten paddings less is what lets the reasons below show on a 720-line projector.
	t.content = container.NewBorder(
		container.NewVBox(top, container.New(layout.NewCustomPaddedVBoxLayout(0), lines...)),
		nil, nil, nil,
		container.NewVScroll(info))
	t.draw()
	return t
}

// start measures ids, one batch at a time: measurements that ran at once would slow each other
// down and distort the timings. Results come back on the UI goroutine through post.
func (t *tab) start(ids ...string) {
	if t.table.Busy() {
		return
	}
	fresh := t.table.Start(ids...)
	if len(fresh) == 0 {
		return
	}
	t.draw()
	results := t.measure(t.ctx, fresh...)
	go func() {
		for r := range results {
			t.post(func() {
				t.table.Apply(r)
				t.draw()
			})
		}
	}()
}

// stop cancels the running measurement; its demos stop and the rows report it.
func (t *tab) stop() {
	t.cancel()
	t.ctx, t.cancel = context.WithCancel(context.Background())
}

func (t *tab) selectRow(i int) {
	t.selected = i
	t.draw()
}

// draw shows the table's state in every row, the summary and the selected row's detail.
func (t *tab) draw() {
	busy := t.table.Busy()
	widgets.SetEnabled(t.allBtn, !busy)
	widgets.SetEnabled(t.stopBtn, busy)
	widgets.SetText(t.summary, t.table.Summary())
	widgets.SetEnabled(t.oneBtn, !busy)
	widgets.SetEnabled(t.liveBtn, t.st.HasDemoCard(t.table.Rows[t.selected].Claim.Demo))
	for i, r := range t.table.Rows {
		ev := r.Evidence()
		if ev == "" {
			ev = r.Why()
		}
		t.rows[i].set(shortVerdict(r), ev, toneColor(r), i == t.selected)
	}
	r := t.table.Rows[t.selected]
	heading := r.Claim.Title + " (\"" + r.Claim.Short + "\")"
	if r.State != model.ClaimIdle {
		heading += ": " + r.VerdictText()
	}
	if r.State == model.ClaimMeasured || r.State == model.ClaimFailed {
		heading += fmt.Sprintf("  (measured in %.1f s)", r.Result.Took.Seconds())
	}
	widgets.SetText(t.detail.heading, heading)
	widgets.SetText(t.detail.claim, fmt.Sprintf("Claim (%s): %s", r.Claim.Source, r.Claim.Text))
	why := r.Why()
	if !t.st.HasDemoCard(r.Claim.Demo) {
		why += fmt.Sprintf("  (Live: `taskscope demo %s` in a terminal; it has no card yet.)", r.Claim.Demo)
	}
	widgets.SetText(t.detail.why, why)
	figs := ""
	if len(r.Result.Figures) > 0 {
		figs = "Figures: " + model.FiguresText(r.Result.Figures)
	}
	widgets.SetText(t.detail.figures, figs)
}

// shortVerdict is the verdict column's word: the detail line spells it out.
func shortVerdict(r model.ClaimRow) string {
	if r.State == model.ClaimMeasured {
		return string(r.Result.Verdict)
	}
	return map[model.ClaimState]string{model.ClaimIdle: "-", model.ClaimMeasuring: "...", model.ClaimFailed: "failed"}[r.State]
}

// toneColor colours a verdict: success when it holds, warning with a nuance, error when wrong
// or not measured; the plain text colour while there is no verdict.
func toneColor(r model.ClaimRow) fyne.ThemeColorName {
	if r.State != model.ClaimMeasured && r.State != model.ClaimFailed {
		return theme.ColorNameForeground
	}
	switch r.VerdictTone() {
	case model.ToneWarning:
		return theme.ColorNameError
	case model.ToneSecond:
		return theme.ColorNameWarning
	}
	return theme.ColorNameSuccess
}
