package inspect

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestParseDRMFdinfo(t *testing.T) {
	cases := []struct {
		name   string
		in     string
		want   DRMClient
		wantOK bool
	}{
		{"i915", "pos:\t0\ndrm-driver:\ti915\ndrm-pdev:\t0000:00:02.0\ndrm-client-id:\t7\ndrm-engine-render:\t1500 ns\n" +
			"drm-engine-copy:\t20 ns\ndrm-total-system:\t4 KiB\ndrm-total-local:\t1 MiB\n",
			DRMClient{Driver: "i915", PDev: "0000:00:02.0", ClientID: 7, MemoryBytes: 4096 + 1<<20,
				Engines: []DRMEngine{{"render", 1500, 1}, {"copy", 20, 1}}}, true},
		{"legacy memory only", "drm-driver: amdgpu\ndrm-client-id: 1\ndrm-memory-vram: 3 MiB\ndrm-memory-gtt: 100\n",
			DRMClient{Driver: "amdgpu", ClientID: 1, MemoryBytes: 3<<20 + 100}, true},
		{"total beats legacy", "drm-driver: x\ndrm-client-id: 1\ndrm-memory-vram: 3 MiB\ndrm-total-vram: 1 KiB\n",
			DRMClient{Driver: "x", ClientID: 1, MemoryBytes: 1024}, true},
		{"capacity before engine", "drm-driver: xe\ndrm-client-id: 2\ndrm-engine-capacity-vcs: 2\ndrm-engine-vcs: 9 ns\n",
			DRMClient{Driver: "xe", ClientID: 2, Engines: []DRMEngine{{"vcs", 9, 2}}}, true},
		{"engine in cycles ignored", "drm-driver: xe\ndrm-client-id: 2\ndrm-engine-rcs: 9 cycles\n",
			DRMClient{Driver: "xe", ClientID: 2}, true},
		{"memory overflow ignored", "drm-driver: x\ndrm-client-id: 1\ndrm-memory-vram: 18446744073709551615 MiB\n",
			DRMClient{Driver: "x", ClientID: 1}, true},
		{"not drm", "pos:\t0\nflags:\t02\nmnt_id:\t20\n", DRMClient{}, false},
		{"no client id", "drm-driver: i915\n", DRMClient{}, false},
		{"bad client id", "drm-driver: i915\ndrm-client-id: x\n", DRMClient{}, false},
		{"empty", "", DRMClient{}, false},
	}
	for _, c := range cases {
		got, ok := ParseDRMFdinfo([]byte(c.in))
		if ok != c.wantOK || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: ParseDRMFdinfo = %+v, %v; want %+v, %v", c.name, got, ok, c.want, c.wantOK)
		}
	}
}

func FuzzParseDRMFdinfo(f *testing.F) {
	f.Add([]byte("drm-driver:\ti915\ndrm-client-id:\t7\ndrm-engine-render:\t1500 ns\ndrm-engine-capacity-render:\t2\ndrm-total-system:\t4 KiB\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, ok := ParseDRMFdinfo(b)
		if !ok && (c.Driver != "" || len(c.Engines) > 0) {
			t.Fatalf("not a client but %+v", c)
		}
		for _, e := range c.Engines {
			if e.Capacity == 0 {
				t.Fatalf("engine %q of capacity 0 would divide by zero", e.Name)
			}
		}
	})
}

// gpuFixture points a sampler at testdata/gpu/<name>'s proc and sys roots.
func gpuFixture(t *testing.T, dir, name string) {
	t.Helper()
	for _, sub := range []string{"proc", "sys"} {
		abs, err := filepath.Abs(filepath.Join("testdata", "gpu", name, sub))
		if err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(dir, sub))
		if err := os.Symlink(abs, filepath.Join(dir, sub)); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFixtureGPU(t *testing.T) {
	dir := t.TempDir()
	gpuFixture(t, dir, "t0")
	s, err := NewSampler(filepath.Join(dir, "proc"))
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	s.now = func() time.Time { return clock }
	first, err := s.Sample()
	if err != nil {
		t.Fatal(err)
	}
	if p := mustFind(t, first, 4242); len(p.GPU) != 1 || p.GPU[0].BusyPercent != 0 {
		t.Fatalf("first sample: GPU = %+v, want one GPU at 0%%", p.GPU)
	}
	gpuFixture(t, dir, "t1")
	clock = clock.Add(time.Second)
	snap, err := s.Sample()
	if err != nil {
		t.Fatal(err)
	}
	want := map[int][]GPUUse{
		4242: {{Name: "i915 [8086:46a6]", Device: "0000:00:02.0", BusyPercent: 60, MemoryBytes: 5 << 20}},
		4300: nil,
		4400: {{Name: "amdgpu", Device: "amdgpu", BusyPercent: 50, MemoryBytes: 8 << 20}},
	}
	for pid, w := range want {
		got := mustFind(t, snap, pid).GPU
		for i := range got {
			got[i].BusyPercent = round2(got[i].BusyPercent)
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("pid %d GPU = %+v, want %+v", pid, got, w)
		}
	}
}

// TestNoDRMNoScan checks the bound on cost: with no DRM device on the machine, no process's fd
// table is read at all.
func TestNoDRMNoScan(t *testing.T) {
	dir := t.TempDir()
	gpuFixture(t, dir, "t0")
	os.Remove(filepath.Join(dir, "sys"))
	s, err := NewSampler(filepath.Join(dir, "proc"))
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.Sample()
	if err != nil {
		t.Fatal(err)
	}
	if g := mustFind(t, snap, 4242).GPU; g != nil {
		t.Errorf("GPU = %+v with no DRM device, want nil", g)
	}
	if m := s.procs[4242]; m == nil || m.gpu != nil {
		t.Errorf("the fd table of pid 4242 was looked at with no DRM device on the machine")
	}
}

// BenchmarkGPUScan measures what the GPU gate costs on the live machine when it opens: a sysfs
// root that lists a card makes the sampler list every readable process's fd table. "first" is a
// sample in which every process is new (its fd table listed), "steady" one within the 5 s
// between rescans (only known DRM fds read: none here), "off" a sample with no DRM device.
func BenchmarkGPUScan(b *testing.B) {
	withCard := b.TempDir()
	if err := os.MkdirAll(filepath.Join(withCard, "class", "drm", "card0"), 0o755); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		sysRoot string
		fresh   bool
	}{{"off", b.TempDir(), false}, {"first", withCard, true}, {"steady", withCard, false}} {
		b.Run(c.name, func(b *testing.B) {
			s, err := NewSampler("/proc")
			if err != nil {
				b.Fatal(err)
			}
			s.sysRoot = c.sysRoot
			if _, err := s.Sample(); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				if c.fresh {
					b.StopTimer()
					for _, m := range s.procs {
						m.gpu = nil
					}
					b.StartTimer()
				}
				if _, err := s.Sample(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
