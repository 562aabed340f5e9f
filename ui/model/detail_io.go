package model

import (
	"fmt"
	"strings"

	"github.com/taskscope/taskscope/inspect"
)

// AppLine describes the app a process belongs to, for the detail pane.
func AppLine(p *inspect.Process) string {
	if p.App == "" {
		return "none (not in an app's, container's or service's cgroup)"
	}
	return p.App
}

// DiskLine describes a process's disk I/O: rates over the interval and totals since it started,
// or why the kernel would not tell.
func DiskLine(p *inspect.Process) string {
	if p.IOUnavailable && p.IONotRecorded {
		return NotRecorded + ": this source (a recording or an agent from before disk I/O was kept) does not carry it"
	}
	if p.IOUnavailable {
		return NoPermission + ": the kernel shows another user's disk I/O only to its owner and root"
	}
	line := fmt.Sprintf("read %s · write %s", FormatRate(p.ReadBytesPerSec), FormatRate(p.WriteBytesPerSec))
	if p.ReadBytes > 0 || p.WriteBytes > 0 {
		line += fmt.Sprintf(" (since start: %s read, %s written)", FormatBytes(p.ReadBytes), FormatBytes(p.WriteBytes))
	}
	return line
}

// GPULine describes a process's use of each GPU it has open; "" when it has none, so the pane
// leaves the line out.
func GPULine(p *inspect.Process) string {
	var parts []string
	for _, g := range p.GPU {
		parts = append(parts, fmt.Sprintf("%s: %s %% busy · %s", g.Name, FormatPercent(g.BusyPercent), FormatBytes(g.MemoryBytes)))
	}
	return strings.Join(parts, "; ")
}

// DiskTotal is the header's machine-wide disk line, or "" when diskstats could not be read.
func DiskTotal(d inspect.Disk) string {
	if !d.Available {
		return ""
	}
	return fmt.Sprintf("disk read %s · write %s", FormatRate(d.ReadBytesPerSec), FormatRate(d.WriteBytesPerSec))
}
