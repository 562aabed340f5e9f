package record

import (
	"bytes"
	"os"
	"testing"
	"time"
)

// FuzzReader feeds the reader arbitrary bytes: opening, walking and jumping must end in a
// sample or an error, never a panic or a hang.
func FuzzReader(f *testing.F) {
	samples := synth(9, 12, 400*time.Millisecond)
	good := recordAll(f, samples, Options{Interval: 400 * time.Millisecond, KeyframeEvery: 2 * time.Second})
	f.Add(good)
	f.Add(good[:len(good)-trailerSize])
	f.Add(good[:len(good)/2])
	f.Add(append(bytes.Clone(good[:len(good)/2]), good[len(good)/2+10:]...))
	f.Add([]byte{})
	f.Add(magic[:])
	withDemos, _ := recordWithDemos(f)
	f.Add(withDemos)
	// A version 1 file, whose records lack the fields version 2 added.
	if v1, err := os.ReadFile("testdata/v1.tsrec"); err == nil {
		f.Add(v1)
		f.Add(v1[:len(v1)/2])
	} else {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		defer r.Close()
		r.DemosAt(time.Second)
		r.Gaps()
		for range 200 {
			if _, err := r.Next(); err != nil {
				break
			}
		}
		for _, d := range []time.Duration{0, r.Duration() / 2, r.Duration(), -1, 1 << 62} {
			r.At(d)
		}
		r.Traces()
	})
}

// FuzzDecodePayload feeds arbitrary bytes straight to the payload decoders (samples, trace,
// index), past the checksums that keep FuzzReader's mutations away from them: a record that
// lies about counts, orders or lengths must give an error, never a panic.
func FuzzDecodePayload(f *testing.F) {
	samples := synth(10, 4, time.Second)
	var c sampleEncoder
	full := c.encode(nil, samples[0], true)
	delta := c.encode(nil, samples[1], false)
	f.Add(full, delta)
	f.Add(delta, full)
	f.Add(encodeTrace(syntheticTrace(&samples[0].Processes[0]), 5), []byte{})
	f.Add([]byte{recDelta}, []byte{recFull, 1, 2, 3})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		// A version 1 decoder reads whole records without the version 2 fields.
		var old sampleDecoder
		old.v1 = true
		for in := (dec{b: a}); ; {
			if _, err := old.decode(&in); err != nil {
				break
			}
		}
		var d sampleDecoder
		d.decode(&dec{b: full})
		for _, raw := range [][]byte{a, b} {
			in := dec{b: raw}
			for range 4 {
				if _, err := d.decode(&in); err != nil {
					break
				}
			}
		}
		decodeTrace(a)
		decodeIndex(b, 0, 1<<20)
	})
}
