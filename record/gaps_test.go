package record

import (
	"bytes"
	"testing"
	"time"
)

// TestGaps: a clean file has none; a damaged chunk gives one gap from the sample before it to
// the next keyframe; a file cut inside its last chunk gives one at its tail.
func TestGaps(t *testing.T) {
	const step = 500 * time.Millisecond
	clean := recordAll(t, synth(15, 60, step), Options{Interval: step, KeyframeEvery: 5 * time.Second})
	full := openBytes(t, clean)
	if g := full.Gaps(); len(g) != 0 {
		t.Fatalf("a clean file has gaps: %v", g)
	}
	c := full.chunks[5]
	b := bytes.Clone(clean)
	for i := c.offset + chunkHeaderSize + 4; i < c.offset+chunkHeaderSize+68; i++ {
		b[i] ^= 0xff
	}
	g := openBytes(t, b).Gaps()
	key := full.chunks[full.nextKeyframe(6)].header.t0
	if len(g) != 1 || unixNano(g[0].From) != full.chunks[4].header.t1 || unixNano(g[0].To) != key-int64(step) {
		t.Fatalf("gaps %v; want one from %v to %v", g, fromUnixNano(full.chunks[4].header.t1), fromUnixNano(key-int64(step)))
	}
	// The samples the export and replay read agree: none inside the gap.
	r := openBytes(t, b)
	for _, s := range readAll(t, r) {
		if s.Taken.After(g[0].From) && s.Taken.Before(g[0].To) {
			t.Fatalf("a sample at %v lies inside the gap %v", s.Taken, g[0])
		}
	}
	last := full.chunks[len(full.chunks)-1]
	g = openBytes(t, clean[:last.offset+chunkHeaderSize+int64(last.header.length)/2]).Gaps()
	if len(g) != 1 || unixNano(g[0].To) != last.header.t1 {
		t.Fatalf("cut file: gaps %v; want one ending at %v", g, fromUnixNano(last.header.t1))
	}
}
