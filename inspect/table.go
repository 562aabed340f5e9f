package inspect

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// WriteTable prints snap for a person, as `taskscope snapshot` and `taskscope replay` do: a summary line, then one row per process with its
// threads indented under it.
func WriteTable(w io.Writer, snap *Snapshot) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	h := snap.Host
	fmt.Fprintf(bw, "%s  %s  kernel %s  up %s  %s (%d logical, %d physical cores)\n",
		snap.Taken.Format(time.RFC3339), h.Hostname, h.Kernel, h.Uptime.Truncate(time.Second), h.CPUModel, h.LogicalCores, h.PhysicalCores)
	fmt.Fprintf(bw, "memory %s used of %s", bytesText(snap.Memory.UsedBytes()), bytesText(snap.Memory.TotalBytes))
	for _, c := range snap.Cores {
		fmt.Fprintf(bw, "  cpu%d %.0f%%", c.ID, c.BusyPercent)
	}
	threads := 0
	for i := range snap.Processes {
		threads += len(snap.Processes[i].Threads)
	}
	if d := snap.Disk; d.Available {
		fmt.Fprintf(bw, "\ndisk read %s/s, write %s/s", bytesText(uint64(d.ReadBytesPerSec)), bytesText(uint64(d.WriteBytesPerSec)))
	}
	fmt.Fprintf(bw, "\n%d processes, %d threads, rates over %v\n\n", len(snap.Processes), threads, snap.Interval.Round(time.Millisecond))

	// Fixed widths rather than a tabwriter: numbers align right, names left, and the table can be
	// written as it goes.
	const row = "%7s %7s %-10s %1s %6s %7s %8s %8s %4s  %-22s %s\n"
	fmt.Fprintf(bw, row, "PID", "TID", "USER", "S", "CPU%", "RSS", "READ/s", "WRITE/s", "CORE", "APP", "NAME / COMMAND")
	notRecorded := false
	for i := range snap.Processes {
		p := &snap.Processes[i]
		name := printable(p.Name)
		if p.KernelThread {
			name = "[" + name + "]"
		}
		if p.Cmdline != "" {
			name = fmt.Sprintf("%-17s %s", name, clip(printable(p.Cmdline), 100))
		}
		read, write := ioText(p, p.ReadBytesPerSec), ioText(p, p.WriteBytesPerSec)
		notRecorded = notRecorded || p.IOUnavailable && p.IONotRecorded
		fmt.Fprintf(bw, row, strconv.Itoa(p.PID), "", clip(printable(p.User), 10), p.State,
			strconv.FormatFloat(p.CPUPercent, 'f', 1, 64), bytesText(p.RSSBytes), read, write, "", clip(printable(p.App), 22), name)
		if len(p.Threads) < 2 {
			continue // a single thread would only repeat its process's row
		}
		for _, t := range p.Threads {
			fmt.Fprintf(bw, row, "", strconv.Itoa(t.TID), "", t.State,
				strconv.FormatFloat(t.CPUPercent, 'f', 1, 64), "", "", "", strconv.Itoa(t.Core), "", "  "+printable(t.Name))
		}
	}
	if notRecorded {
		fmt.Fprintln(bw, "\nREAD/s and WRITE/s: - means not recorded (recordings before format version 2 did not keep disk I/O)")
	}
	if snap.Skipped+snap.Unavailable > 0 {
		fmt.Fprintf(bw, "\n%d tasks ended while being read, %d could not be read\n", snap.Skipped, snap.Unavailable)
	}
	return bw.Flush()
}

// bytesText writes a byte count with a binary unit, as ps and top users expect.
func bytesText(n uint64) string {
	const units = "KMGTPE"
	if n < 1024 {
		return strconv.FormatUint(n, 10) + "B"
	}
	v, i := float64(n)/1024, 0
	for v >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + units[i:i+1]
}

// ioText is a process's disk rate as the table prints it: "no perm" where the kernel would not
// tell (as htop says), "-" where the source never had it (a recording), never a false 0.
func ioText(p *Process, rate float64) string {
	switch {
	case p.IOUnavailable && p.IONotRecorded:
		return "-"
	case p.IOUnavailable:
		return "no perm"
	}
	return bytesText(uint64(rate+0.5)) + "/s"
}

// printable replaces control characters, which a process may put in its name or command line,
// so they cannot move the cursor or break the table.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}

// clip shortens s to at most n runes, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
