package record

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/internal/bytesize"
	"github.com/taskscope/taskscope/internal/cmdflag"
	"github.com/taskscope/taskscope/trace"
)

// Bounds of `record --interval`: finer than 10 ms the sampler itself becomes the load, and a
// recording with samples a minute apart shows nothing worth replaying.
const (
	minRecordInterval = 10 * time.Millisecond
	maxRecordInterval = time.Minute
)

// RecordMain implements `PROG record [--duration D] [--interval D] [--filter TEXT]
// [--trace-pid P] -o FILE`, where prog is the binary's name ("taskscope", "taskscope-agent"),
// which its usage, notes and errors give: it samples the machine every interval and appends each sample to FILE until the duration is
// over or SIGINT/SIGTERM arrives, then closes the file with its index. It returns the exit code:
// 0, 1 when recording failed (the file keeps what was written), 2 for bad usage.
func RecordMain(prog string, args []string, stdout, stderr io.Writer) int {
	name := prog + " record"
	fs := cmdflag.New(name, name+" [--duration D] [--interval D] [--filter TEXT] [--trace-pid P] -o FILE", stderr)
	duration := fs.Duration("duration", 0, "stop after `D` (default: until Ctrl+C or SIGTERM)")
	interval := fs.Duration("interval", time.Second, "time between samples (10ms to 1m)")
	filter := fs.String("filter", "", "record only processes whose name, command line, user, PID or thread name contains `TEXT`")
	out := fs.String("o", "", "the recording to write (`FILE`, created or replaced)")
	tracePID := fs.Int("trace-pid", 0, "also record an exact trace of every context switch of process `P` and its threads (yours, or any as root)")
	pos, err := parseMixed(fs, args)
	if err != nil {
		return cmdflag.ExitCode(err)
	}
	switch {
	case len(pos) > 0:
		return cmdflag.Usagef(fs, "unexpected argument %q", pos[0])
	case *out == "":
		return cmdflag.Usagef(fs, "-o FILE is required")
	case *interval < minRecordInterval || *interval > maxRecordInterval:
		return cmdflag.Usagef(fs, "--interval %v is out of range: it must be between %v and %v", *interval, minRecordInterval, maxRecordInterval)
	case *duration < 0:
		return cmdflag.Usagef(fs, "--duration %v is negative", *duration)
	case *tracePID < 0:
		return cmdflag.Usagef(fs, "--trace-pid %d: a PID is a positive number", *tracePID)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *duration)
		defer cancel()
	}
	rec, err := Record(ctx, Session{ProcRoot: "/proc", Path: *out, TracePID: *tracePID, Log: stderr, Name: name,
		Options: Options{Interval: *interval, Filter: *filter}})
	if rec != nil {
		fmt.Fprintf(stderr, "%s: %d samples over %v in %s (%s)\n", name,
			rec.Samples, rec.Span.Round(time.Millisecond), *out, bytesize.FormatSigned(rec.Bytes))
		if rec.TraceChunks > 0 {
			fmt.Fprintf(stderr, "%s: exact trace of PID %d (%s) in %d chunks\n", name, *tracePID, rec.TraceSource, rec.TraceChunks)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return 1
	}
	return 0
}

// Recorded sums up a finished recording.
type Recorded struct {
	Samples int
	Span    time.Duration
	Bytes   int64
	// TraceChunks counts the exact-trace chunks written; TraceSource says what made them.
	TraceChunks int
	TraceSource string
}

// Session says what Record records.
type Session struct {
	// ProcRoot is the proc tree to sample ("/proc").
	ProcRoot string
	// Path is the recording to write.
	Path string
	Options
	// TracePID, when set, also traces that process's context switches exactly, appending what
	// is new to the file with every chunk. When the kernel refuses, the recording goes on with
	// samples only, and says so on Log.
	TracePID int
	// Log gets one-line notes (a refused trace); nil discards them.
	Log io.Writer
	// Name is the command the notes on Log begin with; "" means "taskscope record".
	Name string
}

// Record samples the proc tree every s.Interval and records every sample to s.Path until ctx
// ends, then closes the file. A sampling or write error stops it; the file then keeps what was
// written, readable. The summary is returned whenever the file was created.
func Record(ctx context.Context, s Session) (*Recorded, error) {
	if s.Log == nil {
		s.Log = io.Discard
	}
	if s.Name == "" {
		s.Name = "taskscope record"
	}
	sampler, err := inspect.NewSampler(s.ProcRoot)
	if err != nil {
		return nil, err
	}
	// The first sample only primes the rates; the recording starts with the second.
	first, err := sampler.Sample()
	if err != nil {
		return nil, err
	}
	w, err := Create(s.Path, first.Host, first.BootTime, s.Options)
	if err != nil {
		return nil, err
	}
	rec := &Recorded{}
	var tracer *trace.Tracer
	var traced int64 // the trace is written up to here
	if s.TracePID > 0 {
		tracer, err = trace.Attach(s.TracePID, trace.Options{})
		if err != nil {
			fmt.Fprintf(s.Log, "%s: no exact trace of PID %d, recording samples only: %v\n", s.Name, s.TracePID, err)
			tracer = nil
		}
	}
	// appendTrace writes what the tracer saw since the last call.
	appendTrace := func(tr *trace.Trace) error {
		if tr == nil || tr.EndNS <= traced {
			return nil
		}
		if err := w.AppendTrace(tr, traced); err != nil {
			return err
		}
		traced = tr.EndNS
		rec.TraceChunks++
		rec.TraceSource = tr.Source
		return nil
	}
	tick := time.NewTicker(s.Interval)
	defer tick.Stop()
	var start, last, lastTrace time.Time
	var loopErr error
	for loopErr == nil {
		select {
		case <-ctx.Done():
		case <-tick.C:
			snap, err := sampler.Sample()
			if err != nil {
				loopErr = err
				break
			}
			if start.IsZero() {
				start = snap.Taken
			}
			last = snap.Taken
			loopErr = w.Append(snap.Filtered(s.Filter))
			if errors.Is(loopErr, ErrOutOfOrder) {
				// The wall clock went back: this sample is left out, the recording goes on.
				fmt.Fprintf(s.Log, "%s: %v\n", s.Name, loopErr)
				loopErr = nil
			}
			if loopErr == nil && tracer != nil && time.Since(lastTrace) >= DefaultChunkSpan {
				lastTrace = time.Now()
				loopErr = appendTrace(tracer.Trace())
			}
			continue
		}
		break
	}
	if tracer != nil {
		tr := tracer.Stop()
		if loopErr == nil {
			loopErr = appendTrace(tr)
		}
	}
	cerr := w.Close()
	rec.Samples, rec.Span, rec.Bytes = w.Samples(), last.Sub(start), w.Size()
	if loopErr != nil {
		return rec, loopErr
	}
	return rec, cerr
}
