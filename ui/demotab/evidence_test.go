package demotab

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/widgets"
)

// TestEvidenceDrawsTheCardsParts: a claim's evidence is the card's bar chart (stacked, so it
// can be shown large) or the browsers' tab cells with what died; a claim without events has none.
func TestEvidenceDrawsTheCardsParts(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	walk := func(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
		var rec func(fyne.CanvasObject)
		rec = func(o fyne.CanvasObject) {
			visit(o)
			if c, ok := o.(*fyne.Container); ok {
				for _, k := range c.Objects {
					rec(k)
				}
			}
		}
		rec(o)
	}
	race := map[string][]demos.Event{"procrace-none": {{"event": "result", "sync": "none", "expected": 100.0, "actual": 60.0, "lost": 40.0, "seconds": 0.5, "procs": 4.0}}}
	var charts []*widgets.BarChart
	walk(Evidence("sync-between-processes", race), func(o fyne.CanvasObject) {
		if c, ok := o.(*widgets.BarChart); ok {
			charts = append(charts, c)
		}
	})
	if len(charts) != 1 || !charts[0].Stacked || charts[0].FullScale != 100 || charts[0].Bars()[0].Value != 60 {
		t.Fatalf("sync evidence: charts %v", charts)
	}

	browser := []demos.Event{{"event": "tab", "tab": 1.0, "pid": 7.0, "tid": 8.0, "state": "alive"},
		{"event": "tab", "tab": 2.0, "pid": 7.0, "tid": 9.0, "state": "alive"},
		{"event": "read", "tab": 1.0, "value": 4242.0, "address": "0xc0000abcde"},
		{"event": "crashed", "tab": 2.0, "pid": 7.0, "reason": "SIGSEGV"}}
	var shown []string
	walk(Evidence("crashes", map[string][]demos.Event{"browser-processes": browser}), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok {
			shown = append(shown, l.Text)
		}
	})
	all := strings.Join(shown, "\n")
	for _, want := range []string{"Tabs as processes", "reads 4242 @0xc0000abcde", "crashed: SIGSEGV", "Tab 2 died alone"} {
		if !strings.Contains(all, want) {
			t.Errorf("crash evidence lacks %q:\n%s", want, all)
		}
	}
	if Evidence("gil", nil) != nil || Evidence("no-such-claim", race) != nil {
		t.Error("evidence drawn from no events")
	}
}
