package record

import (
	"encoding/binary"
	"fmt"
)

// indexEntry is what the index says of one chunk: where it is and its header.
type indexEntry struct {
	offset int64
	header chunkHeader
}

// writeIndex writes the index chunk (every chunk's offset, kind, flags, record count, times,
// length and checksum) and the trailer that points to it.
func (w *Writer) writeIndex() error {
	e := enc{}
	e.uvarint(uint64(len(w.index)))
	var prevOff, prevT int64
	for _, x := range w.index {
		h := x.header
		e.varint(x.offset - prevOff)
		prevOff = x.offset
		e.byte1(h.kind)
		e.byte1(h.flags)
		e.uvarint(uint64(h.records))
		e.varint(h.t0 - prevT)
		prevT = h.t0
		e.uvarint(uint64(h.t1 - h.t0))
		e.uvarint(uint64(h.length))
		e.b = binary.LittleEndian.AppendUint32(e.b, h.crc)
	}
	var t0, t1 int64
	if len(w.index) > 0 {
		t0, t1 = w.index[0].header.t0, w.index[len(w.index)-1].header.t1
	}
	at := w.written
	if err := w.writeChunk(kindIndex, 0, uint32(len(w.index)), t0, max(t0, t1), e.b); err != nil {
		return err
	}
	var tr [trailerSize]byte
	putTrailer(tr[:], at)
	return w.write(tr[:])
}

// decodeIndex parses an index payload. Entries must lie inside the file, in order, and not
// overlap: an index that says otherwise is not used (the file is scanned instead).
func decodeIndex(raw []byte, dataStart, indexAt int64) ([]indexEntry, error) {
	d := dec{b: raw}
	n := d.count(8)
	out := make([]indexEntry, 0, n)
	var off, t int64
	end := dataStart
	for range n {
		off += d.varint()
		var h chunkHeader
		h.kind = d.byte1()
		h.flags = d.byte1()
		h.records = uint32(d.uvarint())
		t += d.varint()
		h.t0 = t
		h.t1 = h.t0 + int64(d.uvarint()&(1<<62-1))
		h.length = uint32(d.uvarint())
		if len(d.b) < 4 {
			d.fail(errShort)
		}
		if d.err != nil {
			return nil, d.err
		}
		h.crc = binary.LittleEndian.Uint32(d.b)
		d.b = d.b[4:]
		if off < end || h.length > maxPayload || off+chunkHeaderSize+int64(h.length) > indexAt || h.t1 < h.t0 {
			return nil, fmt.Errorf("index entry at %d does not fit the file", off)
		}
		end = off + chunkHeaderSize + int64(h.length)
		out = append(out, indexEntry{offset: off, header: h})
	}
	return out, d.err
}
