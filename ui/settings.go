package ui

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
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
	prefPresentation = "view.presentation"
)

// settings are the choices that persist between runs, through the app's Preferences.
type settings struct {
	interval     time.Duration
	sortCol      column
	desc         bool
	threads      bool
	kernel       bool
	tree         bool
	presentation bool
}

func loadSettings(p fyne.Preferences) settings {
	s := settings{
		interval:     time.Duration(p.IntWithFallback(prefInterval, 1000)) * time.Millisecond,
		sortCol:      column(p.IntWithFallback(prefSortColumn, int(colCPU))),
		desc:         p.BoolWithFallback(prefSortDesc, true),
		threads:      p.Bool(prefThreads),
		kernel:       p.Bool(prefKernel),
		tree:         p.Bool(prefTree),
		presentation: p.Bool(prefPresentation),
	}
	if !slices.Contains(intervals, s.interval) {
		s.interval = time.Second
	}
	if s.sortCol < 0 || s.sortCol >= numCols {
		s.sortCol = colCPU
	}
	return s
}

func (s settings) save(p fyne.Preferences) {
	p.SetInt(prefInterval, int(s.interval/time.Millisecond))
	p.SetInt(prefSortColumn, int(s.sortCol))
	p.SetBool(prefSortDesc, s.desc)
	p.SetBool(prefThreads, s.threads)
	p.SetBool(prefKernel, s.kernel)
	p.SetBool(prefTree, s.tree)
	p.SetBool(prefPresentation, s.presentation)
}

// intervalLabel is the label of d in the interval selector.
func intervalLabel(d time.Duration) string {
	if i := slices.Index(intervals, d); i >= 0 {
		return intervalLabels[i]
	}
	return intervalLabels[1]
}
