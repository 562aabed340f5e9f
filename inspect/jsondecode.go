package inspect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/taskscope/taskscope/internal/task"
)

// ErrBadSnapshotJSON is wrapped by every error of ReadJSON and DecodeJSON that is about the
// content of the bytes (not about reading them).
var ErrBadSnapshotJSON = errors.New("inspect: bad snapshot JSON")

// MaxSnapshotJSON bounds the size of one snapshot that ReadJSON accepts. A machine with 100,000
// threads writes about 10 MB; anything far beyond that is not a snapshot.
const MaxSnapshotJSON = 64 << 20

// ReadJSON reads one snapshot in the documented `snapshot --json` format from r (at most
// MaxSnapshotJSON bytes) and decodes it with DecodeJSON.
func ReadJSON(r io.Reader) (*Snapshot, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxSnapshotJSON+1))
	if err != nil {
		return nil, fmt.Errorf("inspect: read snapshot json: %w", err)
	}
	if len(b) > MaxSnapshotJSON {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrBadSnapshotJSON, MaxSnapshotJSON)
	}
	return DecodeJSON(b)
}

// DecodeJSON turns the bytes WriteJSON writes back into a Snapshot, for readers of another
// machine's snapshots (the window on a remote agent). Only what the format carries comes back:
// UID is -1 (unknown; User has the name), Host, swap totals, CPU times and the counters of
// Skipped stay zero, NumThreads is the number of
// threads listed, Host.Uptime is computed from the two times, and Host.LogicalCores is the number
// of cores listed. The result keeps the promises Sample's do (processes ordered by PID and
// unique, one-letter states, percentages in range), or an error wrapping ErrBadSnapshotJSON
// says which was broken: a reader may binary-search it and index a state without checking.
func DecodeJSON(b []byte) (*Snapshot, error) {
	var in jsonSnapshot
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadSnapshotJSON, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: more after the object", ErrBadSnapshotJSON)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrBadSnapshotJSON}, args...)...)
	}

	taken, err := time.Parse(time.RFC3339Nano, in.Taken)
	if err != nil {
		return nil, bad("taken: %w", err)
	}
	boot, err := time.Parse(time.RFC3339Nano, in.BootTime)
	if err != nil {
		return nil, bad("boot_time: %w", err)
	}
	if in.IntervalMS < 0 || in.IntervalMS > math.MaxInt64/int64(time.Millisecond) {
		return nil, bad("interval_ms %d out of range", in.IntervalMS)
	}
	snap := &Snapshot{
		Taken:    taken,
		Interval: time.Duration(in.IntervalMS) * time.Millisecond,
		BootTime: boot,
		Memory:   Memory{TotalBytes: in.Memory.TotalBytes, AvailableBytes: in.Memory.AvailableBytes},
		Cores:    make([]Core, 0, len(in.Cores)),
	}
	snap.Host.LogicalCores = len(in.Cores)
	if up := taken.Sub(boot); up > 0 {
		snap.Host.Uptime = up
	}
	for i, c := range in.Cores {
		if c.ID < 0 || (i > 0 && c.ID <= in.Cores[i-1].ID) {
			return nil, bad("cores must be ordered by id, without repeats (core %d)", c.ID)
		}
		if !inRange(c.BusyPercent, 100) {
			return nil, bad("core %d: busy_percent %v out of range", c.ID, c.BusyPercent)
		}
		snap.Cores = append(snap.Cores, Core{ID: c.ID, BusyPercent: c.BusyPercent})
	}

	snap.Processes = make([]Process, 0, len(in.Processes))
	for i := range in.Processes {
		jp := &in.Processes[i]
		if jp.PID <= 0 || (i > 0 && jp.PID <= in.Processes[i-1].PID) {
			return nil, bad("processes must be ordered by pid, without repeats, pids above 0 (pid %d)", jp.PID)
		}
		if jp.PPID < 0 {
			return nil, bad("process %d: ppid %d", jp.PID, jp.PPID)
		}
		if !validState(jp.State) {
			return nil, bad("process %d: state %q is not a scheduler state letter", jp.PID, jp.State)
		}
		// A process may use many cores at once; a million percent is beyond any machine.
		if !inRange(jp.CPUPercent, 1e6) {
			return nil, bad("process %d: cpu_percent %v out of range", jp.PID, jp.CPUPercent)
		}
		p := Process{
			PID: jp.PID, PPID: jp.PPID, StartTicks: jp.StartTicks, Name: jp.Name, Cmdline: jp.Cmdline,
			UID: -1, User: jp.User, State: jp.State, KernelThread: jp.KernelThread, CPUPercent: jp.CPUPercent,
			RSSBytes: jp.RSSBytes, NumThreads: len(jp.Threads), Threads: make([]Thread, 0, len(jp.Threads)),
		}
		seen := make(map[int]bool, len(jp.Threads))
		for _, jt := range jp.Threads {
			if jt.TID <= 0 || seen[jt.TID] {
				return nil, bad("process %d: thread id %d repeated or not above 0", jp.PID, jt.TID)
			}
			seen[jt.TID] = true
			if !validState(jt.State) {
				return nil, bad("thread %d: state %q is not a scheduler state letter", jt.TID, jt.State)
			}
			if !inRange(jt.CPUPercent, 100) {
				return nil, bad("thread %d: cpu_percent %v out of range", jt.TID, jt.CPUPercent)
			}
			if jt.Core < 0 {
				return nil, bad("thread %d: core %d", jt.TID, jt.Core)
			}
			th := Thread{TID: jt.TID, Name: jt.Name, State: jt.State, CPUPercent: jt.CPUPercent, Core: jt.Core}
			// The format gives only the process's start time; it is the main thread's too.
			if jt.TID == jp.PID {
				th.StartTicks = jp.StartTicks
			}
			p.Threads = append(p.Threads, th)
		}
		snap.Processes = append(snap.Processes, p)
	}
	return snap, nil
}

// inRange reports whether a percentage lies in 0..hi. JSON has no NaN, so only the bounds matter.
func inRange(x, hi float64) bool { return x >= 0 && x <= hi }

// validState reports whether s is one state letter as stat shows it, or the "?" the sampler
// writes for a letter it does not know.
func validState(s string) bool {
	return len(s) == 1 && (s == "?" || task.IsStateLetter(s[0]))
}
