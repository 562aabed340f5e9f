package record

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// Bounds of `record --interval`: finer than 10 ms the sampler itself becomes the load, and a
// recording with samples a minute apart shows nothing worth replaying.
const (
	minRecordInterval = 10 * time.Millisecond
	maxRecordInterval = time.Minute
)

// RecordMain implements `taskscope record [--duration D] [--interval D] [--filter TEXT] -o FILE`:
// it samples the machine every interval and appends each sample to FILE until the duration is
// over or SIGINT/SIGTERM arrives, then closes the file with its index. It returns the exit code:
// 0, 1 when recording failed (the file keeps what was written), 2 for bad usage.
func RecordMain(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("taskscope record", "taskscope record [--duration D] [--interval D] [--filter TEXT] -o FILE", stderr)
	duration := fs.Duration("duration", 0, "stop after `D` (default: until Ctrl+C or SIGTERM)")
	interval := fs.Duration("interval", time.Second, "time between samples (10ms to 1m)")
	filter := fs.String("filter", "", "record only processes whose name, command line, user, PID or thread name contains `TEXT`")
	out := fs.String("o", "", "the recording to write (`FILE`, created or replaced)")
	pos, err := parseMixed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	switch {
	case len(pos) > 0:
		return usageError(fs, stderr, "unexpected argument %q", pos[0])
	case *out == "":
		return usageError(fs, stderr, "-o FILE is required")
	case *interval < minRecordInterval || *interval > maxRecordInterval:
		return usageError(fs, stderr, "--interval %v is out of range: it must be between %v and %v", *interval, minRecordInterval, maxRecordInterval)
	case *duration < 0:
		return usageError(fs, stderr, "--duration %v is negative", *duration)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *duration)
		defer cancel()
	}
	rec, err := Record(ctx, "/proc", *out, Options{Interval: *interval, Filter: *filter})
	if rec != nil {
		fmt.Fprintf(stderr, "taskscope record: %d samples over %v in %s (%s)\n",
			rec.Samples, rec.Span.Round(time.Millisecond), *out, sizeText(rec.Bytes))
	}
	if err != nil {
		fmt.Fprintln(stderr, "taskscope record:", err)
		return 1
	}
	return 0
}

// Recorded sums up a finished recording.
type Recorded struct {
	Samples int
	Span    time.Duration
	Bytes   int64
}

// Record samples the proc tree at procRoot every opts.Interval and records every sample to path
// until ctx ends, then closes the file. A sampling or write error stops it; the file then keeps
// what was written, readable. The summary is returned whenever the file was created.
func Record(ctx context.Context, procRoot, path string, opts Options) (*Recorded, error) {
	s, err := inspect.NewSampler(procRoot)
	if err != nil {
		return nil, err
	}
	// The first sample only primes the rates; the recording starts with the second.
	first, err := s.Sample()
	if err != nil {
		return nil, err
	}
	w, err := Create(path, first.Host, first.BootTime, opts)
	if err != nil {
		return nil, err
	}
	tick := time.NewTicker(opts.Interval)
	defer tick.Stop()
	var start, last time.Time
	var loopErr error
	for loopErr == nil {
		select {
		case <-ctx.Done():
		case <-tick.C:
			snap, err := s.Sample()
			if err != nil {
				loopErr = err
				break
			}
			if start.IsZero() {
				start = snap.Taken
			}
			last = snap.Taken
			loopErr = w.Append(snap.Filtered(opts.Filter))
			continue
		}
		break
	}
	cerr := w.Close()
	rec := &Recorded{Samples: w.Samples(), Span: last.Sub(start), Bytes: w.Size()}
	if loopErr != nil {
		return rec, loopErr
	}
	return rec, cerr
}

// sizeText writes a byte count with a binary unit.
func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
