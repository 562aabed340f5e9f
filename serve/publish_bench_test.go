package serve

import (
	"testing"
	"time"
)

// BenchmarkPublish is what the stream costs the agent each interval: a fresh sample and its
// framing as an event.
func BenchmarkPublish(b *testing.B) {
	src, err := newSource("/proc", time.Millisecond)
	if err != nil {
		b.Fatal(err)
	}
	src.snapshot(0)
	var size int
	for b.Loop() {
		snap, err := src.snapshot(0)
		if err != nil {
			b.Fatal(err)
		}
		size = len(snapshotFrame(1, snap, size))
	}
	b.ReportMetric(float64(size), "bytes")
}

// BenchmarkSampleOnly is the sample alone, to tell its share of BenchmarkPublish.
func BenchmarkSampleOnly(b *testing.B) {
	src, err := newSource("/proc", time.Millisecond)
	if err != nil {
		b.Fatal(err)
	}
	src.snapshot(0)
	for b.Loop() {
		if _, err := src.snapshot(0); err != nil {
			b.Fatal(err)
		}
	}
}
