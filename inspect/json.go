package inspect

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"time"
)

// The json* types are the documented `taskscope snapshot --json` format (see README). They are
// separate from Snapshot so that the Go names can change without breaking scripts.
type jsonSnapshot struct {
	Taken      string        `json:"taken"`
	IntervalMS int64         `json:"interval_ms"`
	BootTime   string        `json:"boot_time"`
	Cores      []jsonCore    `json:"cores"`
	Memory     jsonMemory    `json:"memory"`
	Disk       *jsonDisk     `json:"disk,omitempty"`
	Processes  []jsonProcess `json:"processes"`
}

type jsonCore struct {
	ID          int     `json:"id"`
	BusyPercent float64 `json:"busy_percent"`
}

type jsonMemory struct {
	TotalBytes     uint64 `json:"total_bytes"`
	AvailableBytes uint64 `json:"available_bytes"`
}

// jsonDisk is the machine's disk traffic; left out when /proc/diskstats could not be read.
type jsonDisk struct {
	ReadBytesPerSec  float64 `json:"read_bytes_per_sec"`
	WriteBytesPerSec float64 `json:"write_bytes_per_sec"`
}

type jsonProcess struct {
	PID          int     `json:"pid"`
	PPID         int     `json:"ppid"`
	StartTicks   uint64  `json:"start_ticks"`
	Name         string  `json:"name"`
	Cmdline      string  `json:"cmdline"`
	App          string  `json:"app"`
	User         string  `json:"user"`
	State        string  `json:"state"`
	KernelThread bool    `json:"kernel_thread"`
	CPUPercent   float64 `json:"cpu_percent"`
	RSSBytes     uint64  `json:"rss_bytes"`
	// The I/O rates are left out, and IOUnavailable is true, when the kernel would not tell.
	ReadBytesPerSec  *float64 `json:"read_bytes_per_sec,omitempty"`
	WriteBytesPerSec *float64 `json:"write_bytes_per_sec,omitempty"`
	IOUnavailable    bool     `json:"io_unavailable,omitempty"`
	// IONotRecorded is true, beside IOUnavailable, when the rates are unknown because the source
	// (a replayed recording) never kept them rather than because the kernel refused.
	IONotRecorded bool         `json:"io_not_recorded,omitempty"`
	GPU           []jsonGPU    `json:"gpu,omitempty"`
	Threads       []jsonThread `json:"threads"`
}

// jsonGPU is one process's use of one GPU; the list is left out for a process using none.
type jsonGPU struct {
	Name        string  `json:"name"`
	Device      string  `json:"device"`
	BusyPercent float64 `json:"busy_percent"`
	MemoryBytes uint64  `json:"memory_bytes"`
}

type jsonThread struct {
	TID        int     `json:"tid"`
	Name       string  `json:"name"`
	State      string  `json:"state"`
	CPUPercent float64 `json:"cpu_percent"`
	Core       int     `json:"core"`
}

// WriteJSON writes snap in the documented snapshot format: one JSON object, keys in snake_case,
// times in RFC 3339, percentages rounded to hundredths.
func WriteJSON(w io.Writer, snap *Snapshot) error {
	out := jsonSnapshot{
		Taken:      snap.Taken.Format(time.RFC3339Nano),
		IntervalMS: snap.Interval.Milliseconds(),
		BootTime:   snap.BootTime.Format(time.RFC3339),
		Cores:      make([]jsonCore, 0, len(snap.Cores)),
		Memory:     jsonMemory{TotalBytes: snap.Memory.TotalBytes, AvailableBytes: snap.Memory.AvailableBytes},
		Processes:  make([]jsonProcess, 0, len(snap.Processes)),
	}
	if snap.Disk.Available {
		out.Disk = &jsonDisk{ReadBytesPerSec: math.Round(snap.Disk.ReadBytesPerSec),
			WriteBytesPerSec: math.Round(snap.Disk.WriteBytesPerSec)}
	}
	for _, c := range snap.Cores {
		out.Cores = append(out.Cores, jsonCore{ID: c.ID, BusyPercent: round2(c.BusyPercent)})
	}
	for i := range snap.Processes {
		p := &snap.Processes[i]
		jp := jsonProcess{
			PID: p.PID, PPID: p.PPID, StartTicks: p.StartTicks, Name: p.Name, Cmdline: p.Cmdline,
			App: p.App, User: p.User, State: p.State, KernelThread: p.KernelThread,
			CPUPercent: round2(p.CPUPercent), RSSBytes: p.RSSBytes,
			Threads: make([]jsonThread, 0, len(p.Threads)),
		}
		for _, g := range p.GPU {
			jp.GPU = append(jp.GPU, jsonGPU{Name: g.Name, Device: g.Device, BusyPercent: round2(g.BusyPercent),
				MemoryBytes: g.MemoryBytes})
		}
		if p.IOUnavailable {
			jp.IOUnavailable, jp.IONotRecorded = true, p.IONotRecorded
		} else {
			r, w := math.Round(p.ReadBytesPerSec), math.Round(p.WriteBytesPerSec)
			jp.ReadBytesPerSec, jp.WriteBytesPerSec = &r, &w
		}
		for _, t := range p.Threads {
			jp.Threads = append(jp.Threads, jsonThread{TID: t.TID, Name: t.Name, State: t.State,
				CPUPercent: round2(t.CPUPercent), Core: t.Core})
		}
		out.Processes = append(out.Processes, jp)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := json.NewEncoder(bw).Encode(&out); err != nil {
		return fmt.Errorf("inspect: write json: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("inspect: write json: %w", err)
	}
	return nil
}

// round2 rounds to hundredths, which is all a percentage read by eye needs.
func round2(x float64) float64 { return math.Round(x*100) / 100 }
