package inspect

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

// encode writes snap in the JSON format, failing the test on error.
func encode(t testing.TB, snap *Snapshot) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteJSON(&b, snap); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestJSONRoundTrip writes snapshots of the fixture tree and of the live machine, reads them back
// and writes them again: the bytes must be the same, and the values the format carries equal.
func TestJSONRoundTrip(t *testing.T) {
	f := newFixture(t)
	f.sample(t, "proc-t0", 0)
	fixture := f.sample(t, "proc-t1", time.Second)
	live, err := NewSampler("/proc")
	if err != nil {
		t.Fatal(err)
	}
	live.Sample()
	time.Sleep(20 * time.Millisecond)
	liveSnap, err := live.Sample()
	if err != nil {
		t.Fatal(err)
	}
	for name, snap := range map[string]*Snapshot{"fixture": fixture, "live": liveSnap} {
		first := encode(t, snap)
		back, err := ReadJSON(bytes.NewReader(first))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if again := encode(t, back); !bytes.Equal(first, again) {
			t.Errorf("%s: JSON changed on the way back:\n%.300s\n%.300s", name, first, again)
		}
		if !back.Taken.Equal(snap.Taken) || back.Interval != snap.Interval.Truncate(time.Millisecond) ||
			len(back.Processes) != len(snap.Processes) || len(back.Cores) != len(snap.Cores) || back.Memory.TotalBytes != snap.Memory.TotalBytes {
			t.Errorf("%s: decoded %v %v %d processes, want %v %v %d", name, back.Taken, back.Interval, len(back.Processes),
				snap.Taken, snap.Interval, len(snap.Processes))
		}
		for i := range back.Processes {
			p, q := &back.Processes[i], &snap.Processes[i]
			if p.PID != q.PID || p.Name != q.Name || p.User != q.User || p.StartTicks != q.StartTicks || len(p.Threads) != len(q.Threads) ||
				p.Threads[0].TID != q.Threads[0].TID || p.Threads[0].Name != q.Threads[0].Name {
				t.Fatalf("%s: process %d decoded as %+v, was %+v", name, q.PID, *p, *q)
			}
			if got, ok := back.Find(q.PID); !ok || got.PID != q.PID {
				t.Fatalf("%s: Find(%d) on the decoded snapshot failed", name, q.PID)
			}
		}
	}
}

func TestDecodeJSONRejects(t *testing.T) {
	good := `{"taken":"2026-11-21T23:59:01.5Z","interval_ms":500,"boot_time":"2026-11-21T23:33:05Z","cores":[{"id":0,"busy_percent":1}],"memory":{"total_bytes":1,"available_bytes":1},"processes":[{"pid":1,"ppid":0,"start_ticks":1,"name":"a","cmdline":"","user":"root","state":"S","kernel_thread":false,"cpu_percent":0,"rss_bytes":0,"threads":[{"tid":1,"name":"a","state":"S","cpu_percent":0,"core":0}]}]}`
	if _, err := DecodeJSON([]byte(good)); err != nil {
		t.Fatalf("good input refused: %v", err)
	}
	cases := map[string]string{
		"":                   "",
		"not json":           "x",
		"trailing":           good + "{}",
		"bad time":           strings.Replace(good, "2026-11-21T23:59:01.5Z", "yesterday", 1),
		"bad boot":           strings.Replace(good, `"boot_time":"2026-11-21T23:33:05Z"`, `"boot_time":""`, 1),
		"negative interval":  strings.Replace(good, `"interval_ms":500`, `"interval_ms":-5`, 1),
		"huge interval":      strings.Replace(good, `"interval_ms":500`, `"interval_ms":9223372036854775807`, 1),
		"empty state":        strings.Replace(good, `"state":"S","kernel`, `"state":"","kernel`, 1),
		"long state":         strings.Replace(good, `"state":"S","cpu_percent":0,"core"`, `"state":"SS","cpu_percent":0,"core"`, 1),
		"pid zero":           strings.Replace(good, `"pid":1,`, `"pid":0,`, 1),
		"repeated pid":       strings.Replace(good, `"processes":[{`, `"processes":[{"pid":1,"state":"S","threads":[]},{`, 1),
		"busy over 100":      strings.Replace(good, `"busy_percent":1`, `"busy_percent":101`, 1),
		"negative cpu":       strings.Replace(good, `"cpu_percent":0,"rss`, `"cpu_percent":-1,"rss`, 1),
		"thread over 100":    strings.Replace(good, `"cpu_percent":0,"core"`, `"cpu_percent":100.5,"core"`, 1),
		"negative core":      strings.Replace(good, `"core":0`, `"core":-1`, 1),
		"repeated tid":       strings.Replace(good, `"threads":[{`, `"threads":[{"tid":1,"state":"S"},{`, 1),
		"wrong type":         strings.Replace(good, `"pid":1,`, `"pid":"1",`, 1),
		"cores out of order": strings.Replace(good, `"cores":[{"id":0`, `"cores":[{"id":3,"busy_percent":0},{"id":0`, 1),
	}
	for name, in := range cases {
		if _, err := DecodeJSON([]byte(in)); !errors.Is(err, ErrBadSnapshotJSON) {
			t.Errorf("%s: err = %v, want ErrBadSnapshotJSON", name, err)
		}
	}
	big := bytes.Repeat([]byte(" "), MaxSnapshotJSON+1)
	if _, err := ReadJSON(bytes.NewReader(big)); !errors.Is(err, ErrBadSnapshotJSON) {
		t.Errorf("oversized input: err = %v", err)
	}
}

// FuzzDecodeJSON feeds DecodeJSON arbitrary bytes: it must never panic, and whatever it accepts
// must write and read back to the same bytes.
func FuzzDecodeJSON(f *testing.F) {
	s, err := NewSampler("testdata/proc-t1")
	if err != nil {
		f.Fatal(err)
	}
	snap, err := s.Sample()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(encode(f, snap))
	f.Add([]byte(`{"taken":"2026-11-21T23:59:01.5+01:00","interval_ms":0,"boot_time":"2026-11-21T23:33:05.25Z","cores":[],"memory":{},"processes":[]}`))
	f.Add([]byte(`{"processes":[{"pid":2,"state":"?","threads":[{"tid":3,"state":"Z","cpu_percent":99.999}]}]}`))
	f.Add([]byte(`{"processes":[{"pid":2,"state":"S","io_unavailable":true,"io_not_recorded":true,"threads":[]},{"pid":3,"state":"S","read_bytes_per_sec":1,"write_bytes_per_sec":2,"io_not_recorded":true,"threads":[]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		snap, err := DecodeJSON(b)
		if err != nil {
			if !errors.Is(err, ErrBadSnapshotJSON) {
				t.Fatalf("error does not wrap ErrBadSnapshotJSON: %v", err)
			}
			return
		}
		first := encode(t, snap)
		back, err := DecodeJSON(first)
		if err != nil {
			t.Fatalf("own output refused: %v\n%s", err, first)
		}
		if again := encode(t, back); !bytes.Equal(first, again) {
			t.Fatalf("not stable:\n%s\n%s", first, again)
		}
	})
}

// TestJSONIOReasons: a refusal, a recording that never kept I/O, and a writer older than the I/O
// fields each come back with the reason the window shows, and known rates come back as written.
func TestJSONIOReasons(t *testing.T) {
	snap := &Snapshot{Processes: []Process{
		{PID: 1, State: "S", IOUnavailable: true, Threads: []Thread{{TID: 1, State: "S"}}},
		{PID: 2, State: "S", IOUnavailable: true, IONotRecorded: true, Threads: []Thread{{TID: 2, State: "S"}}},
		{PID: 3, State: "S", ReadBytesPerSec: 4096, WriteBytesPerSec: 1 << 20, Threads: []Thread{{TID: 3, State: "S"}}},
	}}
	text := encode(t, snap)
	if !bytes.Contains(text, []byte(`"io_unavailable":true,"io_not_recorded":true`)) {
		t.Errorf("not-recorded process written without its reason: %s", text)
	}
	back, err := ReadJSON(bytes.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct{ unavailable, notRecorded bool }{{true, false}, {true, true}, {false, false}} {
		p := back.Processes[i]
		if p.IOUnavailable != want.unavailable || p.IONotRecorded != want.notRecorded {
			t.Errorf("pid %d: unavailable %v, not recorded %v; want %v, %v", p.PID, p.IOUnavailable, p.IONotRecorded,
				want.unavailable, want.notRecorded)
		}
	}
	if p := back.Processes[2]; p.WriteBytesPerSec != 1<<20 || p.ReadBytesPerSec != 4096 {
		t.Errorf("known rates came back as %v read, %v write", p.ReadBytesPerSec, p.WriteBytesPerSec)
	}
	// An agent older than the I/O fields writes neither rates nor a refusal.
	old := `{"taken":"2026-12-07T04:00:00Z","interval_ms":500,"boot_time":"2026-12-07T00:00:00Z","cores":[],
		"memory":{"total_bytes":0,"available_bytes":0},"processes":[{"pid":9,"ppid":1,"start_ticks":5,"name":"x",
		"cmdline":"","user":"u","state":"S","kernel_thread":false,"cpu_percent":0,"rss_bytes":0,
		"threads":[{"tid":9,"name":"x","state":"S","cpu_percent":0,"core":0}]}]}`
	back, err = ReadJSON(strings.NewReader(old))
	if err != nil {
		t.Fatal(err)
	}
	if p := back.Processes[0]; !p.IOUnavailable || !p.IONotRecorded {
		t.Errorf("old writer's process: unavailable %v, not recorded %v; want both", p.IOUnavailable, p.IONotRecorded)
	}
}
