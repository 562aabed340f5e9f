package model

import (
	"testing"
	"time"
)

// TestLanesNoData: a stretch without data (a recording's damaged chunk) is unknown on every
// lane, and no sampled segment is drawn inside it.
func TestLanesNoData(t *testing.T) {
	m := NewLaneModel()
	for i := 0; i <= 20; i++ {
		m.AddCoarse(fixture(t0.Add(time.Duration(i)*time.Second), [3]float64{30, 5, 1}), nil)
	}
	gapFrom, gapTo := t0.Add(5*time.Second), t0.Add(9*time.Second)
	m.SetNoData([]LaneStretch{{From: gapFrom, To: gapTo}, {From: t0.Add(-time.Hour), To: t0.Add(-time.Minute)}})
	rows := m.Window(t0, t0.Add(20*time.Second), nil)
	if len(rows) == 0 {
		t.Fatal("no lanes")
	}
	for _, r := range rows {
		if len(r.Unknown) != 1 || !r.Unknown[0].From.Equal(gapFrom) || !r.Unknown[0].To.Equal(gapTo) {
			t.Fatalf("core %d: unknown %v, want one stretch from 5 s to 9 s", r.Core, r.Unknown)
		}
		drawn := false
		for _, s := range r.Segs {
			if s.From.Before(gapTo) && gapFrom.Before(s.To) {
				t.Fatalf("core %d: a segment of %s (%v to %v) is drawn inside the stretch without data", r.Core, s.Name, s.From, s.To)
			}
			drawn = true
		}
		if !drawn && r.Core == 0 {
			t.Fatalf("core 0 has no segment at all: the test would prove nothing")
		}
	}
}
