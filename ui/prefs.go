package ui

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"

	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/processes"
)

// Preference keys. They are part of what users keep between versions: do not rename them.
const (
	prefInterval     = "refresh.interval_ms"
	prefSortColumn   = "table.sort_column"
	prefSortDesc     = "table.sort_descending"
	prefThreads      = "table.show_threads"
	prefKernel       = "table.show_kernel_threads"
	prefTree         = "table.tree"
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
	if t.SortCol < 0 || t.SortCol >= model.NumCols {
		t.SortCol = model.ColCPU
	}
	interval = time.Duration(p.IntWithFallback(prefInterval, 1000)) * time.Millisecond
	if !slices.Contains(processes.Intervals, interval) {
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
	p.SetBool(prefPresentation, presentation)
}
