package record

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
)

// Version is the format version this package writes. A reader refuses files of a newer
// version with ErrNewerVersion and reads every older one. Version 2 added the machine's disk
// traffic and each process's app, disk I/O and GPU use; a version 1 file has none of them, so
// they replay as not recorded.
const Version = 2

// magic opens every recording. The high first byte and the CR LF catch a file that was treated
// as text on the way (as PNG's signature does).
var magic = [8]byte{0x89, 'T', 'S', 'R', 'E', 'C', '\r', '\n'}

// chunkMark opens every chunk header, so a reader that lost its place (a damaged header) can
// find the next chunk by searching for it.
var chunkMark = [4]byte{'T', 'S', 'C', 'K'}

// indexMark opens the trailer that points to the index, the last 16 bytes of a closed file.
var indexMark = [4]byte{'T', 'S', 'I', 'X'}

// Chunk kinds. A reader skips kinds it does not know, so later versions may add some.
const (
	kindSamples byte = 1
	// kindTrace holds exact per-thread runs (see Trace); reserved from version 1 on.
	kindTrace byte = 2
	kindIndex byte = 3
)

// flagKeyframe marks a samples chunk whose first record is a full sample: decoding may start
// there.
const flagKeyframe byte = 1

// Sizes of the fixed parts.
const (
	preambleSize    = 8 + 2 + 4 // magic, version, header length
	chunkHeaderSize = 40
	trailerSize     = 16
	// maxHeaderBody bounds the JSON header; maxPayload a chunk's compressed payload and
	// maxRaw what it may inflate to, so a damaged length cannot make a reader allocate without end.
	maxHeaderBody = 1 << 20
	maxPayload    = 64 << 20
	maxRaw        = 256 << 20
)

// Errors of Open. Each is wrapped with the file name and what was found.
var (
	// ErrEmpty means the file holds no bytes at all.
	ErrEmpty = errors.New("the file is empty")
	// ErrNotRecording means the file does not start as a Taskscope recording does.
	ErrNotRecording = errors.New("not a Taskscope recording")
	// ErrNewerVersion means the file was written by a newer Taskscope than this one.
	ErrNewerVersion = errors.New("recording format is newer than this Taskscope reads")
	// ErrNoSamples means the file is a recording but holds no readable sample.
	ErrNoSamples = errors.New("the recording holds no readable sample")
)

// castagnoli is the CRC-32C table: the checksum of every header and payload.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func checksum(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }

// chunkHeader is the fixed header before each chunk's payload:
//
//	0  "TSCK"   4  kind   5  flags   6  reserved (2)   8  records (u32)
//	12 first time (i64, Unix ns)   20 last time (i64)   28 payload length (u32)
//	32 payload CRC-32C (u32)       36 CRC-32C of bytes 0-35 (u32)
//
// All numbers little-endian.
type chunkHeader struct {
	kind, flags byte
	records     uint32
	t0, t1      int64
	length      uint32
	crc         uint32
}

func (h *chunkHeader) put(b []byte) {
	copy(b[0:4], chunkMark[:])
	b[4], b[5] = h.kind, h.flags
	b[6], b[7] = 0, 0
	binary.LittleEndian.PutUint32(b[8:], h.records)
	binary.LittleEndian.PutUint64(b[12:], uint64(h.t0))
	binary.LittleEndian.PutUint64(b[20:], uint64(h.t1))
	binary.LittleEndian.PutUint32(b[28:], h.length)
	binary.LittleEndian.PutUint32(b[32:], h.crc)
	binary.LittleEndian.PutUint32(b[36:], checksum(b[:36]))
}

// parseChunkHeader reads a chunk header and reports whether it is one: the mark is there, its
// checksum matches, and its length is within bounds.
func parseChunkHeader(b []byte) (chunkHeader, bool) {
	if len(b) < chunkHeaderSize || [4]byte(b[0:4]) != chunkMark ||
		binary.LittleEndian.Uint32(b[36:]) != checksum(b[:36]) {
		return chunkHeader{}, false
	}
	h := chunkHeader{
		kind: b[4], flags: b[5],
		records: binary.LittleEndian.Uint32(b[8:]),
		t0:      int64(binary.LittleEndian.Uint64(b[12:])),
		t1:      int64(binary.LittleEndian.Uint64(b[20:])),
		length:  binary.LittleEndian.Uint32(b[28:]),
		crc:     binary.LittleEndian.Uint32(b[32:]),
	}
	return h, h.length <= maxPayload && h.t0 <= h.t1
}

// putTrailer writes the 16-byte trailer: "TSIX", the index chunk's offset (u64), and the
// CRC-32C of those 12 bytes.
func putTrailer(b []byte, indexAt int64) {
	copy(b[0:4], indexMark[:])
	binary.LittleEndian.PutUint64(b[4:], uint64(indexAt))
	binary.LittleEndian.PutUint32(b[12:], checksum(b[:12]))
}

func parseTrailer(b []byte) (int64, bool) {
	if len(b) != trailerSize || [4]byte(b[0:4]) != indexMark ||
		binary.LittleEndian.Uint32(b[12:]) != checksum(b[:12]) {
		return 0, false
	}
	return int64(binary.LittleEndian.Uint64(b[4:])), true
}
