package record

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/taskscope/taskscope/inspect"
)

// Reader reads a recording: its header, and the sample at any moment, through the index (or a
// scan of the chunk headers when the file was cut short). It is for one goroutine; the Snapshots
// it returns are read-only and may go anywhere.
type Reader struct {
	ra     io.ReaderAt
	size   int64
	closer io.Closer
	name   string

	header    Header
	dataStart int64
	// chunks are the samples chunks, in time order; traces the trace chunks.
	chunks []indexEntry
	traces []indexEntry
	// keyframes holds the positions in chunks of the keyframe chunks.
	keyframes []int
	indexed   bool
	problems  []string
	damaged   map[int]bool
	// demoChunks are the chunks of demo events; demoEvents what they hold, once read.
	demoChunks []indexEntry
	demoEvents []DemoEvent
	// holes are the stretches whose samples were lost, as far as the reader found them.
	holes []hole

	zdec *zstd.Decoder
	cur  cursor
	// pending is a sample decoded past the moment asked for, kept for the next call.
	pending *inspect.Snapshot
}

// Open opens the recording at path. Random bytes, an empty file or a newer format version give
// one error saying so (ErrNotRecording, ErrEmpty, ErrNewerVersion); a file cut short or damaged
// opens, and Problems says what was lost.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("record: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("record: %w", err)
	}
	if st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("record: %s is a directory", path)
	}
	r, err := NewReader(f, st.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("record: %s: %w", path, err)
	}
	r.closer, r.name = f, path
	return r, nil
}

// NewReader reads a recording of size bytes from ra.
func NewReader(ra io.ReaderAt, size int64) (*Reader, error) {
	if size == 0 {
		return nil, ErrEmpty
	}
	zdec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxRaw))
	if err != nil {
		return nil, fmt.Errorf("zstd: %w", err)
	}
	r := &Reader{ra: ra, size: size, zdec: zdec, damaged: map[int]bool{}}
	if err := r.readHeader(); err != nil {
		zdec.Close()
		return nil, err
	}
	if !r.readIndex() {
		if err := r.scan(); err != nil {
			zdec.Close()
			return nil, err
		}
	}
	if len(r.chunks) == 0 {
		zdec.Close()
		if len(r.problems) > 0 {
			return nil, fmt.Errorf("%w (%s)", ErrNoSamples, r.problems[0])
		}
		return nil, ErrNoSamples
	}
	r.cur.reset(0)
	return r, nil
}

// Close releases the file.
func (r *Reader) Close() error {
	r.zdec.Close()
	if r.closer != nil {
		return r.closer.Close()
	}
	return nil
}

// Header returns the recording's header.
func (r *Reader) Header() Header { return r.header }

// Start returns the time of the first sample; At counts from it.
func (r *Reader) Start() time.Time { return fromUnixNano(r.chunks[0].header.t0) }

// Duration returns the time from the first sample to the last.
func (r *Reader) Duration() time.Duration {
	return time.Duration(r.chunks[len(r.chunks)-1].header.t1 - r.chunks[0].header.t0)
}

// Samples returns how many samples the readable chunks hold.
func (r *Reader) Samples() int {
	n := 0
	for _, c := range r.chunks {
		n += int(c.header.records)
	}
	return n
}

// Indexed reports whether the file was closed properly, with its index; a file without one was
// cut short and was read by scanning.
func (r *Reader) Indexed() bool { return r.indexed }

// Problems returns what was found wrong so far, one sentence each: where a file cut short
// stops, which damaged chunks were skipped. Damage inside a chunk is found when it is decoded.
func (r *Reader) Problems() []string { return r.problems }

func (r *Reader) problem(format string, args ...any) {
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
}

// offset formats a time in the recording as an offset from its start, as --at takes it.
func (r *Reader) offset(ns int64) string {
	if len(r.chunks) == 0 {
		return "?"
	}
	return time.Duration(ns - r.chunks[0].header.t0).Round(time.Millisecond).String()
}

func (r *Reader) readHeader() error {
	pre := make([]byte, min(r.size, preambleSize))
	if _, err := r.ra.ReadAt(pre, 0); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	version, n, err := decodeHeaderPreamble(pre)
	if err != nil {
		return err
	}
	end := int64(preambleSize) + int64(n) + 4
	if end > r.size {
		return fmt.Errorf("%w: the file ends inside its header", ErrNotRecording)
	}
	body := make([]byte, n+4)
	if _, err := r.ra.ReadAt(body, preambleSize); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	sum := uint32(body[n]) | uint32(body[n+1])<<8 | uint32(body[n+2])<<16 | uint32(body[n+3])<<24
	r.header, err = decodeHeaderBody(body[:n], sum, version)
	r.dataStart = end
	return err
}

// readIndex reads the index a closed file ends with, and reports whether it could.
func (r *Reader) readIndex() bool {
	if r.size < r.dataStart+chunkHeaderSize+trailerSize {
		return false
	}
	var tr [trailerSize]byte
	if _, err := r.ra.ReadAt(tr[:], r.size-trailerSize); err != nil {
		return false
	}
	at, ok := parseTrailer(tr[:])
	if !ok || at < r.dataStart || at > r.size-trailerSize-chunkHeaderSize {
		return false
	}
	h, ok := r.readChunkHeader(at)
	if !ok || h.kind != kindIndex || at+chunkHeaderSize+int64(h.length) != r.size-trailerSize {
		return false
	}
	raw, err := r.payload(indexEntry{offset: at, header: h})
	if err != nil {
		return false
	}
	entries, err := decodeIndex(raw, r.dataStart, at)
	if err != nil {
		return false
	}
	r.indexed = true
	r.sortOut(entries)
	return true
}

func (r *Reader) readChunkHeader(at int64) (chunkHeader, bool) {
	var b [chunkHeaderSize]byte
	if at < 0 || at+chunkHeaderSize > r.size {
		return chunkHeader{}, false
	}
	if _, err := r.ra.ReadAt(b[:], at); err != nil {
		return chunkHeader{}, false
	}
	return parseChunkHeader(b[:])
}

// scan walks the chunk headers from the start, skipping payloads, to rebuild the index of a file
// that has none. Damaged stretches are skipped to the next valid chunk header; a chunk that
// runs past the end of the file ends the scan.
func (r *Reader) scan() error {
	var entries []indexEntry
	off := r.dataStart
	cut := int64(-1)
	for off < r.size {
		if r.size-off == trailerSize {
			var tr [trailerSize]byte
			if _, err := r.ra.ReadAt(tr[:], off); err == nil {
				if _, ok := parseTrailer(tr[:]); ok {
					break
				}
			}
		}
		h, ok := r.readChunkHeader(off)
		if !ok {
			if r.size-off < chunkHeaderSize && isPartialHeader(r.peek(off, chunkHeaderSize)) {
				cut = off
				break
			}
			next, err := r.resync(off + 1)
			if err != nil {
				return err
			}
			if next < 0 {
				r.problem("bytes %d to %d (the end) are not a chunk: skipped", off, r.size)
				break
			}
			r.problem("bytes %d to %d are damaged: skipped", off, next)
			off = next
			continue
		}
		end := off + chunkHeaderSize + int64(h.length)
		if end > r.size {
			cut = off
			break
		}
		entries = append(entries, indexEntry{offset: off, header: h})
		off = end
	}
	r.sortOut(entries)
	if cut >= 0 {
		lostTo, known := r.cutHole(cut)
		if len(r.chunks) == 0 {
			r.problem("the recording was cut short at byte %d of %d, before its first complete chunk", cut, r.size)
		} else {
			// The replay runs on to the end of the lost stretch, drawn without data: the
			// sentence says both ends, so the scrubber's length is no surprise. It is kept
			// short enough for the window's status line at 1280 pixels.
			samplesEnd := r.offset(r.chunks[len(r.chunks)-1].header.t1)
			var rest string
			switch {
			case lostTo > 0 && !known:
				rest = fmt.Sprintf("its samples end at %s; how long it went on is not known, so one chunk's span, to %s, replays as no data", samplesEnd, r.offset(lostTo))
			case lostTo > 0:
				rest = fmt.Sprintf("its samples end at %s; the lost stretch after them, to %s, replays as no data", samplesEnd, r.offset(lostTo))
			default:
				rest = fmt.Sprintf("it replays up to %s, the end of its last complete chunk", samplesEnd)
			}
			r.problem("the recording was cut short at byte %d of %d (a chunk is incomplete): %s", cut, r.size, rest)
		}
	} else if len(entries) > 0 {
		r.problem("the recording has no index (it was not closed properly); its chunks were found by a scan")
	}
	return nil
}

// peek returns up to n bytes at off, fewer at the end of the file.
func (r *Reader) peek(off int64, n int) []byte {
	b := make([]byte, min(int64(n), r.size-off))
	k, _ := r.ra.ReadAt(b, off)
	return b[:k]
}

// isPartialHeader reports whether b could be the start of a chunk header that the file ends in.
func isPartialHeader(b []byte) bool {
	if len(b) >= 4 {
		return [4]byte(b[:4]) == chunkMark
	}
	return bytes.HasPrefix(chunkMark[:], b)
}

// resync finds the next valid chunk header at or after off, or -1.
func (r *Reader) resync(off int64) (int64, error) {
	buf := make([]byte, 64<<10)
	for off < r.size {
		n, err := r.ra.ReadAt(buf, off)
		if err != nil && !errors.Is(err, io.EOF) {
			return -1, err
		}
		if n == 0 {
			break
		}
		b := buf[:n]
		for i := 0; ; {
			j := bytes.Index(b[i:], chunkMark[:])
			if j < 0 {
				break
			}
			at := off + int64(i+j)
			if _, ok := r.readChunkHeader(at); ok {
				return at, nil
			}
			i += j + 1
		}
		if n < len(buf) {
			break
		}
		off += int64(n - len(chunkMark) + 1)
	}
	return -1, nil
}

// sortOut files the entries as samples or trace chunks, dropping samples chunks whose times go
// back (a damaged index or file).
func (r *Reader) sortOut(entries []indexEntry) {
	for _, e := range entries {
		switch e.header.kind {
		case kindSamples:
			if e.header.records == 0 {
				continue
			}
			if n := len(r.chunks); n > 0 && e.header.t0 <= r.chunks[n-1].header.t1 {
				r.problem("the chunk at byte %d goes back in time: skipped", e.offset)
				continue
			}
			if e.header.flags&flagKeyframe != 0 {
				r.keyframes = append(r.keyframes, len(r.chunks))
			}
			r.chunks = append(r.chunks, e)
		case kindTrace:
			r.traces = append(r.traces, e)
		case kindDemoEvents:
			r.demoChunks = append(r.demoChunks, e)
		}
	}
}

// payload reads, checks and decompresses one chunk's payload.
func (r *Reader) payload(e indexEntry) ([]byte, error) {
	b := make([]byte, e.header.length)
	if _, err := r.ra.ReadAt(b, e.offset+chunkHeaderSize); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if checksum(b) != e.header.crc {
		return nil, errChecksum
	}
	raw, err := r.zdec.DecodeAll(b, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errBadRecord, err)
	}
	return raw, nil
}

// errChecksum means a chunk's payload does not match its checksum.
var errChecksum = errors.New("checksum mismatch")

// chunkAt returns the position in chunks of the last chunk starting at or before ns (0 when ns
// is before the first).
func (r *Reader) chunkAt(ns int64) int {
	i := sort.Search(len(r.chunks), func(i int) bool { return r.chunks[i].header.t0 > ns })
	return max(i-1, 0)
}

// keyframeAt returns the last keyframe chunk at or before chunk c, or -1.
func (r *Reader) keyframeAt(c int) int {
	i := sort.SearchInts(r.keyframes, c+1)
	if i == 0 {
		return -1
	}
	return r.keyframes[i-1]
}
