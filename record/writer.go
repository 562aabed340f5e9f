package record

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/taskscope/taskscope/inspect"
)

// Defaults of Options.
const (
	// DefaultKeyframeEvery trades size against the cost of a jump: a jump decodes at most this
	// much, and a damaged chunk loses at most this much after it.
	DefaultKeyframeEvery = 30 * time.Second
	// DefaultChunkSpan is how much a chunk holds: what a crash may lose.
	DefaultChunkSpan = time.Second
)

// ErrStopped means an earlier write failed, so the recording stopped; the file holds what was
// written before.
var ErrStopped = errors.New("recording stopped after a write error")

// ErrOutOfOrder means a sample was not taken after the one before it (the wall clock was set
// back, say). The sample is left out; the recording goes on.
var ErrOutOfOrder = errors.New("sample does not follow the previous one")

// Options tune a Writer. The zero value records with the defaults.
type Options struct {
	// Interval is the sampling interval, written to the header and used to decide when a chunk
	// is full; zero takes it from the samples.
	Interval time.Duration
	// Filter is the text the samples were filtered by, for the header.
	Filter string
	// KeyframeEvery is the time between full samples (DefaultKeyframeEvery when zero).
	KeyframeEvery time.Duration
	// ChunkSpan is the time one chunk covers (DefaultChunkSpan when zero).
	ChunkSpan time.Duration
}

// Writer appends samples to a recording. It is for one goroutine. A write error stops it: the
// error is returned, every later call returns ErrStopped, and the bytes written so far stay a
// readable recording (up to the last whole chunk).
type Writer struct {
	w      io.Writer
	closer io.Closer
	opts   Options
	zenc   *zstd.Encoder
	codec  sampleEncoder

	written int64
	err     error
	closed  bool

	// The chunk being filled: its records, raw, and their times.
	raw       []byte
	records   uint32
	t0, t1    int64
	keyframe  bool
	lastKey   int64
	lastTaken int64
	samples   int
	index     []indexEntry
	frame     []byte
	// monoToUnix gives the offset from CLOCK_MONOTONIC to Unix time for traces (nil: the
	// clocks now); tests fix it.
	monoToUnix func() int64
	// demoEvents are the demo events not yet written (see AppendDemoEvent).
	demoEvents []DemoEvent
}

// Create creates (or truncates) the file at path and writes a recording's header to it, taken
// from host facts and the time now.
func Create(path string, host inspect.Host, boot time.Time, opts Options) (*Writer, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("record: %w", err)
	}
	w, err := NewWriter(f, host, boot, opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	w.closer = f
	return w, nil
}

// NewWriter starts a recording on w, writing its header at once. Close does not close w.
func NewWriter(w io.Writer, host inspect.Host, boot time.Time, opts Options) (*Writer, error) {
	if opts.KeyframeEvery <= 0 {
		opts.KeyframeEvery = DefaultKeyframeEvery
	}
	if opts.ChunkSpan <= 0 {
		opts.ChunkSpan = DefaultChunkSpan
	}
	zenc, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithEncoderLevel(zstd.SpeedDefault))
	if err != nil {
		return nil, fmt.Errorf("record: zstd: %w", err)
	}
	rw := &Writer{w: w, opts: opts, zenc: zenc}
	h := Header{Hostname: host.Hostname, Kernel: host.Kernel, CPUModel: host.CPUModel,
		LogicalCores: host.LogicalCores, Start: time.Now(), BootTime: boot, Interval: opts.Interval,
		KeyframeEvery: opts.KeyframeEvery, Filter: opts.Filter, Writer: "taskscope"}
	b, err := encodeHeader(h)
	if err != nil {
		return nil, err
	}
	if err := rw.write(b); err != nil {
		return nil, err
	}
	return rw, nil
}

// Size returns the bytes written to the file so far.
func (w *Writer) Size() int64 { return w.written }

// Samples returns how many samples were appended.
func (w *Writer) Samples() int { return w.samples }

// Err returns the write error that stopped the recording, or nil.
func (w *Writer) Err() error { return w.err }

// Append adds one sample. Samples must come in the order they were taken. A chunk is written
// once it spans the chunk span, so at most that much is lost when the process dies.
func (w *Writer) Append(snap *inspect.Snapshot) error {
	if w.err != nil {
		return fmt.Errorf("record: %w: %w", ErrStopped, w.err)
	}
	if w.closed {
		return errors.New("record: append after close")
	}
	taken := unixNano(snap.Taken)
	if taken == 0 || (w.samples > 0 && taken <= w.lastTaken) {
		return fmt.Errorf("record: sample taken at %v: %w", snap.Taken, ErrOutOfOrder)
	}
	if w.records == 0 {
		w.t0 = taken
		w.keyframe = w.samples == 0 || taken-w.lastKey >= int64(w.opts.KeyframeEvery)
		if w.keyframe {
			w.lastKey = taken
			w.codec.reset()
		}
		// Every samples chunk opens with the time of the sample its first delta applies to
		// (0 in a keyframe chunk), so a reader notices when a chunk before it went missing.
		var base int64
		if !w.keyframe {
			base = w.lastTaken
		}
		w.raw = binary.AppendVarint(w.raw[:0], base)
	}
	w.raw = w.codec.encode(w.raw, snap, w.keyframe && w.records == 0)
	w.records++
	w.t1 = taken
	w.lastTaken = taken
	w.samples++
	// The next sample is expected an interval from now: the one asked for, or the one just
	// seen when longer (a window whose refresh was slowed), so a slow pace never holds a sample
	// back for more than the chunk span.
	next := max(w.opts.Interval, snap.Interval)
	if taken+int64(next)-w.t0 >= int64(w.opts.ChunkSpan) {
		return w.flush()
	}
	return nil
}

// Flush writes the samples not yet in a chunk.
func (w *Writer) Flush() error {
	if w.err != nil {
		return fmt.Errorf("record: %w: %w", ErrStopped, w.err)
	}
	return w.flush()
}

func (w *Writer) flush() error {
	if err := w.flushDemoEvents(); err != nil {
		return err
	}
	if w.records == 0 {
		return nil
	}
	var flags byte
	if w.keyframe {
		flags = flagKeyframe
	}
	err := w.writeChunk(kindSamples, flags, w.records, w.t0, w.t1, w.raw)
	w.raw, w.records = w.raw[:0], 0
	return err
}

// writeChunk compresses raw and writes it as one chunk, header and payload in a single write so
// that a failure leaves at most one incomplete chunk at the end of the file.
func (w *Writer) writeChunk(kind, flags byte, records uint32, t0, t1 int64, raw []byte) error {
	at := w.written
	w.frame = w.frame[:0]
	w.frame = append(w.frame, make([]byte, chunkHeaderSize)...)
	w.frame = w.zenc.EncodeAll(raw, w.frame)
	payload := w.frame[chunkHeaderSize:]
	if len(payload) > maxPayload {
		return fmt.Errorf("record: a chunk of %d bytes is larger than the format allows", len(payload))
	}
	h := chunkHeader{kind: kind, flags: flags, records: records, t0: t0, t1: t1,
		length: uint32(len(payload)), crc: checksum(payload)}
	h.put(w.frame[:chunkHeaderSize])
	if err := w.write(w.frame); err != nil {
		return err
	}
	if kind != kindIndex {
		w.index = append(w.index, indexEntry{offset: at, header: h})
	}
	return nil
}

// write writes b whole or stops the recording.
func (w *Writer) write(b []byte) error {
	n, err := w.w.Write(b)
	w.written += int64(n)
	if err == nil && n < len(b) {
		err = io.ErrShortWrite
	}
	if err != nil {
		w.err = err
		return fmt.Errorf("record: write failed, recording stopped (%d bytes kept): %w", w.written, err)
	}
	return nil
}

// Close writes what is pending, then the index and the trailer, and closes the file when Create
// opened it. After a write error it only closes the file and returns that error: the file is
// still readable, by a scan instead of its index.
func (w *Writer) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	var err error
	if w.err == nil {
		err = w.flush()
	}
	if err == nil && w.err == nil {
		err = w.writeIndex()
	}
	if w.err != nil && err == nil {
		err = fmt.Errorf("record: %w: %w", ErrStopped, w.err)
	}
	w.zenc.Close()
	if w.closer != nil {
		if cerr := w.closer.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("record: close: %w", cerr)
		}
	}
	return err
}
