package lesson

import (
	"slices"
	"time"
)

// Zoom bounds: the window is never narrower than minZoom (the Timeline cannot show less
// usefully) and, when the threads never take turns, the whole run is shown.
const (
	minZoom = 2 * time.Millisecond
	// zoomRuns is how many median runs the window spans: enough to show several hand-overs.
	zoomRuns = 8
	// soloShare: runs longer than the trace over this are left out of the typical run length.
	soloShare = 20
)

// TurnZoom picks the stretch of the trace where its busy threads' turn-taking shows: a window
// zoomRuns times the typical run long (the median weighted by length, so the many tiny runs
// of a preempted or waiting thread do not shrink it), at least minZoom, placed where the CPU
// passed most often from one thread to another, then where the most threads ran, then nearest
// the middle of the run. It returns the whole trace when fewer than two threads ran, or when
// the window would not be narrower than the trace.
func TurnZoom(t *Trace) (from, to int64) {
	from, to = t.StartNS, t.EndNS
	type run struct {
		Span
		thread int
	}
	var runs []run
	var lens []int64
	for _, i := range BusyThreads(t) {
		for _, r := range t.Threads[i].Runs {
			if c, ok := clip(r, t.StartNS, t.EndNS); ok {
				runs = append(runs, run{c, i})
				// A run of a good part of the trace is a thread alone, not taking turns.
				if c.End-c.Start <= t.Wall()/soloShare {
					lens = append(lens, c.End-c.Start)
				}
			}
		}
	}
	if len(runs) < 2 {
		return from, to
	}
	width := max(weightedMedian(lens)*zoomRuns, int64(minZoom))
	if width >= t.Wall() {
		return from, to
	}
	slices.SortFunc(runs, func(a, b run) int {
		switch {
		case a.Start < b.Start:
			return -1
		case a.Start > b.Start:
			return 1
		}
		return 0
	})
	mid := t.StartNS + t.Wall()/2
	bestThreads, bestSwitches := 0, -1
	var bestDist int64
	for i := range runs {
		// Windows start at a run's start; the runs inside are runs[i:j].
		start := min(runs[i].Start, t.EndNS-width)
		end := start + width
		seen := map[int]bool{}
		switches, prev := 0, -1
		for j := i; j < len(runs) && runs[j].Start < end; j++ {
			seen[runs[j].thread] = true
			if prev >= 0 && runs[j].thread != prev {
				switches++
			}
			prev = runs[j].thread
		}
		dist := abs64(start + width/2 - mid)
		better := switches > bestSwitches ||
			switches == bestSwitches && (len(seen) > bestThreads || len(seen) == bestThreads && dist < bestDist)
		if better {
			bestThreads, bestSwitches, bestDist = len(seen), switches, dist
			from, to = start, end
		}
	}
	if bestThreads < 2 {
		return t.StartNS, t.EndNS
	}
	return from, to
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// weightedMedian is the run length such that runs at least that long hold half the CPU time:
// the length of a typical run as the CPU saw it.
func weightedMedian(lens []int64) int64 {
	slices.Sort(lens)
	var total, acc int64
	for _, l := range lens {
		total += l
	}
	for i := len(lens) - 1; i >= 0; i-- {
		acc += lens[i]
		if 2*acc >= total {
			return lens[i]
		}
	}
	return 0
}
