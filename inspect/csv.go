package inspect

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
)

// csvHeader names the columns WriteCSV writes.
var csvHeader = []string{
	"pid", "ppid", "start_ticks", "user", "process_name", "process_state", "kernel_thread",
	"process_cpu_percent", "rss_bytes", "num_threads",
	"tid", "thread_name", "thread_state", "thread_cpu_percent", "core", "cmdline",
	// Added with apps and disk I/O, after the older columns so their positions stay. The rates
	// are empty when unknown, and io_unknown says why: "no permission" or "not recorded".
	"app", "read_bytes_per_sec", "write_bytes_per_sec", "io_unknown",
}

// WriteCSV writes snap as a table with one row per thread, each carrying its process's columns,
// so a spreadsheet can filter and sort either way. A process whose threads all vanished still
// gets one row, with the thread columns empty.
func WriteCSV(w io.Writer, snap *Snapshot) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("inspect: write csv: %w", err)
	}
	row := make([]string, len(csvHeader))
	pct := func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
	for i := range snap.Processes {
		p := &snap.Processes[i]
		row = append(row[:0],
			strconv.Itoa(p.PID), strconv.Itoa(p.PPID), strconv.FormatUint(p.StartTicks, 10), p.User,
			p.Name, p.State, strconv.FormatBool(p.KernelThread), pct(p.CPUPercent),
			strconv.FormatUint(p.RSSBytes, 10), strconv.Itoa(p.NumThreads))
		read, write, unknown := csvIO(p)
		if len(p.Threads) == 0 {
			if err := cw.Write(append(row, "", "", "", "", "", p.Cmdline, p.App, read, write, unknown)); err != nil {
				return fmt.Errorf("inspect: write csv: %w", err)
			}
			continue
		}
		base := len(row)
		for _, t := range p.Threads {
			row = append(row[:base], strconv.Itoa(t.TID), t.Name, t.State, pct(t.CPUPercent),
				strconv.Itoa(t.Core), p.Cmdline, p.App, read, write, unknown)
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("inspect: write csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("inspect: write csv: %w", err)
	}
	return nil
}

// csvIO is a process's disk rates in whole bytes per second, or empty rates and the reason
// they are unknown.
func csvIO(p *Process) (read, write, unknown string) {
	switch {
	case p.IOUnavailable && p.IONotRecorded:
		return "", "", "not recorded"
	case p.IOUnavailable:
		return "", "", "no permission"
	}
	rate := func(x float64) string { return strconv.FormatFloat(math.Round(x), 'f', 0, 64) }
	return rate(p.ReadBytesPerSec), rate(p.WriteBytesPerSec), ""
}
