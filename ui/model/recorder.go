package model

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/internal/bytesize"
	"github.com/taskscope/taskscope/record"
	"github.com/taskscope/taskscope/trace"
)

// Recorder writes the window's live samples to a recording while File → Record is on. Append
// is called with every new live sample; Status, from the UI, says how long it has recorded and
// how big the file is. A write error (a full disk) stops it and is kept for Status; the file
// stays readable up to its last complete chunk.
type Recorder struct {
	mu      sync.Mutex
	w       *record.Writer
	path    string
	started time.Time
	stopped time.Time
	err     error
	now     func() time.Time
}

// RecorderStatus is what the window shows while recording: a red dot, the elapsed time and the
// file's size.
type RecorderStatus struct {
	Recording bool
	Path      string
	Elapsed   time.Duration
	Bytes     int64
	Samples   int
	// Err is the error that stopped the recording, if one did.
	Err error
}

// StartRecorder creates the recording at path for samples of the host described by snap.
func StartRecorder(path string, snap *inspect.Snapshot, interval time.Duration) (*Recorder, error) {
	w, err := record.Create(path, snap.Host, snap.BootTime, record.Options{Interval: interval})
	if err != nil {
		return nil, err
	}
	return &Recorder{w: w, path: path, started: time.Now(), now: time.Now}, nil
}

// startRecorderOn records to w instead of a file (tests give a writer that fails).
func startRecorderOn(w io.Writer, snap *inspect.Snapshot, interval time.Duration) (*Recorder, error) {
	rw, err := record.NewWriter(w, snap.Host, snap.BootTime, record.Options{Interval: interval})
	if err != nil {
		return nil, err
	}
	return &Recorder{w: rw, path: "(test)", started: time.Now(), now: time.Now}, nil
}

// Append records one live sample. After an error, or once stopped, it does nothing.
func (r *Recorder) Append(snap *inspect.Snapshot) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.w == nil || r.err != nil || snap == nil {
		return
	}
	// A sample out of order (the wall clock set back) is left out; only a write error, after
	// which the writer takes nothing more, stops the recording.
	if err := r.w.Append(snap); err != nil && r.w.Err() != nil {
		r.err = err
		r.closeLocked()
	}
}

// AppendTrace records the part of an exact trace after from (see record.Writer.AppendTrace).
func (r *Recorder) AppendTrace(tr *trace.Trace, from int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.w == nil || r.err != nil || tr == nil {
		return
	}
	if err := r.w.AppendTrace(tr, from); err != nil {
		r.err = err
		r.closeLocked()
	}
}

// Stop ends the recording and closes the file with its index. It returns the error that
// stopped it earlier, if any.
func (r *Recorder) Stop() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.w != nil {
		if err := r.closeLocked(); err != nil && r.err == nil {
			r.err = err
		}
	}
	return r.err
}

func (r *Recorder) closeLocked() error {
	err := r.w.Close()
	r.stopped = r.now()
	return err
}

// Status reports the recording's progress.
func (r *Recorder) Status() RecorderStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	end := r.now()
	if !r.stopped.IsZero() {
		end = r.stopped
	}
	return RecorderStatus{Recording: r.stopped.IsZero(), Path: r.path, Elapsed: end.Sub(r.started),
		Bytes: r.w.Size(), Samples: r.w.Samples(), Err: r.err}
}

// Label is the status line beside the red dot: "REC 1:05  2.1 MiB", or why it stopped.
func (s RecorderStatus) Label() string {
	if s.Err != nil {
		return fmt.Sprintf("recording stopped: %v", s.Err)
	}
	return fmt.Sprintf("REC %s  %s", Clock(s.Elapsed), bytesize.FormatSigned(s.Bytes))
}
