package record

import (
	"encoding/binary"
	"errors"
	"math"
)

// errShort means a payload ended in the middle of a value: the bytes are not what the writer
// wrote.
var errShort = errors.New("payload ends in the middle of a value")

// enc appends the little binary values a payload is made of. It never fails; the encoder keeps
// one and reuses its buffer from sample to sample.
type enc struct{ b []byte }

func (e *enc) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) varint(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *enc) byte1(v byte)     { e.b = append(e.b, v) }

func (e *enc) str(s string) {
	e.uvarint(uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *enc) bool1(v bool) {
	if v {
		e.byte1(1)
	} else {
		e.byte1(0)
	}
}

// pct stores a percentage as hundredths, the precision the JSON format and the window show; a
// task's share does not need the noise below that, and hundredths of a quiet task fit one byte.
func (e *enc) pct(v float64) { e.uvarint(pctUnits(v)) }

// pctUnits turns a percentage into the hundredths stored for it. Negative and non-finite values,
// which the sampler never gives, are stored as zero rather than as a wrapped number.
func pctUnits(v float64) uint64 {
	if !(v > 0) || math.IsInf(v, 0) {
		return 0
	}
	return uint64(math.Round(v * 100))
}

// dec reads what enc wrote. The first error sticks: later reads return zero values, so a decoder
// reads a whole record and checks err once, and bad bytes can never make it index out of range.
type dec struct {
	b   []byte
	err error
}

func (d *dec) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.b = nil
}

func (d *dec) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail(errShort)
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail(errShort)
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) byte1() byte {
	if len(d.b) < 1 {
		d.fail(errShort)
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *dec) bool1() bool { return d.byte1() != 0 }

func (d *dec) str() string {
	n := d.uvarint()
	if n > uint64(len(d.b)) {
		d.fail(errShort)
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// count reads a length that must be backed by at least min bytes per element still unread, so
// a corrupt count cannot make the decoder allocate gigabytes.
func (d *dec) count(min int) int {
	n := d.uvarint()
	if d.err != nil {
		return 0
	}
	if min < 1 {
		min = 1
	}
	if n > uint64(len(d.b)/min) {
		d.fail(errShort)
		return 0
	}
	return int(n)
}

// int reads a signed value that must fit an int of 32 bits (PIDs, cores, counts).
func (d *dec) int() int {
	v := d.varint()
	if v < math.MinInt32 || v > math.MaxInt32 {
		d.fail(errors.New("value out of range"))
		return 0
	}
	return int(v)
}

func (d *dec) pct() float64 { return float64(d.uvarint()) / 100 }
