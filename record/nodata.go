package record

// Stretches without data are exported as slices named noData, so a viewer shows a hole as a
// hole (with its reason in the args) instead of as idle cores.

// noData names a slice that stands for a stretch without data.
const noData = "no data"

// lostWhy is the reason given for a stretch of a core's trace records the tracer lost.
const lostWhy = "the tracer lost records on this core here (its buffer overflowed): what ran is not known"

// lostSpan is a stretch of one core's trace records the tracer lost (Unix ns).
type lostSpan struct {
	core       int
	start, end int64
}

func noDataSlice(start, end int64, why string) slice {
	return slice{start, end, noData, noData, map[string]any{"source": noData, "why": why}}
}

// addNoData puts a no-data slice on every CPU track for each stretch no sample covers (between
// samples, and the tail a file cut short lost after last), and on one core's track for each
// stretch of its trace records the tracer lost. Exact runs keep their place: a no-data slice
// fills only the time around them.
func (x *exporter) addNoData(r *Reader, last int64) {
	var all []hole
	for _, g := range x.gaps {
		all = append(all, hole{g[0], g[1], r.whyNoData(g[0], g[1])})
	}
	all = append(all, r.tailHoles(last)...)
	for _, st := range all {
		for core := range x.cores {
			x.noDataOn(core, st.start, st.end, st.why)
		}
	}
	for _, l := range x.lost {
		x.noDataOn(l.core, l.start, l.end, lostWhy)
	}
}

// noDataOn adds a no-data slice on core's track for the parts of [a, b] no exact run covers.
func (x *exporter) noDataOn(core int, a, b int64, why string) {
	tr := track{cpusPID, cpuTID(core)}
	for _, g := range freeGaps(x.coreRuns[core], a, b) {
		x.slices[tr] = append(x.slices[tr], noDataSlice(g[0], g[1], why))
	}
}
