package perf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"golang.org/x/sys/unix"
)

// rec builds a record: header (type, misc, size) then body then the sample_id trailer.
func rec(typ uint32, misc uint16, body []byte, pid, tid uint32, t uint64, cpu uint32) []byte {
	size := 8 + len(body) + sampleIDSize
	b := make([]byte, 0, size)
	b = binary.LittleEndian.AppendUint32(b, typ)
	b = binary.LittleEndian.AppendUint16(b, misc)
	b = binary.LittleEndian.AppendUint16(b, uint16(size))
	b = append(b, body...)
	b = binary.LittleEndian.AppendUint32(b, pid)
	b = binary.LittleEndian.AppendUint32(b, tid)
	b = binary.LittleEndian.AppendUint64(b, t)
	b = binary.LittleEndian.AppendUint32(b, cpu)
	b = binary.LittleEndian.AppendUint32(b, 0)
	return b
}

func u32s(vs ...uint32) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint32(b, v)
	}
	return b
}

func u64s(vs ...uint64) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	return b
}

// comm16 is a comm field padded to 16 bytes.
func comm16(s string) []byte {
	b := make([]byte, 16)
	copy(b, s)
	return b
}

// testLayout is the sched_switch layout of the kernel this was written on.
var testLayout = &Layout{prevComm: 8, prevPID: 24, prevState: 32, nextComm: 40, nextPID: 56, stateSize: 8, size: 64}

// schedSample builds a sched_switch sample record with raw data in testLayout.
func schedSample(t uint64, cpu uint32, prev uint32, prevComm string, state uint64, next uint32, nextComm string) []byte {
	raw := make([]byte, 64)
	copy(raw[8:], comm16(prevComm))
	binary.LittleEndian.PutUint32(raw[24:], prev)
	binary.LittleEndian.PutUint64(raw[32:], state)
	copy(raw[40:], comm16(nextComm))
	binary.LittleEndian.PutUint32(raw[56:], next)
	body := append(u32s(prev, prev), u64s(t)...)
	body = append(body, u32s(cpu, 0, uint32(len(raw)))...)
	body = append(body, raw...)
	for len(body)%8 != 0 {
		body = append(body, 0)
	}
	b := binary.LittleEndian.AppendUint32(nil, unix.PERF_RECORD_SAMPLE)
	b = binary.LittleEndian.AppendUint16(b, 0)
	b = binary.LittleEndian.AppendUint16(b, uint16(8+len(body)))
	return append(b, body...)
}

func TestDecodeRecord(t *testing.T) {
	cases := []struct {
		name string
		b    []byte
		tp   *Layout
		want Record
		err  error
	}{
		{"switch in", rec(unix.PERF_RECORD_SWITCH, 0, nil, 10, 11, 500, 1), nil,
			Record{Kind: SwitchIn, Type: unix.PERF_RECORD_SWITCH, PID: 10, TID: 11, Time: 500, CPU: 1}, nil},
		{"switch out, blocked", rec(unix.PERF_RECORD_SWITCH, unix.PERF_RECORD_MISC_SWITCH_OUT, nil, 10, 11, 600, 1), nil,
			Record{Kind: SwitchOut, Type: unix.PERF_RECORD_SWITCH, PID: 10, TID: 11, Time: 600, CPU: 1}, nil},
		{"switch out, preempted", rec(unix.PERF_RECORD_SWITCH, unix.PERF_RECORD_MISC_SWITCH_OUT|unix.PERF_RECORD_MISC_SWITCH_OUT_PREEMPT, nil, 10, 11, 600, 0), nil,
			Record{Kind: SwitchOut, Type: unix.PERF_RECORD_SWITCH, PID: 10, TID: 11, Time: 600, Preempt: true}, nil},
		{"cpu-wide switch", rec(unix.PERF_RECORD_SWITCH_CPU_WIDE, unix.PERF_RECORD_MISC_SWITCH_OUT, u32s(99, 98), 10, 11, 700, 3), nil,
			Record{Kind: SwitchOut, Type: unix.PERF_RECORD_SWITCH_CPU_WIDE, PID: 10, TID: 11, Time: 700, CPU: 3}, nil},
		{"comm by exec, 15-byte name", rec(unix.PERF_RECORD_COMM, unix.PERF_RECORD_MISC_COMM_EXEC, append(u32s(20, 20), comm16("abcdefghijklmno")...), 20, 20, 800, 0), nil,
			Record{Kind: Comm, Type: unix.PERF_RECORD_COMM, PID: 20, TID: 20, Time: 800, Name: "abcdefghijklmno", Exec: true}, nil},
		{"comm with spaces and )", rec(unix.PERF_RECORD_COMM, 0, append(u32s(20, 21), []byte("a b) c\x00\x00")...), 20, 21, 800, 0), nil,
			Record{Kind: Comm, Type: unix.PERF_RECORD_COMM, PID: 20, TID: 21, Time: 800, Name: "a b) c"}, nil},
		{"fork", rec(unix.PERF_RECORD_FORK, 0, append(u32s(30, 20, 31, 21), u64s(900)...), 20, 21, 901, 1), nil,
			Record{Kind: Fork, Type: unix.PERF_RECORD_FORK, PID: 30, PPID: 20, TID: 31, PTID: 21, Time: 900, CPU: 1}, nil},
		{"exit", rec(unix.PERF_RECORD_EXIT, 0, append(u32s(30, 20, 31, 21), u64s(950)...), 30, 31, 951, 0), nil,
			Record{Kind: Exit, Type: unix.PERF_RECORD_EXIT, PID: 30, PPID: 20, TID: 31, PTID: 21, Time: 950}, nil},
		{"lost", rec(unix.PERF_RECORD_LOST, 0, u64s(7, 42), 0, 0, 1000, 1), nil,
			Record{Kind: Lost, Type: unix.PERF_RECORD_LOST, Time: 1000, CPU: 1, Lost: 42}, nil},
		{"lost samples", rec(unix.PERF_RECORD_LOST_SAMPLES, 0, u64s(3), 0, 0, 1000, 0), nil,
			Record{Kind: Lost, Type: unix.PERF_RECORD_LOST_SAMPLES, Time: 1000, Lost: 3}, nil},
		{"unknown type", rec(77, 0, u64s(1, 2), 1, 1, 1, 0), nil,
			Record{Kind: Other, Type: 77, PID: 1, TID: 1, Time: 1}, nil},
		{"no trailer", append(u32s(unix.PERF_RECORD_THROTTLE), 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0), nil,
			Record{Kind: Other, Type: unix.PERF_RECORD_THROTTLE}, nil},
		{"sched_switch, preempted", schedSample(5, 1, 40, "prev", 0x100, 41, "next"), testLayout,
			Record{Kind: SchedSwitch, Type: unix.PERF_RECORD_SAMPLE, PID: 40, TID: 40, Time: 5, CPU: 1, PrevTID: 40, NextTID: 41, PrevState: 0x100, PrevComm: "prev", NextComm: "next"}, nil},
		{"sample without layout", schedSample(5, 1, 40, "p", 1, 41, "n"), nil,
			Record{Kind: Other, Type: unix.PERF_RECORD_SAMPLE}, nil},
		{"header cut", []byte{1, 2, 3}, nil, Record{}, errRecordTruncated},
		{"size past the end", rec(unix.PERF_RECORD_SWITCH, 0, nil, 1, 1, 1, 1)[:24], nil, Record{}, errRecordTruncated},
		{"size zero", make([]byte, 8), nil, Record{}, errRecordMalformed},
		{"size not 8-aligned", append(u32s(14), 0, 0, 12, 0, 0, 0, 0, 0), nil, Record{}, errRecordMalformed},
		{"comm body too short", rec(unix.PERF_RECORD_COMM, 0, nil, 1, 1, 1, 1), nil, Record{}, errRecordMalformed},
		{"fork body too short", rec(unix.PERF_RECORD_FORK, 0, u32s(1, 2), 1, 1, 1, 1), nil, Record{}, errRecordMalformed},
		{"raw data too short", schedSample(5, 1, 40, "p", 1, 41, "n")[:48], &Layout{size: 64, prevComm: 8, nextComm: 40}, Record{}, errRecordTruncated},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "raw data too short" {
				// Keep the header's size honest, so the parser sees a whole record whose raw
				// data says it is longer than what is there.
				b := bytes.Clone(c.b)
				binary.LittleEndian.PutUint16(b[6:], uint16(len(b)))
				c.b, c.err = b, errRecordMalformed
			}
			got, n, err := Decode(c.b, c.tp)
			if !errors.Is(err, c.err) {
				t.Fatalf("error %v, want %v", err, c.err)
			}
			if err != nil {
				return
			}
			if n != len(c.b) {
				t.Errorf("size %d, want %d", n, len(c.b))
			}
			if c.want.Kind == Other {
				if got.Kind != Other {
					t.Errorf("kind %d, want other", got.Kind)
				}
				return
			}
			if got != c.want {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// TestRingRecordsWraps checks the ring walk: records laid across the end of the ring come out
// whole, in order, and a bad size stops the walk where it is.
func TestRingRecordsWraps(t *testing.T) {
	data := make([]byte, 64)
	r1 := rec(unix.PERF_RECORD_SWITCH, 0, nil, 1, 2, 100, 0)                                // 32 bytes
	r2 := rec(unix.PERF_RECORD_SWITCH, unix.PERF_RECORD_MISC_SWITCH_OUT, nil, 1, 2, 200, 0) // 32 bytes
	// Start at 48: r1 runs from 48 across the end to 16, r2 from 16 to 48.
	tail := uint64(64*5 + 48)
	stream := append(bytes.Clone(r1), r2...)
	for i, c := range stream {
		data[(tail+uint64(i))%64] = c
	}
	var got []Record
	end, _, err := ringRecords(data, tail, tail+64, nil, func(b []byte) {
		r, _, err := Decode(b, nil)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	})
	if err != nil || end != tail+64 {
		t.Fatalf("walk ended at %d with %v, want %d", end, err, tail+64)
	}
	if len(got) != 2 || got[0].Time != 100 || got[0].Kind != SwitchIn || got[1].Time != 200 || got[1].Kind != SwitchOut {
		t.Fatalf("records %+v", got)
	}

	// A head more than a ring ahead, a ring that is not a power of two, a zero size.
	if _, _, err := ringRecords(data, 0, 65, nil, func([]byte) {}); !errors.Is(err, errRecordMalformed) {
		t.Errorf("head too far ahead: %v", err)
	}
	if _, _, err := ringRecords(make([]byte, 48), 0, 8, nil, func([]byte) {}); !errors.Is(err, errRecordMalformed) {
		t.Errorf("ring of 48 bytes: %v", err)
	}
	zero := make([]byte, 64)
	if end, _, err := ringRecords(zero, 0, 32, nil, func([]byte) {}); !errors.Is(err, errRecordMalformed) || end != 0 {
		t.Errorf("zero size: end %d err %v", end, err)
	}
	// A head that stops inside a record: the walk stops before it, not past it.
	if end, _, err := ringRecords(data, tail, tail+40, nil, func([]byte) {}); !errors.Is(err, errRecordTruncated) || end != tail+32 {
		t.Errorf("head inside a record: end %d err %v, want %d", end, err, tail+32)
	}
}

func TestParseSchedSwitchFormat(t *testing.T) {
	format := []byte(`name: sched_switch
ID: 372
format:
	field:unsigned short common_type;	offset:0;	size:2;	signed:0;
	field:int common_pid;	offset:4;	size:4;	signed:1;

	field:char prev_comm[16];	offset:8;	size:16;	signed:0;
	field:pid_t prev_pid;	offset:24;	size:4;	signed:1;
	field:int prev_prio;	offset:28;	size:4;	signed:1;
	field:long prev_state;	offset:32;	size:8;	signed:1;
	field:char next_comm[16];	offset:40;	size:16;	signed:0;
	field:pid_t next_pid;	offset:56;	size:4;	signed:1;
	field:int next_prio;	offset:60;	size:4;	signed:1;
`)
	lay, err := ParseSchedSwitchFormat(format)
	if err != nil {
		t.Fatal(err)
	}
	want := Layout{prevComm: 8, prevPID: 24, prevState: 32, nextComm: 40, nextPID: 56, stateSize: 8, size: 60}
	if *lay != want {
		t.Errorf("layout %+v, want %+v", *lay, want)
	}
	for _, bad := range []string{
		"field:char prev_comm[16];	offset:8;	size:16;",                         // the rest missing
		"field:long prev_state;	offset:x;	size:8;",                             // bad offset
		string(bytes.Replace(format, []byte("size:8;"), []byte("size:2;"), 1)), // odd state size
	} {
		if _, err := ParseSchedSwitchFormat([]byte(bad)); err == nil {
			t.Errorf("format %q accepted", bad)
		}
	}
}

// FuzzPerfRing feeds arbitrary bytes to the ring walk and the record decoder, as a torn or
// corrupt ring buffer would: no panic, no record past the head, and every record handed out
// is whole (its header's size is its length).
func FuzzPerfRing(f *testing.F) {
	f.Add(rec(unix.PERF_RECORD_SWITCH, 0, nil, 1, 2, 3, 0), uint64(0), uint16(32))
	f.Add(append(rec(unix.PERF_RECORD_COMM, 0, append(u32s(1, 1), comm16("x")...), 1, 1, 1, 1), schedSample(1, 0, 1, "a", 1, 2, "b")...), uint64(60), uint16(128))
	f.Add(rec(unix.PERF_RECORD_FORK, 0, append(u32s(1, 2, 3, 4), u64s(5)...), 1, 1, 1, 1), uint64(1<<63), uint16(56))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, uint64(7), uint16(8))
	f.Fuzz(func(t *testing.T, raw []byte, tail uint64, span uint16) {
		size := 1
		for size < len(raw) {
			size <<= 1
		}
		data := make([]byte, size)
		copy(data, raw)
		head := tail + uint64(span)
		var total uint64
		end, _, err := ringRecords(data, tail, head, nil, func(b []byte) {
			if len(b) < 8 || int(binary.LittleEndian.Uint16(b[6:])) != len(b) {
				t.Fatalf("record of %d bytes with size %d", len(b), binary.LittleEndian.Uint16(b[6:]))
			}
			total += uint64(len(b))
			for _, tp := range []*Layout{nil, testLayout} {
				r, n, err := Decode(b, tp)
				if err == nil && n != len(b) {
					t.Fatalf("decoded %d bytes of a %d-byte record", n, len(b))
				}
				_ = r
			}
		})
		if end < tail || end > head || end-tail != total {
			t.Fatalf("walk from %d to %d ended at %d after %d bytes (err %v)", tail, head, end, total, err)
		}
		if err == nil && end != head {
			t.Fatalf("no error but stopped at %d before head %d", end, head)
		}
	})
}

// FuzzSchedSwitchFormat feeds arbitrary text as a tracepoint format file: no panic, and any
// layout accepted keeps every field inside the size it claims.
func FuzzSchedSwitchFormat(f *testing.F) {
	f.Add([]byte("field:char prev_comm[16];	offset:8;	size:16;\nfield:pid_t prev_pid;	offset:24;	size:4;\nfield:long prev_state;	offset:32;	size:8;\nfield:char next_comm[16];	offset:40;	size:16;\nfield:pid_t next_pid;	offset:56;	size:4;\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		lay, err := ParseSchedSwitchFormat(b)
		if err != nil {
			return
		}
		for _, end := range []int{lay.prevComm + 16, lay.nextComm + 16, lay.prevPID + 4, lay.nextPID + 4, lay.prevState + lay.stateSize} {
			if end > lay.size {
				t.Fatalf("layout %+v: a field ends at %d", *lay, end)
			}
		}
		// A sample built to that size decodes without panicking.
		raw := make([]byte, lay.size)
		body := append(u32s(1, 1), u64s(1)...)
		body = append(body, u32s(0, 0, uint32(len(raw)))...)
		body = append(body, raw...)
		for len(body)%8 != 0 {
			body = append(body, 0)
		}
		if 8+len(body) > 0xffff {
			return
		}
		rb := binary.LittleEndian.AppendUint32(nil, unix.PERF_RECORD_SAMPLE)
		rb = binary.LittleEndian.AppendUint16(rb, 0)
		rb = binary.LittleEndian.AppendUint16(rb, uint16(8+len(body)))
		if _, _, err := Decode(append(rb, body...), lay); err != nil {
			t.Fatalf("sample of the layout's own size: %v", err)
		}
	})
}
