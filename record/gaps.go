package record

import (
	"errors"
	"io"
	"time"
)

// Gap is a stretch of a recording with no readable sample: a damaged or missing chunk, the
// samples after it that were stored as changes since it, or the tail of a file cut short.
type Gap struct {
	From, To time.Time
	Why      string
}

// Gaps returns the stretches of the recording that have no readable sample, in time order. It
// works from the chunk headers and the payloads' checksums, without decoding a sample, so a
// replay can mark every gap as unknown before it plays.
func (r *Reader) Gaps() []Gap {
	iv := int64(r.header.Interval)
	if iv <= 0 {
		iv = int64(time.Second)
	}
	var out []Gap
	add := func(a, b int64, why string) {
		if b > a {
			out = append(out, Gap{fromUnixNano(a), fromUnixNano(b), why})
		}
	}
	lost, lostFrom, why := false, int64(0), ""
	for i, c := range r.chunks {
		h := c.header
		broken := !r.payloadIntact(c)
		var prevEnd int64
		if i > 0 {
			prevEnd = r.chunks[i-1].header.t1
		}
		// A chunk's first sample covers the interval before it.
		missing := i > 0 && h.t0-iv-prevEnd > iv/2
		if missing && !lost {
			lost, lostFrom, why = true, prevEnd, "a stretch of the file is missing or damaged"
		}
		switch {
		case lost && !broken && h.flags&flagKeyframe != 0:
			add(lostFrom, h.t0-iv, why)
			lost = false
		case broken && !lost:
			lost, lostFrom, why = true, max(prevEnd, h.t0-iv), "a chunk of the file is damaged"
			if i == 0 {
				lostFrom = h.t0
			}
		}
	}
	last := r.chunks[len(r.chunks)-1].header.t1
	if lost {
		add(lostFrom, last, why)
	}
	for _, h := range r.tailHoles(last) {
		add(h.start, h.end, h.why)
	}
	return out
}

// payloadIntact reports whether a chunk's payload can be read and matches its checksum.
func (r *Reader) payloadIntact(e indexEntry) bool {
	b := make([]byte, e.header.length)
	if _, err := r.ra.ReadAt(b, e.offset+chunkHeaderSize); err != nil && !errors.Is(err, io.EOF) {
		return false
	}
	return checksum(b) == e.header.crc
}
