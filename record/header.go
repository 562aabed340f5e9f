package record

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"
)

// Header describes a recording: what machine, when, and how it was taken. It is stored as JSON
// after the magic and version, so fields can be added without a new version.
type Header struct {
	// Version is the format version of the file (set by the reader; the writer writes Version).
	Version int `json:"-"`
	// Hostname, Kernel and CPUModel describe the machine recorded.
	Hostname     string `json:"hostname"`
	Kernel       string `json:"kernel,omitempty"`
	CPUModel     string `json:"cpu_model,omitempty"`
	LogicalCores int    `json:"logical_cores,omitempty"`
	// Start is when recording began (the wall clock of the recording machine).
	Start time.Time `json:"start"`
	// BootTime is when the recorded machine booted.
	BootTime time.Time `json:"boot_time,omitzero"`
	// Interval is the sampling interval asked for.
	Interval time.Duration `json:"interval_ns"`
	// KeyframeEvery is how often a full sample was written; a jump decodes at most this much.
	KeyframeEvery time.Duration `json:"keyframe_every_ns"`
	// Filter is the --filter text the recording was limited to, empty for everything.
	Filter string `json:"filter,omitempty"`
	// Writer names the program that wrote the file.
	Writer string `json:"writer,omitempty"`
}

// encodeHeader returns the file's opening bytes: magic, version (u16), header length (u32), the
// header as JSON, and its CRC-32C (u32).
func encodeHeader(h Header) ([]byte, error) {
	body, err := json.Marshal(h)
	if err != nil {
		return nil, fmt.Errorf("record: header: %w", err)
	}
	b := make([]byte, 0, preambleSize+len(body)+4)
	b = append(b, magic[:]...)
	b = binary.LittleEndian.AppendUint16(b, Version)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(body)))
	b = append(b, body...)
	b = binary.LittleEndian.AppendUint32(b, checksum(body))
	return b, nil
}

// decodeHeaderPreamble checks the magic and version and returns the length of the JSON body.
func decodeHeaderPreamble(b []byte) (version int, bodyLen int, err error) {
	if len(b) < len(magic) || [8]byte(b[:8]) != magic {
		return 0, 0, ErrNotRecording
	}
	if len(b) < preambleSize {
		return 0, 0, fmt.Errorf("%w: the file ends inside its header", ErrNotRecording)
	}
	version = int(binary.LittleEndian.Uint16(b[8:]))
	if version > Version {
		return version, 0, fmt.Errorf("%w: the file is version %d, this Taskscope reads up to %d", ErrNewerVersion, version, Version)
	}
	if version < 1 {
		return version, 0, fmt.Errorf("%w: version %d does not exist", ErrNotRecording, version)
	}
	n := binary.LittleEndian.Uint32(b[10:])
	if n > maxHeaderBody {
		return version, 0, fmt.Errorf("%w: header length %d is implausible", ErrNotRecording, n)
	}
	return version, int(n), nil
}

// decodeHeaderBody checks the body's checksum and parses it.
func decodeHeaderBody(body []byte, sum uint32, version int) (Header, error) {
	if checksum(body) != sum {
		return Header{}, fmt.Errorf("%w: the header is damaged (checksum mismatch)", ErrNotRecording)
	}
	var h Header
	if err := json.Unmarshal(body, &h); err != nil {
		return Header{}, fmt.Errorf("%w: the header is not readable: %v", ErrNotRecording, err)
	}
	h.Version = version
	return h, nil
}
