package inspect

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// diskSector is the unit of diskstats' sector counts: always 512 bytes, whatever the device's.
const diskSector = 512

// virtualDisks are device names whose traffic is counted again on a disk beneath them (loop
// files, device-mapper and md arrays) or never reaches storage (RAM disks, zram).
var virtualDisks = []string{"loop", "ram", "zram", "dm-", "md", "nbd"}

// ParseDiskstats sums the bytes read from and written to the whole disks listed in the bytes of
// /proc/diskstats. Partitions (sda1 beside sda, nvme0n1p2 beside nvme0n1) and virtual devices
// are left out, so nothing is counted twice. ok is false when no line could be read.
func ParseDiskstats(b []byte) (readBytes, writeBytes uint64, ok bool) {
	type dev struct {
		name    string
		rd, wr  uint64
		virtual bool
	}
	var devs []dev
	for _, line := range bytes.Split(b, []byte("\n")) {
		f := strings.Fields(string(line))
		if len(f) < 10 {
			continue
		}
		rd, err1 := strconv.ParseUint(f[5], 10, 64)
		wr, err2 := strconv.ParseUint(f[9], 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		d := dev{name: f[2], rd: rd, wr: wr}
		for _, v := range virtualDisks {
			d.virtual = d.virtual || strings.HasPrefix(d.name, v)
		}
		devs = append(devs, d)
	}
	for _, d := range devs {
		if d.virtual || isPartition(d.name, devs, func(x dev) string { return x.name }) {
			continue
		}
		// Counts of sectors times 512 overflow only after 16 EiB: not a worry.
		readBytes += d.rd * diskSector
		writeBytes += d.wr * diskSector
	}
	return readBytes, writeBytes, len(devs) > 0
}

// isPartition reports whether name is a partition of another listed device: that device's
// name followed by a number, or by "p" and a number (nvme0n1p1, mmcblk0p1).
func isPartition[T any](name string, devs []T, nameOf func(T) string) bool {
	for _, d := range devs {
		disk := nameOf(d)
		rest, found := strings.CutPrefix(name, disk)
		if !found || rest == "" {
			continue
		}
		rest = strings.TrimPrefix(rest, "p")
		if rest != "" && strings.Trim(rest, "0123456789") == "" {
			return true
		}
	}
	return false
}

// diskState is the sampler's memory of the machine's disk counters.
type diskState struct {
	known       bool
	read, write uint64
}

// readDisk reads the machine's disk counters and turns them into rates over seconds.
func (s *Sampler) readDisk(seconds float64) Disk {
	b, err := os.ReadFile(filepath.Join(s.root, "diskstats"))
	if err != nil {
		s.disk.known = false
		return Disk{}
	}
	r, w, ok := ParseDiskstats(b)
	if !ok {
		s.disk.known = false
		return Disk{}
	}
	d := Disk{Available: true, ReadBytes: r, WriteBytes: w}
	if s.disk.known && seconds > 0 {
		d.ReadBytesPerSec = byteRate(s.disk.read, r, seconds)
		d.WriteBytesPerSec = byteRate(s.disk.write, w, seconds)
	}
	s.disk = diskState{known: true, read: r, write: w}
	return d
}
