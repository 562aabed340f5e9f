package model

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// liveSamples takes n samples of this machine, step apart.
func liveSamples(t *testing.T, n int, step time.Duration) []*inspect.Snapshot {
	t.Helper()
	s, err := inspect.NewSampler("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var out []*inspect.Snapshot
	for i := range n + 1 {
		snap, err := s.Sample()
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			out = append(out, snap)
		}
		time.Sleep(step)
	}
	return out
}

// TestRecordThenReplay records live samples through a Recorder, as File → Record does, then
// opens the file as a Replay source and plays it: the source gives the sample at the playback's
// position, says what it is, and has no memory details.
func TestRecordThenReplay(t *testing.T) {
	samples := liveSamples(t, 6, 100*time.Millisecond)
	path := filepath.Join(t.TempDir(), "w.tsrec")
	rec, err := StartRecorder(path, samples[0], 100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range samples {
		rec.Append(s)
	}
	st := rec.Status()
	if !st.Recording || st.Samples != len(samples) || st.Bytes == 0 || !strings.HasPrefix(st.Label(), "REC 0:0") {
		t.Fatalf("while recording: %+v, label %q", st, st.Label())
	}
	if err := rec.Stop(); err != nil {
		t.Fatal(err)
	}
	if rec.Status().Recording {
		t.Fatal("still recording after Stop")
	}
	rec.Append(samples[0]) // ignored once stopped

	p, err := OpenReplay(path)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if len(p.Problems()) > 0 {
		t.Fatalf("problems: %q", p.Problems())
	}
	host := samples[0].Host.Hostname
	if !strings.Contains(p.Title(), "Recording of "+host) {
		t.Fatalf("title %q does not say it is a recording of %s", p.Title(), host)
	}
	pb := p.Playback()
	wall := func(s *inspect.Snapshot) time.Time { return s.Taken.Round(0) }
	for _, i := range []int{0, 3, 5, 1} {
		pb.Seek(wall(samples[i]).Sub(wall(samples[0])))
		got, err := p.Sample()
		if err != nil || !got.Taken.Equal(samples[i].Taken) || len(got.Processes) != len(samples[i].Processes) {
			t.Fatalf("at sample %d: %v, %v", i, got.Taken, err)
		}
	}
	pb.SeekFraction(1)
	if got, _ := p.Sample(); !got.Taken.Equal(samples[len(samples)-1].Taken) {
		t.Fatal("the end of the scrubber is not the last sample")
	}
	if m := p.MemoryOf(samples[0].Processes[0].PID, samples[0].Processes[0].StartTicks); m.Available || m.Reason == "" {
		t.Fatalf("a replay offers memory details: %+v", m)
	}
	if _, err := OpenReplay(filepath.Join(t.TempDir(), "none.tsrec")); err == nil {
		t.Fatal("a missing file opened as a replay")
	}
}

// TestRecorderDiskFull: a write error stops the recording and is shown, not lost.
func TestRecorderDiskFull(t *testing.T) {
	samples := liveSamples(t, 2, 50*time.Millisecond)
	_, err := StartRecorder("/dev/full", samples[0], time.Second)
	if err == nil {
		t.Fatal("recording to /dev/full started")
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("error %v, want ENOSPC", err)
	}
	fw := &failAfter{limit: 4000}
	rec, err := startRecorderOn(fw, samples[0], time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for range 50 {
		rec.Append(samples[1])
		samples[1] = next(samples[1])
	}
	st := rec.Status()
	if st.Recording || !errors.Is(st.Err, syscall.ENOSPC) || !strings.Contains(st.Label(), "recording stopped") {
		t.Fatalf("after the disk filled: %+v, label %q", st, st.Label())
	}
	if err := rec.Stop(); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("Stop after the failure: %v", err)
	}
}

// next returns a copy of s taken a second later.
func next(s *inspect.Snapshot) *inspect.Snapshot {
	c := *s
	c.Taken = c.Taken.Add(time.Second)
	return &c
}

// failAfter accepts limit bytes, then fails as a full disk does.
type failAfter struct {
	n, limit int
}

func (f *failAfter) Write(p []byte) (int, error) {
	if f.n+len(p) > f.limit {
		k := max(f.limit-f.n, 0)
		f.n += k
		return k, syscall.ENOSPC
	}
	f.n += len(p)
	return len(p), nil
}
