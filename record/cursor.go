package record

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// cursor is where sequential decoding stands: the chunk being read, its records not yet
// decoded, and the decoder whose last sample the next delta applies to.
type cursor struct {
	chunk int
	d     dec
	left  uint32
	codec sampleDecoder
	// chained says the decoder's state carries on into the next chunk: everything up to here
	// decoded. After damage it is false until the next keyframe.
	chained bool
	// last is the last sample handed out.
	last *inspect.Snapshot
}

// reset puts the cursor before chunk c, with no decoder state.
func (c *cursor) reset(chunk int) {
	*c = cursor{chunk: chunk - 1}
}

// next decodes the sample after the cursor, skipping damaged chunks and what depends on them
// up to the next keyframe. It returns io.EOF after the last sample.
func (r *Reader) next() (*inspect.Snapshot, error) {
	c := &r.cur
	for {
		if c.left > 0 {
			c.left--
			s, err := c.codec.decode(&c.d)
			if err == nil {
				return s, nil
			}
			r.markDamaged(c.chunk, err)
			c.left, c.chained = 0, false
			continue
		}
		i := c.chunk + 1
		if !c.chained {
			i = r.nextKeyframe(i)
		}
		if i >= len(r.chunks) {
			c.chunk = len(r.chunks)
			return nil, io.EOF
		}
		c.chunk = i
		raw, err := r.payload(r.chunks[i])
		if err != nil {
			if !errors.Is(err, errChecksum) && !errors.Is(err, errBadRecord) {
				return nil, fmt.Errorf("record: read chunk at byte %d: %w", r.chunks[i].offset, err)
			}
			r.markDamaged(i, err)
			c.chained = false
			continue
		}
		c.d = dec{b: raw}
		c.codec.v1 = r.header.Version < 2
		base := c.d.varint()
		if r.chunks[i].header.flags&flagKeyframe != 0 {
			c.codec.prev = nil
		} else if c.codec.prev == nil || unixNano(c.codec.prev.Taken) != base {
			// The sample this chunk builds on is not the one decoded last: a chunk before it
			// is missing (a damaged stretch the scan skipped).
			r.markDamaged(i, errors.New("the chunk before it is missing"))
			c.chained = false
			continue
		}
		c.left, c.chained = r.chunks[i].header.records, true
	}
}

// nextKeyframe returns the first keyframe chunk at or after i, or len(chunks).
func (r *Reader) nextKeyframe(i int) int {
	for _, k := range r.keyframes {
		if k >= i {
			return k
		}
	}
	return len(r.chunks)
}

// markDamaged notes, once, that chunk i could not be decoded and what is lost with it.
func (r *Reader) markDamaged(i int, err error) {
	if r.damaged[i] {
		return
	}
	r.damaged[i] = true
	h := r.chunks[i].header
	until := "the end"
	untilNS := r.chunks[len(r.chunks)-1].header.t1
	if k := r.nextKeyframe(i + 1); k < len(r.chunks) {
		until = r.offset(r.chunks[k].header.t0)
		untilNS = r.chunks[k].header.t0
	}
	r.addHole(h.t0, h.t1, fmt.Sprintf("the chunk that held this stretch is damaged (%v)", err))
	r.addHole(h.t1, untilNS, "these samples are stored as changes since a damaged chunk, so they cannot be rebuilt")
	r.problem("the chunk at byte %d (%s to %s) is damaged (%v): skipped, with the samples after it up to %s, which depend on it",
		r.chunks[i].offset, r.offset(h.t0), r.offset(h.t1), err, until)
}

// At returns the sample nearest to d after the start, at or before it (the first sample when d
// is before the start, the last when it is past the end). When every sample up to d was lost to
// damage, it returns the first readable one after d. Jumps decode from the nearest keyframe;
// moving forward from the last call decodes only what lies between.
func (r *Reader) At(d time.Duration) (*inspect.Snapshot, error) {
	t := r.chunks[0].header.t0 + int64(max(d, 0))
	if d > r.Duration() {
		t = r.chunks[len(r.chunks)-1].header.t1
	}
	target := r.chunkAt(t)
	k := r.keyframeAt(target)
	c := &r.cur
	reuse := c.last != nil && unixNano(c.last.Taken) <= t && c.chunk >= k && c.chunk <= target+1
	if !reuse {
		c.reset(max(k, 0))
		r.pending = nil
	}
	best := c.last
	for {
		s := r.pending
		r.pending = nil
		if s == nil {
			var err error
			s, err = r.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, err
			}
		}
		if unixNano(s.Taken) > t {
			r.pending = s
			break
		}
		best = s
	}
	if best == nil {
		if r.pending == nil {
			return nil, ErrNoSamples
		}
		best, r.pending = r.pending, nil
	}
	c.last = best
	return best, nil
}

// Next returns the sample after the one At or Next returned last (the first sample on a new
// Reader), and io.EOF after the last one. Playback and export walk a recording with it.
func (r *Reader) Next() (*inspect.Snapshot, error) {
	s := r.pending
	r.pending = nil
	if s == nil {
		var err error
		if s, err = r.next(); err != nil {
			return nil, err
		}
	}
	r.cur.last = s
	return s, nil
}

// Rewind puts the reader back before its first sample.
func (r *Reader) Rewind() {
	r.cur.reset(0)
	r.pending = nil
}
