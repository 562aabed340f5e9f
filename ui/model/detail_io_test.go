package model

import (
	"testing"

	"github.com/taskscope/taskscope/inspect"
)

func TestDetailIOLines(t *testing.T) {
	cases := []struct {
		name           string
		p              inspect.Process
		app, disk, gpu string
	}{
		{"no app, refused, no GPU", inspect.Process{IOUnavailable: true},
			"none (not in an app's, container's or service's cgroup)",
			"no permission: the kernel shows another user's disk I/O only to its owner and root", ""},
		{"replayed", inspect.Process{IOUnavailable: true, IONotRecorded: true}, "none (not in an app's, container's or service's cgroup)",
			"not recorded: this source (a recording or an agent from before disk I/O was kept) does not carry it", ""},
		{"app, idle disk", inspect.Process{App: "org.gnome.Calculator"}, "org.gnome.Calculator", "read 0 B/s · write 0 B/s", ""},
		{"writer with a GPU", inspect.Process{App: "container 0123456789ab", ReadBytesPerSec: 1536, WriteBytesPerSec: 3 << 20,
			ReadBytes: 4096, WriteBytes: 5 << 30, GPU: []inspect.GPUUse{{Name: "i915 [8086:46a6]", BusyPercent: 12.5, MemoryBytes: 64 << 20},
				{Name: "amdgpu", MemoryBytes: 1 << 30}}},
			"container 0123456789ab", "read 1.5 KiB/s · write 3.0 MiB/s (since start: 4.0 KiB read, 5.0 GiB written)",
			"i915 [8086:46a6]: 12.5 % busy · 64.0 MiB; amdgpu: 0.0 % busy · 1.0 GiB"},
	}
	for _, c := range cases {
		if got := AppLine(&c.p); got != c.app {
			t.Errorf("%s: AppLine = %q, want %q", c.name, got, c.app)
		}
		if got := DiskLine(&c.p); got != c.disk {
			t.Errorf("%s: DiskLine = %q, want %q", c.name, got, c.disk)
		}
		if got := GPULine(&c.p); got != c.gpu {
			t.Errorf("%s: GPULine = %q, want %q", c.name, got, c.gpu)
		}
	}
	if got := DiskTotal(inspect.Disk{}); got != "" {
		t.Errorf("DiskTotal of an unreadable diskstats = %q, want nothing", got)
	}
	if got, want := DiskTotal(inspect.Disk{Available: true, ReadBytesPerSec: 0, WriteBytesPerSec: 40 << 20}), "disk read 0 B/s · write 40.0 MiB/s"; got != want {
		t.Errorf("DiskTotal = %q, want %q", got, want)
	}
}
