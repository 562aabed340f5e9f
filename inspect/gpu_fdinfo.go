package inspect

import (
	"bytes"
	"strconv"
	"strings"
)

// DRMClient is what one /proc/PID/fdinfo/N of an open GPU device tells, in the keys the kernel
// documents for DRM clients (Documentation/gpu/drm-usage-stats.rst).
type DRMClient struct {
	// Driver is drm-driver, the kernel driver's name (i915, amdgpu, xe, msm, ...).
	Driver string
	// PDev is drm-pdev, the device's bus address ("0000:00:02.0"); empty when not given.
	PDev string
	// ClientID is drm-client-id: fds that share it (dup, fork, passed over a socket) are one client.
	ClientID uint64
	// Engines holds the busy time of each engine (drm-engine-<name>) since the client opened.
	Engines []DRMEngine
	// MemoryBytes is the client's memory: the sum of drm-total-<region> where the driver gives
	// those, else of the older drm-memory-<region>.
	MemoryBytes uint64
}

// DRMEngine is one engine's busy time and how many engines of that kind it stands for.
type DRMEngine struct {
	Name     string
	BusyNS   uint64
	Capacity uint64
}

// ParseDRMFdinfo parses the bytes of an fdinfo file. ok is false for an fd that is not a DRM
// client (no drm-driver and drm-client-id), which is most of them.
func ParseDRMFdinfo(b []byte) (c DRMClient, ok bool) {
	var haveID bool
	var total, legacy uint64
	var haveTotal bool
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		k, v, found := bytes.Cut(line, []byte(":"))
		if !found || !bytes.HasPrefix(k, []byte("drm-")) {
			continue
		}
		key, val := string(k), strings.TrimSpace(string(v))
		switch {
		case key == "drm-driver":
			c.Driver = val
		case key == "drm-pdev":
			c.PDev = val
		case key == "drm-client-id":
			id, err := strconv.ParseUint(val, 10, 64)
			if err != nil {
				return DRMClient{}, false
			}
			c.ClientID, haveID = id, true
		case strings.HasPrefix(key, "drm-engine-capacity-"):
			n, err := strconv.ParseUint(val, 10, 64)
			if err == nil && n > 0 {
				engine(&c, key[len("drm-engine-capacity-"):]).Capacity = n
			}
		case strings.HasPrefix(key, "drm-engine-"):
			num, unit, _ := strings.Cut(val, " ")
			ns, err := strconv.ParseUint(num, 10, 64)
			if err == nil && strings.TrimSpace(unit) == "ns" {
				engine(&c, key[len("drm-engine-"):]).BusyNS = ns
			}
		case strings.HasPrefix(key, "drm-total-"):
			if n, ok := parseDRMBytes(val); ok {
				total, haveTotal = total+n, true
			}
		case strings.HasPrefix(key, "drm-memory-"):
			if n, ok := parseDRMBytes(val); ok {
				legacy += n
			}
		}
	}
	if c.Driver == "" || !haveID {
		return DRMClient{}, false
	}
	c.MemoryBytes = legacy
	if haveTotal {
		c.MemoryBytes = total
	}
	return c, true
}

// engine returns the engine called name in c, adding it (capacity 1) when new.
func engine(c *DRMClient, name string) *DRMEngine {
	for i := range c.Engines {
		if c.Engines[i].Name == name {
			return &c.Engines[i]
		}
	}
	c.Engines = append(c.Engines, DRMEngine{Name: name, Capacity: 1})
	return &c.Engines[len(c.Engines)-1]
}

// parseDRMBytes reads a memory value: a number and an optional unit, KiB or MiB (the kernel's).
func parseDRMBytes(s string) (uint64, bool) {
	num, unit, _ := strings.Cut(s, " ")
	n, err := strconv.ParseUint(num, 10, 64)
	if err != nil {
		return 0, false
	}
	var shift uint
	switch strings.TrimSpace(unit) {
	case "":
	case "KiB":
		shift = 10
	case "MiB":
		shift = 20
	case "GiB":
		shift = 30
	default:
		return 0, false
	}
	if n > (1<<64-1)>>shift {
		return 0, false
	}
	return n << shift, true
}
