package record

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// readAll walks a reader from its first sample and returns every sample it gives.
func readAll(t *testing.T, r *Reader) []*inspect.Snapshot {
	t.Helper()
	r.Rewind()
	var out []*inspect.Snapshot
	for {
		s, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
}

func hasProblem(r *Reader, words string) bool {
	for _, p := range r.Problems() {
		if strings.Contains(p, words) {
			return true
		}
	}
	return false
}

// TestTruncated cuts a recording at many points, as a full disk or a SIGKILL would: each cut
// replays every sample of its complete chunks, and says where it stopped.
func TestTruncated(t *testing.T) {
	samples := synth(2, 120, 500*time.Millisecond)
	b := recordAll(t, samples, Options{Interval: 500 * time.Millisecond, KeyframeEvery: 5 * time.Second})
	full := openBytes(t, b)
	first := full.chunks[0].offset
	cuts := []int64{1, 5, 13, first - 1, first, first + 7, first + chunkHeaderSize + 3}
	for _, c := range full.chunks[1:] {
		cuts = append(cuts, c.offset, c.offset+2, c.offset+chunkHeaderSize+1)
	}
	cuts = append(cuts, int64(len(b))-trailerSize, int64(len(b))-3)
	for _, cut := range cuts {
		r, err := NewReader(bytes.NewReader(b[:cut]), cut)
		// Complete chunks before the cut.
		var want []*inspect.Snapshot
		n := 0
		for _, c := range full.chunks {
			if c.offset+chunkHeaderSize+int64(c.header.length) <= cut {
				want = samples[:n+int(c.header.records)]
			}
			n += int(c.header.records)
		}
		switch {
		case cut < first:
			if !errors.Is(err, ErrNotRecording) && !errors.Is(err, ErrNoSamples) {
				t.Fatalf("cut at %d, inside the header: %v", cut, err)
			}
			continue
		case len(want) == 0:
			if !errors.Is(err, ErrNoSamples) {
				t.Fatalf("cut at %d, before the first whole chunk: %v, want ErrNoSamples", cut, err)
			}
			continue
		case err != nil:
			t.Fatalf("cut at %d: %v", cut, err)
		}
		got := readAll(t, r)
		if len(got) != len(want) {
			t.Fatalf("cut at %d: %d samples replayed, %d were in complete chunks", cut, len(got), len(want))
		}
		for i := range got {
			sameSample(t, "truncated", want[i], got[i])
		}
		if cut < int64(len(b))-trailerSize && !hasProblem(r, "cut short at byte") && !hasProblem(r, "no index") {
			t.Fatalf("cut at %d: no word of where it stopped: %q", cut, r.Problems())
		}
		if last, _ := r.At(time.Hour); !last.Taken.Equal(want[len(want)-1].Taken) {
			t.Fatalf("cut at %d: the end is %v, want %v", cut, last.Taken, want[len(want)-1].Taken)
		}
	}
}

// TestTruncatedSaysWhereTheReplayEnds: a file cut inside a chunk of samples replays on to the
// end of what it lost (drawn as no data), and the sentence that reports the cut names that end
// as well as the last sample's, so the scrubber running past the samples is no surprise.
func TestTruncatedSaysWhereTheReplayEnds(t *testing.T) {
	samples := synth(3, 60, 500*time.Millisecond)
	b := recordAll(t, samples, Options{Interval: 500 * time.Millisecond, KeyframeEvery: 5 * time.Second})
	full := openBytes(t, b)
	if len(full.chunks) < 3 {
		t.Fatalf("want at least 3 chunks to cut one, got %d", len(full.chunks))
	}
	for _, c := range full.chunks[1:] {
		for _, cut := range []int64{c.offset + chunkHeaderSize + 1, c.offset + 2} {
			r, err := NewReader(bytes.NewReader(b[:cut]), cut)
			if err != nil {
				t.Fatalf("cut at %d: %v", cut, err)
			}
			gaps := r.Gaps()
			if len(gaps) == 0 {
				t.Fatalf("cut at %d: no stretch without data at the end", cut)
			}
			lostTo := r.offset(gaps[len(gaps)-1].To.UnixNano())
			samplesEnd := r.offset(r.chunks[len(r.chunks)-1].header.t1)
			want := "its samples end at " + samplesEnd + "; the lost stretch after them, to " + lostTo + ", replays as no data"
			if cut < c.offset+chunkHeaderSize {
				// The cut chunk's header is incomplete: its times are not known.
				want = "its samples end at " + samplesEnd + "; how long it went on is not known, so one chunk's span, to " + lostTo + ", replays as no data"
			}
			if !hasProblem(r, want) {
				t.Fatalf("cut at %d: want %q among %q", cut, want, r.Problems())
			}
		}
	}
}

// TestDamagedChunk flips bytes in one chunk: it is skipped with a message, with the samples
// that depend on it up to the next keyframe, and every other sample reads as written.
func TestDamagedChunk(t *testing.T) {
	samples := synth(3, 80, time.Second)
	clean := recordAll(t, samples, Options{Interval: time.Second, KeyframeEvery: 10 * time.Second})
	full := openBytes(t, clean)
	const bad = 13 // a chunk in the middle of the second keyframe group
	if full.chunks[bad].header.flags&flagKeyframe != 0 {
		t.Fatal("test assumes chunk 13 is not a keyframe")
	}
	for _, mode := range []string{"payload, with index", "payload, no index", "header, no index"} {
		b := bytes.Clone(clean)
		c := full.chunks[bad]
		if strings.HasPrefix(mode, "header") {
			b[c.offset+14] ^= 0xff
		} else {
			b[c.offset+chunkHeaderSize+int64(c.header.length)/2] ^= 0x55
		}
		if strings.HasSuffix(mode, "no index") {
			b = b[:len(b)-trailerSize+4] // a broken trailer: the file is scanned
		}
		r := openBytes(t, b)
		got := readAll(t, r)
		// Lost: chunk 13 up to the next keyframe (chunk 20, at 20 s).
		var want []*inspect.Snapshot
		for i, s := range samples {
			if i < bad || i >= 20 {
				want = append(want, s)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d samples, want %d; problems: %q", mode, len(got), len(want), r.Problems())
		}
		for i := range got {
			sameSample(t, mode, want[i], got[i])
		}
		if !hasProblem(r, "damaged") {
			t.Fatalf("%s: no message about the damage: %q", mode, r.Problems())
		}
		// A jump into the lost stretch gives the last sample before it.
		s, err := r.At(15 * time.Second)
		if err != nil || !s.Taken.Equal(samples[bad-1].Taken) {
			t.Fatalf("%s: At(15s) = %v, %v; want the sample at 12 s", mode, s.Taken, err)
		}
	}
}

// TestBadFiles: random bytes, an empty file, a newer version, a header and nothing else: one
// clear error each, never a panic.
func TestBadFiles(t *testing.T) {
	good := recordAll(t, synth(4, 5, time.Second), Options{})
	newer := bytes.Clone(good)
	binary.LittleEndian.PutUint16(newer[8:], Version+1)
	noise := make([]byte, 4096)
	rand.NewChaCha8([32]byte{1, 2}).Read(noise)
	headerOnly := good[:openBytes(t, good).dataStart]
	badHeader := bytes.Clone(good)
	badHeader[20] ^= 1
	cases := []struct {
		name string
		b    []byte
		want error
		says string
	}{
		{"empty", nil, ErrEmpty, "empty"},
		{"random bytes", noise, ErrNotRecording, "not a Taskscope recording"},
		{"text", []byte("hello, world\n"), ErrNotRecording, "not a Taskscope recording"},
		{"newer version", newer, ErrNewerVersion, fmt.Sprintf("the file is version %d", Version+1)},
		{"header only", headerOnly, ErrNoSamples, "no readable sample"},
		{"damaged header", badHeader, ErrNotRecording, "damaged"},
		{"magic only", good[:8], ErrNotRecording, "ends inside its header"},
	}
	for _, c := range cases {
		_, err := NewReader(bytes.NewReader(c.b), int64(len(c.b)))
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v, want %v saying %q", c.name, err, c.want, c.says)
		}
	}
	dir := t.TempDir()
	if _, err := Open(dir); err == nil {
		t.Error("a directory opened as a recording")
	}
	if _, err := Open(dir + "/missing.tsrec"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// failAfter accepts limit bytes, then fails as a full disk does: a short write with ENOSPC.
type failAfter struct {
	bytes.Buffer
	limit int
}

func (f *failAfter) Write(p []byte) (int, error) {
	room := f.limit - f.Len()
	if room >= len(p) {
		return f.Buffer.Write(p)
	}
	f.Buffer.Write(p[:max(room, 0)])
	return max(room, 0), syscall.ENOSPC
}

// TestDiskFull: a write error stops the recording with that error, later appends say it
// stopped, and what reached the disk replays up to its last complete chunk.
func TestDiskFull(t *testing.T) {
	samples := synth(5, 60, time.Second)
	whole := recordAll(t, samples, Options{Interval: time.Second})
	for _, limit := range []int{len(whole) / 3, len(whole) / 2, len(whole) - 100} {
		fw := &failAfter{limit: limit}
		w, err := NewWriter(fw, samples[0].Host, samples[0].BootTime, Options{Interval: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		var stopErr error
		kept := 0
		for _, s := range samples {
			if stopErr = w.Append(s); stopErr != nil {
				break
			}
			kept++
		}
		if stopErr == nil {
			stopErr = w.Close()
		}
		if !errors.Is(stopErr, syscall.ENOSPC) {
			t.Fatalf("limit %d: %v, want ENOSPC", limit, stopErr)
		}
		if err := w.Append(samples[0]); !errors.Is(err, ErrStopped) {
			t.Fatalf("append after the failure: %v, want ErrStopped", err)
		}
		if err := w.Close(); err != nil && !errors.Is(err, ErrStopped) {
			t.Fatalf("close after the failure: %v", err)
		}
		r := openBytes(t, fw.Bytes())
		got := readAll(t, r)
		if len(got) == 0 || len(got) > kept {
			t.Fatalf("limit %d: %d samples replayed, %d appended before the failure", limit, len(got), kept)
		}
		for i := range got {
			sameSample(t, "disk full", samples[i], got[i])
		}
		if !hasProblem(r, "cut short") {
			t.Fatalf("limit %d: no word of the cut: %q", limit, r.Problems())
		}
	}
}

// TestOutOfOrder: a sample taken before the one before it is refused with ErrOutOfOrder and
// the recording goes on.
func TestOutOfOrder(t *testing.T) {
	samples := synth(7, 4, time.Second)
	var buf bytes.Buffer
	w, _ := NewWriter(&buf, samples[0].Host, samples[0].BootTime, Options{})
	w.Append(samples[0])
	w.Append(samples[2])
	if err := w.Append(samples[1]); !errors.Is(err, ErrOutOfOrder) {
		t.Fatalf("a sample from the past: %v, want ErrOutOfOrder", err)
	}
	if err := w.Append(samples[3]); err != nil {
		t.Fatalf("the recording did not go on: %v", err)
	}
	w.Close()
	if got := len(readAll(t, openBytes(t, buf.Bytes()))); got != 3 {
		t.Fatalf("%d samples, want 3", got)
	}
}

// TestDevFull records to /dev/full, the kernel's always-full device.
func TestDevFull(t *testing.T) {
	s := synth(6, 1, time.Second)[0]
	w, err := Create("/dev/full", s.Host, s.BootTime, Options{})
	if err == nil {
		err = w.Append(s)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("recording to /dev/full: %v, want ENOSPC", err)
	}
}
