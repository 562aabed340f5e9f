package model

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/taskscope/taskscope/record"
)

// TestReplayCutEndIsUnknown: a recording cut short inside its last chunk plays up to the end
// of what it lost, and at its end the lanes run up to that moment with the lost stretch
// unknown on every core, not ending at the last sample read as if nothing followed.
func TestReplayCutEndIsUnknown(t *testing.T) {
	var buf bytes.Buffer
	first := fixture(t0, [3]float64{30, 5, 1})
	w, err := record.NewWriter(&buf, first.Host, first.BootTime, record.Options{Interval: time.Second, ChunkSpan: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	// Where each sample's chunk begins: the bytes written before the last chunk's sample.
	var beforeLast int
	for i := range 40 {
		if i == 39 {
			beforeLast = buf.Len()
		}
		if err := w.Append(fixture(t0.Add(time.Duration(i)*time.Second), [3]float64{30, 5, 1})); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// Cut inside the chunk written on close (samples 30 to 39): its header stays, half its
	// payload goes, and the index with it.
	full := buf.Bytes()
	cut := beforeLast + (len(full)-beforeLast)/4
	path := filepath.Join(t.TempDir(), "cut.tsrec")
	if err := os.WriteFile(path, full[:cut], 0o644); err != nil {
		t.Fatal(err)
	}
	rp, err := OpenReplay(path)
	if err != nil {
		t.Fatal(err)
	}
	defer rp.Close()
	gaps := rp.NoData()
	if len(gaps) == 0 {
		t.Fatal("the cut file has no stretch without data")
	}
	tail := gaps[len(gaps)-1]
	end := rp.start.Add(rp.Playback().Duration())
	if !end.Equal(tail.To) {
		t.Fatalf("the replay plays to %v, the lost tail ends at %v", end.Sub(t0), tail.To.Sub(t0))
	}
	// Play every sample into the lanes, then stand at the end.
	m := NewLaneModel()
	m.SetNoData(gaps)
	var newest time.Time
	for d := time.Duration(0); d <= rp.Playback().Duration(); d += time.Second {
		rp.Playback().Seek(d)
		s, err := rp.Sample()
		if err != nil {
			t.Fatal(err)
		}
		if s.Taken.After(newest) {
			m.AddCoarse(s, nil)
			newest = s.Taken
		}
	}
	rp.Playback().Seek(rp.Playback().Duration())
	if !newest.Before(tail.From.Add(time.Second)) {
		t.Fatalf("a sample at %v lies in the lost tail from %v", newest.Sub(t0), tail.From.Sub(t0))
	}
	viewEnd := rp.ViewEnd(newest)
	if !viewEnd.Equal(end) {
		t.Fatalf("at the end the lanes end at %v, want the end of the lost tail %v", viewEnd.Sub(t0), end.Sub(t0))
	}
	for _, r := range m.Window(viewEnd.Add(-LaneSpan), viewEnd, nil) {
		if n := len(r.Unknown); n == 0 || !r.Unknown[n-1].To.Equal(end) || r.Unknown[n-1].From.After(newest) {
			t.Fatalf("core %d: unknown %v; want a stretch from the last sample (%v) to the end (%v)", r.Core, r.Unknown, newest.Sub(t0), end.Sub(t0))
		}
	}
	// Before the cut, the lanes end at the sample shown, as live ones do.
	rp.Playback().Seek(5 * time.Second)
	if at := t0.Add(5 * time.Second); !rp.ViewEnd(at).Equal(at) {
		t.Errorf("inside the readable part the lanes end at %v, not at the sample shown", rp.ViewEnd(at).Sub(t0))
	}
}
