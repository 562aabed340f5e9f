package ui

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"

	"github.com/taskscope/taskscope/ui/model"
)

// intervals are the refresh intervals offered, with their labels.
var intervals = []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 5 * time.Second}

var intervalLabels = []string{"0.5 s", "1 s", "2 s", "5 s"}

// Preference keys. They are part of what users keep between versions: do not rename them.
const (
	prefInterval     = "refresh.interval_ms"
	prefSortColumn   = "table.sort_column"
	prefSortDesc     = "table.sort_descending"
	prefThreads      = "table.show_threads"
	prefKernel       = "table.show_kernel_threads"
	prefTree         = "table.tree"
	prefGroupApps    = "table.group_apps"
	prefPresentation = "view.presentation"
	prefDemoCard     = "demos.card"
)

// loadPrefs reads the choices that persist between runs. Each is kept in exactly one place
// while the window runs (the table settings in its Options, the interval and presentation
// mode in fields of their own); widgets and menu items only show them.
func loadPrefs(p fyne.Preferences) (t model.TableSettings, interval time.Duration, presentation bool) {
	t = model.TableSettings{
		SortCol: model.Column(p.IntWithFallback(prefSortColumn, int(model.ColCPU))),
		Desc:    p.BoolWithFallback(prefSortDesc, true),
		Threads: p.Bool(prefThreads),
		Kernel:  p.Bool(prefKernel),
		Tree:    p.Bool(prefTree),
	}
	t.GroupApps = p.Bool(prefGroupApps)
	if t.SortCol < 0 || t.SortCol >= model.NumCols {
		t.SortCol = model.ColCPU
	}
	interval = time.Duration(p.IntWithFallback(prefInterval, 1000)) * time.Millisecond
	if !slices.Contains(intervals, interval) {
		interval = time.Second
	}
	return t, interval, p.Bool(prefPresentation)
}

// savePrefs writes them back.
func savePrefs(p fyne.Preferences, t model.TableSettings, interval time.Duration, presentation bool) {
	p.SetInt(prefInterval, int(interval/time.Millisecond))
	p.SetInt(prefSortColumn, int(t.SortCol))
	p.SetBool(prefSortDesc, t.Desc)
	p.SetBool(prefThreads, t.Threads)
	p.SetBool(prefKernel, t.Kernel)
	p.SetBool(prefTree, t.Tree)
	p.SetBool(prefGroupApps, t.GroupApps)
	p.SetBool(prefPresentation, presentation)
}

// intervalLabel is the label of d in the interval selector.
func intervalLabel(d time.Duration) string {
	if i := slices.Index(intervals, d); i >= 0 {
		return intervalLabels[i]
	}
	return intervalLabels[1]
}
