package model

import (
	"fmt"
	"sync"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/record"
	"github.com/taskscope/taskscope/trace"
)

// Replay is a recording as a Source: each Sample is the recorded sample at the Playback's
// position, so the window shows a recording as it shows the live machine. Memory details were
// not recorded and are unavailable; a replay cannot be watched at 10 Hz nor signalled.
type Replay struct {
	path   string
	header record.Header
	start  time.Time
	pb     *Playback

	// trace is every exact trace the file holds, merged (nil when it holds none).
	trace *trace.Trace
	// traceOff puts the trace's CLOCK_MONOTONIC times on the Unix clock of the samples.
	traceOff int64

	// r is read by the worker goroutine only; problems is copied out under mu for the UI.
	r        *record.Reader
	mu       sync.Mutex
	problems []string
}

// OpenReplay opens the recording at path, paused at its start.
func OpenReplay(path string) (*Replay, error) {
	r, err := record.Open(path)
	if err != nil {
		return nil, err
	}
	if _, err := r.At(0); err != nil {
		r.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	// The traces are read here, before the worker owns the reader.
	parts, err := r.Traces()
	if err != nil {
		r.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	rp := &Replay{path: path, header: r.Header(), start: r.Start(), r: r, trace: record.MergeTraces(parts),
		pb: NewPlayback(r.Duration(), time.Now), problems: r.Problems()}
	if len(parts) > 0 {
		// Every part of one recording was written on one boot: the newest offset is the best
		// estimate (the wall clock may have been stepped since the first).
		rp.traceOff = parts[len(parts)-1].MonoToUnixNS
	}
	return rp, nil
}

// Trace returns the exact traces recorded with the samples, merged into one, or nil.
func (p *Replay) Trace() *trace.Trace { return p.trace }

// Sample implements Source: the recorded sample at the playback's position.
func (p *Replay) Sample() (*inspect.Snapshot, error) {
	s, err := p.r.At(p.pb.Position())
	p.mu.Lock()
	p.problems = append(p.problems[:0], p.r.Problems()...)
	p.mu.Unlock()
	return s, err
}

// MemoryOf implements Source: a recording holds no memory breakdowns.
func (p *Replay) MemoryOf(pid int, startTicks uint64) inspect.MemoryBreakdown {
	return inspect.MemoryBreakdown{Reason: "not in the recording (memory details are read live only)"}
}

// Playback returns the replay's clock, which the playback controls drive.
func (p *Replay) Playback() *Playback { return p.pb }

// Path returns the recording's file name.
func (p *Replay) Path() string { return p.path }

// Header returns the recording's header.
func (p *Replay) Header() record.Header { return p.header }

// Start returns the time of the recording's first sample.
func (p *Replay) Start() time.Time { return p.start }

// Title says plainly what the window shows: "Recording of lab-pc, 26 Nov 2026 21:49:53, 1h0m".
func (p *Replay) Title() string {
	host := p.header.Hostname
	if host == "" {
		host = "an unnamed host"
	}
	return fmt.Sprintf("Recording of %s, %s, %s long", host, p.start.Format("2 Jan 2006 15:04:05"),
		p.pb.Duration().Round(time.Second))
}

// SourceInfo says what a window on this recording shows (for the Cores tab's caption).
func (p *Replay) SourceInfo() SourceInfo {
	return SourceInfo{Kind: SourceReplay, Host: p.header.Hostname, Interval: p.header.Interval}
}

// Problems returns what the reader found wrong with the file so far (cut short, damaged chunks).
func (p *Replay) Problems() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.problems...)
}

// Close releases the file. The worker must not call Sample afterwards.
func (p *Replay) Close() error { return p.r.Close() }
