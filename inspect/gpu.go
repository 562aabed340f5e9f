package inspect

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// GPU use per process comes from the fdinfo files of its open DRM devices, which the kernel
// documents for exactly this (Documentation/gpu/drm-usage-stats.rst). Finding those fds costs a
// readlink per open fd, so it is bounded three ways: nothing is scanned unless the machine has a
// DRM device (sys/class/drm lists a card or render node); a process's fd table is listed when
// it is new and again every gpuRescan, not every sample; and a process whose fds may not be read
// (another user's) is not asked again. Every sample then reads only the fdinfo of fds already
// known to be DRM devices.

// gpuRescan is how often a process's fd table is listed again for newly opened GPU devices.
const gpuRescan = 5 * time.Second

// GPUUse is one process's use of one GPU over the interval.
type GPUUse struct {
	// Name names the GPU: its driver and PCI vendor:device IDs, or the driver alone.
	Name string
	// Device is the bus address (drm-pdev), or the driver's name when the driver gives none.
	Device string
	// BusyPercent is the busy share of the GPU's busiest engine used by this process, 0 to 100
	// (an engine of capacity N counts as N engines).
	BusyPercent float64
	// MemoryBytes is the GPU memory the process's clients hold.
	MemoryBytes uint64
}

// gpuMemo is what the sampler remembers of one process's GPU clients.
type gpuMemo struct {
	denied    bool
	scannedAt time.Time
	fds       []int
	// prev holds each engine's busy nanoseconds, keyed by device, client and engine.
	prev map[string]uint64
}

// sysRootFor returns the sysfs root that goes with a proc root: /sys for the live /proc, and a
// "sys" directory beside a fixture tree's proc root.
func sysRootFor(procRoot string) string {
	if filepath.Clean(procRoot) == "/proc" {
		return "/sys"
	}
	return filepath.Join(filepath.Dir(procRoot), "sys")
}

// hasDRM reports whether the machine has a DRM card or render node.
func hasDRM(sysRoot string) bool {
	entries, err := os.ReadDir(filepath.Join(sysRoot, "class", "drm"))
	if err != nil {
		return false
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "card") || strings.HasPrefix(e.Name(), "renderD") {
			return true
		}
	}
	return false
}

// readGPU fills p.GPU from pid's DRM clients; seconds is the time since the process was last
// read (0 on its first sample, whose busy shares are zero).
func (s *Sampler) readGPU(rootfd, pid int, m *procMemo, at time.Time, seconds float64, p *Process) {
	if m.gpu == nil {
		m.gpu = &gpuMemo{}
	}
	g := m.gpu
	if g.denied {
		return
	}
	if g.scannedAt.IsZero() || at.Sub(g.scannedAt) >= gpuRescan {
		fds, err := s.drmFDs(rootfd, pid)
		if isDenied(err) {
			g.denied = true
			return
		}
		g.fds, g.scannedAt = fds, at
	}
	if len(g.fds) == 0 {
		g.prev = nil
		return
	}
	type clientKey struct {
		device string
		id     uint64
	}
	seen := make(map[clientKey]bool, len(g.fds))
	busyNS := map[string]map[string]float64{} // device → engine → busy ns per capacity
	next := make(map[string]uint64)
	for _, fd := range g.fds {
		c, ok := s.readFdinfo(rootfd, pid, fd)
		if !ok {
			continue
		}
		device := c.PDev
		if device == "" {
			device = c.Driver
		}
		k := clientKey{device, c.ClientID}
		if seen[k] {
			continue
		}
		seen[k] = true
		use := s.gpuUse(p, device, c.Driver)
		use.MemoryBytes += c.MemoryBytes
		if busyNS[device] == nil {
			busyNS[device] = map[string]float64{}
		}
		for _, e := range c.Engines {
			key := device + "\x00" + itoa(c.ClientID) + "\x00" + e.Name
			next[key] = e.BusyNS
			if before, ok := g.prev[key]; ok && e.BusyNS > before {
				busyNS[device][e.Name] += float64(e.BusyNS-before) / float64(e.Capacity)
			}
		}
	}
	g.prev = next
	if seconds <= 0 {
		return
	}
	for i := range p.GPU {
		for _, ns := range busyNS[p.GPU[i].Device] {
			p.GPU[i].BusyPercent = max(p.GPU[i].BusyPercent, min(ns/(seconds*1e9)*100, 100))
		}
	}
}

// gpuUse returns p's entry for device, adding it when new.
func (s *Sampler) gpuUse(p *Process, device, driver string) *GPUUse {
	for i := range p.GPU {
		if p.GPU[i].Device == device {
			return &p.GPU[i]
		}
	}
	p.GPU = append(p.GPU, GPUUse{Device: device, Name: s.gpuName(device, driver)})
	return &p.GPU[len(p.GPU)-1]
}

// drmFDs lists pid's open fds that point at a DRM device node (/dev/dri/...).
func (s *Sampler) drmFDs(rootfd, pid int) ([]int, error) {
	dirfd, err := openAt(rootfd, s.path.set(pid, "/fd"), unix.O_DIRECTORY)
	if err != nil {
		return nil, err
	}
	defer unix.Close(dirfd)
	s.tids, err = readDirIDs(dirfd, s.dentBuf, s.tids[:0])
	if err != nil {
		return nil, err
	}
	var fds []int
	buf := make([]byte, 64)
	for _, fd := range s.tids {
		n, err := unix.Readlinkat(dirfd, itoa(uint64(fd)), buf)
		if err == nil && strings.HasPrefix(string(buf[:n]), "/dev/dri/") {
			fds = append(fds, fd)
		}
	}
	return fds, nil
}

// readFdinfo reads and parses fdinfo/fd of pid.
func (s *Sampler) readFdinfo(rootfd, pid, fd int) (DRMClient, bool) {
	f, err := openAt(rootfd, s.path.set(pid, "/fdinfo/"+itoa(uint64(fd))), 0)
	if err != nil {
		return DRMClient{}, false
	}
	s.cmdBuf, err = readAll(f, s.cmdBuf, 64<<10)
	unix.Close(f)
	if err != nil {
		return DRMClient{}, false
	}
	return ParseDRMFdinfo(s.cmdBuf)
}

// gpuName names the GPU at device (a PCI address, or the driver's name), remembering the answer.
func (s *Sampler) gpuName(device, driver string) string {
	if name, ok := s.gpuNames[device]; ok {
		return name
	}
	name := driver
	dir := filepath.Join(s.sysRoot, "bus", "pci", "devices", device)
	if label, err := os.ReadFile(filepath.Join(dir, "label")); err == nil && strings.TrimSpace(string(label)) != "" {
		name = driver + " " + strings.TrimSpace(string(label))
	} else if v, err := os.ReadFile(filepath.Join(dir, "vendor")); err == nil {
		if d, err := os.ReadFile(filepath.Join(dir, "device")); err == nil {
			name = driver + " [" + strings.TrimPrefix(strings.TrimSpace(string(v)), "0x") + ":" +
				strings.TrimPrefix(strings.TrimSpace(string(d)), "0x") + "]"
		}
	}
	if s.gpuNames == nil {
		s.gpuNames = map[string]string{}
	}
	s.gpuNames[device] = name
	return name
}

// itoa formats n in decimal.
func itoa(n uint64) string { return strconv.FormatUint(n, 10) }
