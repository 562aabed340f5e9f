package inspect

import (
	"testing"
	"time"
)

func TestParseProcIO(t *testing.T) {
	cases := []struct {
		name   string
		in     string
		r, w   uint64
		wantOK bool
	}{
		{"kernel text", "rchar: 6976\nwchar: 0\nsyscr: 10\nsyscw: 0\nread_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 0\n", 4096, 8192, true},
		{"no final newline", "read_bytes: 1\nwrite_bytes: 2", 1, 2, true},
		{"max", "read_bytes: 18446744073709551615\nwrite_bytes: 0\n", 1<<64 - 1, 0, true},
		{"overflow", "read_bytes: 18446744073709551616\nwrite_bytes: 0\n", 0, 0, false},
		{"missing write", "read_bytes: 1\n", 0, 0, false},
		{"not a number", "read_bytes: x\nwrite_bytes: 2\n", 0, 0, false},
		{"negative", "read_bytes: -1\nwrite_bytes: 2\n", 0, 0, false},
		{"empty", "", 0, 0, false},
		{"truncated", "read_bytes: 1\nwrite_by", 0, 0, false},
	}
	for _, c := range cases {
		r, w, ok := ParseProcIO([]byte(c.in))
		if ok != c.wantOK || ok && (r != c.r || w != c.w) {
			t.Errorf("%s: ParseProcIO = %d, %d, %v; want %d, %d, %v", c.name, r, w, ok, c.r, c.w, c.wantOK)
		}
	}
}

func TestParseDiskstats(t *testing.T) {
	cases := []struct {
		name   string
		in     string
		r, w   uint64
		wantOK bool
	}{
		{"disk and partition", "8 0 sda 1 0 10 0 1 0 20 0 0 0 0\n8 1 sda1 1 0 9 0 1 0 19 0 0 0 0\n", 10 * 512, 20 * 512, true},
		{"nvme", "259 0 nvme0n1 1 0 4 0 1 0 6 0\n259 1 nvme0n1p1 1 0 4 0 1 0 6 0\n259 2 nvme0n1p12 1 0 4 0 1 0 6 0\n", 4 * 512, 6 * 512, true},
		{"two disks", "8 0 sda 1 0 1 0 1 0 2 0\n8 16 sdb 1 0 3 0 1 0 4 0\n", 4 * 512, 6 * 512, true},
		{"virtual only", "7 0 loop0 1 0 1 0 1 0 2 0\n251 0 zram0 1 0 1 0 1 0 2 0\n", 0, 0, true},
		{"short line", "8 0 sda 1 0 1\n", 0, 0, false},
		{"bad number", "8 0 sda 1 0 x 0 1 0 2 0\n", 0, 0, false},
		{"empty", "", 0, 0, false},
	}
	for _, c := range cases {
		r, w, ok := ParseDiskstats([]byte(c.in))
		if ok != c.wantOK || r != c.r || w != c.w {
			t.Errorf("%s: ParseDiskstats = %d, %d, %v; want %d, %d, %v", c.name, r, w, ok, c.r, c.w, c.wantOK)
		}
	}
}

func FuzzParseProcIO(f *testing.F) {
	f.Add([]byte("rchar: 1\nread_bytes: 4096\nwrite_bytes: 8192\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, w, ok := ParseProcIO(b)
		if !ok && (r != 0 || w != 0) {
			t.Fatalf("not ok but %d, %d", r, w)
		}
	})
}

func FuzzParseDiskstats(f *testing.F) {
	f.Add([]byte("8 0 sda 1 0 10 0 1 0 20 0 0 0 0\n8 1 sda1 1 0 9 0 1 0 19 0 0 0 0\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ParseDiskstats(b)
	})
}

// TestFixtureAppsAndIO reads apps, per-process I/O rates and the machine's disk rates from the
// fixture trees one second apart.
func TestFixtureAppsAndIO(t *testing.T) {
	f := newFixture(t)
	first := f.sample(t, "proc-t0", 0)
	if p := mustFind(t, first, 100); p.ReadBytesPerSec != 0 || p.IOUnavailable || p.ReadBytes != 4096 {
		t.Errorf("first sample: pid 100 io = %+v, want counters and zero rates", p)
	}
	if !first.Disk.Available || first.Disk.ReadBytesPerSec != 0 {
		t.Errorf("first sample disk = %+v, want available at zero rates", first.Disk)
	}
	snap := f.sample(t, "proc-t1", time.Second)
	apps := map[int]string{1: "", 2: "", 100: "org.example.Weird", 700: "container 0123456789ab", 800: ""}
	for pid, want := range apps {
		if got := mustFind(t, snap, pid).App; got != want {
			t.Errorf("pid %d app = %q, want %q", pid, got, want)
		}
	}
	p := mustFind(t, snap, 100)
	if p.ReadBytesPerSec != 1e6 || p.WriteBytesPerSec != 2048 || p.IOUnavailable {
		t.Errorf("pid 100 rates = %v read, %v write, unavailable %v; want 1e6, 2048, false", p.ReadBytesPerSec, p.WriteBytesPerSec, p.IOUnavailable)
	}
	for _, pid := range []int{600, 700} { // malformed io; no io file at all
		if q := mustFind(t, snap, pid); !q.IOUnavailable || q.ReadBytesPerSec != 0 {
			t.Errorf("pid %d: IOUnavailable = %v, rate %v; want unavailable", pid, q.IOUnavailable, q.ReadBytesPerSec)
		}
	}
	if d := snap.Disk; !d.Available || d.ReadBytesPerSec != 2000*512 || d.WriteBytesPerSec != 4000*512 {
		t.Errorf("disk = %+v, want 1,024,000 read and 2,048,000 written per second (sda only)", d)
	}
}
