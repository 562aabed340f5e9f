package record

import (
	"reflect"
	"testing"
	"time"
)

// TestReadsVersion1: a file written by the version 1 writer (testdata/v1.tsrec, made from
// synth(21, 40, time.Second) before version 2 existed) still replays every sample as written,
// with the fields version 1 did not keep (disk traffic, apps, disk I/O, GPU use) marked as not
// recorded rather than read as zero.
func TestReadsVersion1(t *testing.T) {
	r, err := Open("testdata/v1.tsrec")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Header().Version != 1 {
		t.Fatalf("fixture is version %d, want 1", r.Header().Version)
	}
	want := synth(21, 40, time.Second)
	got := readAll(t, r)
	if len(got) != len(want) {
		t.Fatalf("%d samples replayed, %d written", len(got), len(want))
	}
	for i := range got {
		w, g := storedV1(want[i]), storedV1(got[i])
		if !reflect.DeepEqual(w, g) {
			t.Fatalf("sample %d differs:\n%s", i, firstDiff(&w, &g))
		}
		if got[i].Disk.Available {
			t.Fatalf("sample %d: a version 1 file says its disk traffic is known", i)
		}
		for _, p := range got[i].Processes {
			if !p.IOUnavailable || !p.IONotRecorded || p.App != "" || p.GPU != nil {
				t.Fatalf("sample %d, PID %d: version 1 kept no app, I/O or GPU, got %+v", i, p.PID, p)
			}
		}
	}
}

// TestKeepsDesktopFields: a version 2 recording keeps what the Processes tab shows beside CPU
// and memory: apps, disk I/O (refused or not), GPU use and the machine's disk traffic.
func TestKeepsDesktopFields(t *testing.T) {
	samples := synth(22, 30, time.Second)
	r := openBytes(t, recordAll(t, samples, Options{Interval: time.Second, KeyframeEvery: 10 * time.Second}))
	if r.Header().Version != Version {
		t.Fatalf("written as version %d, want %d", r.Header().Version, Version)
	}
	got := readAll(t, r)
	var apps, refused, gpu, io int
	for i, s := range got {
		sameSample(t, "desktop fields", samples[i], s)
		for _, p := range s.Processes {
			if p.IONotRecorded {
				t.Fatalf("sample %d, PID %d: I/O says not recorded in a version %d file", i, p.PID, Version)
			}
			if p.App != "" {
				apps++
			}
			if p.IOUnavailable {
				refused++
			}
			if len(p.GPU) > 0 {
				gpu++
			}
			if p.WriteBytesPerSec > 0 {
				io++
			}
		}
	}
	// The fixture must hold every kind, or the comparison above proves nothing about it.
	if apps == 0 || refused == 0 || gpu == 0 || io == 0 {
		t.Fatalf("synth gave apps %d, refused I/O %d, GPU %d, writing %d: each must occur", apps, refused, gpu, io)
	}
}
