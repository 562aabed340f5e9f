package timelinemodel

import (
	"testing"
	"time"

	"github.com/taskscope/taskscope/ui/model/modeltest"
)

// BenchmarkBuildTimeline lays out 50 threads over 60 s, each switching every 1.5 ms (two
// million runs), at the widest and the closest zoom.
func BenchmarkBuildTimeline(b *testing.B) {
	tr := modeltest.BusyTrace(50, 60, 2, 500_000, 1_000_000)
	for _, span := range []time.Duration{time.Minute, time.Second, time.Millisecond} {
		b.Run(span.String(), func(b *testing.B) {
			v := TimelineView{Span: span, Follow: true}
			tb := NewTimelineBuilder() // as the tab keeps one: run sums are made once
			for b.Loop() {
				tb.Build(tr, v, 1600)
			}
		})
	}
}
