package record

import (
	"errors"
	"io"
	"testing"
	"time"
)

// TestRoundTripSynthetic writes samples full of every kind of change and reads each back, in
// order and by jumps, as it was written.
func TestRoundTripSynthetic(t *testing.T) {
	samples := synth(1, 300, 250*time.Millisecond)
	b := recordAll(t, samples, Options{Interval: 250 * time.Millisecond, KeyframeEvery: 10 * time.Second})
	r := openBytes(t, b)
	if !r.Indexed() || len(r.Problems()) != 0 {
		t.Fatalf("a closed recording should open by its index without problems: %v", r.Problems())
	}
	if r.Samples() != len(samples) {
		t.Fatalf("%d samples read, %d written", r.Samples(), len(samples))
	}
	if want := samples[len(samples)-1].Taken.Sub(samples[0].Taken); r.Duration() != want {
		t.Fatalf("duration %v, want %v", r.Duration(), want)
	}
	for i, want := range samples {
		got, err := r.Next()
		if err != nil {
			t.Fatalf("sample %d: %v", i, err)
		}
		sameSample(t, "in order", want, got)
	}
	if _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Fatalf("after the last sample: %v, want io.EOF", err)
	}
	// Jumps back and forth, to a sample's own time and to just before the next.
	for _, i := range []int{299, 0, 150, 151, 37, 260, 5, 200, 199} {
		d := samples[i].Taken.Sub(samples[0].Taken)
		for _, at := range []time.Duration{d, d + 249*time.Millisecond} {
			got, err := r.At(at)
			if err != nil {
				t.Fatal(err)
			}
			sameSample(t, "jump", samples[i], got)
		}
	}
	// Past the end and before the start.
	if got, _ := r.At(time.Hour); !got.Taken.Equal(samples[299].Taken) {
		t.Fatalf("past the end gave %v", got.Taken)
	}
	if got, _ := r.At(-time.Hour); !got.Taken.Equal(samples[0].Taken) {
		t.Fatalf("before the start gave %v", got.Taken)
	}
}
