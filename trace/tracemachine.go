package trace

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/internal/task"
	"github.com/taskscope/taskscope/trace/internal/perf"
)

// tracefsDirs are where tracefs is found: its own mount point, and under debugfs on older
// systems. Reading either automounts it when the kernel offers it.
var tracefsDirs = []string{"/sys/kernel/tracing", "/sys/kernel/debug/tracing"}

// schedSwitchEvent reads the id of the sched:sched_switch tracepoint and the layout of its
// fields from tracefs.
func schedSwitchEvent() (uint64, *perf.Layout, error) {
	var firstErr error
	for _, dir := range tracefsDirs {
		ev := filepath.Join(dir, "events", "sched", "sched_switch")
		idText, err := os.ReadFile(filepath.Join(ev, "id"))
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		id, err := strconv.ParseUint(strings.TrimSpace(string(idText)), 10, 64)
		if err != nil {
			return 0, nil, fmt.Errorf("trace: sched_switch id %q: %w", idText, err)
		}
		format, err := os.ReadFile(filepath.Join(ev, "format"))
		if err != nil {
			return 0, nil, fmt.Errorf("trace: sched_switch format: %w", err)
		}
		lay, err := perf.ParseSchedSwitchFormat(format)
		return id, lay, err
	}
	if errors.Is(firstErr, os.ErrPermission) {
		return 0, nil, &PerfRefusedError{
			Reason: "tracing the whole machine needs root, or CAP_PERFMON and a way to read tracefs (the sched_switch tracepoint's id)",
			Fix:    "run as root, or: sudo setcap cap_perfmon,cap_dac_read_search+ep " + selfPath(),
			Errno:  unix.EACCES,
		}
	}
	return 0, nil, &PerfRefusedError{
		Reason: "the sched:sched_switch tracepoint was not found (is tracefs mounted?)",
		Fix:    "sudo mount -t tracefs nodev /sys/kernel/tracing",
		Errno:  unix.ENOENT,
	}
}

// Machine traces every task of the machine with the sched:sched_switch tracepoint on
// every CPU, which also says whether a task left a CPU sleeping, in uninterruptible wait or
// stopped. It needs root, or CAP_PERFMON with CAP_DAC_READ_SEARCH (tracefs is root's);
// otherwise the error matches ErrPerfRefused.
func Machine(opts Options) (*Tracer, error) {
	pages, err := opts.ringPages()
	if err != nil {
		return nil, err
	}
	cpus, err := task.OnlineCPUs()
	if err != nil {
		return nil, err
	}
	id, lay, err := schedSwitchEvent()
	if err != nil {
		return nil, err
	}
	attr := &unix.PerfEventAttr{
		Type:        unix.PERF_TYPE_TRACEPOINT,
		Config:      id,
		Sample:      1, // every switch
		Sample_type: perf.SampleType | unix.PERF_SAMPLE_RAW,
		Bits: unix.PerfBitSampleIDAll | unix.PerfBitUseClockID | unix.PerfBitComm |
			unix.PerfBitCommExec | unix.PerfBitTask | unix.PerfBitWatermark,
		Wakeup:  uint32(pages * os.Getpagesize() / 2),
		Clockid: unix.CLOCK_MONOTONIC,
	}
	attr.Size = uint32(unsafe.Sizeof(*attr))
	t := &Tracer{tp: lay, keep: opts.Keep}
	for _, cpu := range cpus {
		fd, err := opts.perfOpen(attr, -1, cpu, -1)
		if err != nil {
			t.closeAll()
			return nil, refused(err, 0)
		}
		r, err := perf.MapRing(fd, cpu, pages)
		if err != nil {
			unix.Close(fd)
			t.closeAll()
			return nil, err
		}
		t.rings = append(t.rings, r)
	}
	t.b = newTraceBuilder(SourceTracepoint, monoNow(), cpus[len(cpus)-1]+1)
	t.b.tgidOf = readTgid
	if err := t.startReader(); err != nil {
		t.closeAll()
		return nil, err
	}
	return t, nil
}

// readTgid reads the process (thread group) of thread tid from /proc, or 0 when it ended.
func readTgid(tid int) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(tid) + "/status")
	if err != nil {
		return 0
	}
	_, rest, ok := bytes.Cut(b, []byte("\nTgid:"))
	if !ok {
		return 0
	}
	line, _, _ := bytes.Cut(rest, []byte("\n"))
	n, err := strconv.Atoi(strings.TrimSpace(string(line)))
	if err != nil {
		return 0
	}
	return n
}
