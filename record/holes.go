package record

// hole is a stretch of a recording (Unix ns) whose samples could not be read, and why.
type hole struct {
	start, end int64
	why        string
}

// addHole notes a stretch without samples; the export draws it as "no data".
func (r *Reader) addHole(start, end int64, why string) {
	if end > start {
		r.holes = append(r.holes, hole{start, end, why})
	}
}

// cutHole notes the stretch a file cut short inside the chunk at off lost: the chunk's own
// times when its header made it to the disk, else one chunk's span after the last complete
// chunk, since how long the recording went on is not known. It returns where that stretch
// ends (Unix ns), or 0 when it noted none (no complete chunk before it, or a chunk of
// something other than samples), and whether that end was read from the file (known) or is
// the one chunk's span shown for want of it.
func (r *Reader) cutHole(off int64) (end int64, known bool) {
	if len(r.chunks) == 0 {
		return 0, false
	}
	last := r.chunks[len(r.chunks)-1].header.t1
	if h, ok := r.readChunkHeader(off); ok {
		if h.kind != kindSamples || h.t1 <= last {
			return 0, false
		}
		// Its first sample covered the interval before it, as in Gaps.
		r.addHole(max(h.t0-int64(r.header.Interval), last), h.t1, "the file was cut short inside the chunk that held this stretch")
		return h.t1, true
	}
	end = last + int64(DefaultChunkSpan)
	r.addHole(last, end, "the file was cut short here; how long the recording went on is not known (one chunk's span is shown)")
	return end, false
}

// whyNoData returns the reason the reader knows for a stretch without samples, or a general one.
func (r *Reader) whyNoData(a, b int64) string {
	for _, h := range r.holes {
		if h.start < b && a < h.end {
			return h.why
		}
	}
	return "no sample was read for this stretch: a chunk is missing or damaged"
}

// tailHoles returns the holes, cut to what lies after the last sample (Unix ns): the tail a
// file cut short lost.
func (r *Reader) tailHoles(after int64) []hole {
	var out []hole
	for _, h := range r.holes {
		if h.end > after {
			h.start = max(h.start, after)
			out = append(out, h)
		}
	}
	return out
}
