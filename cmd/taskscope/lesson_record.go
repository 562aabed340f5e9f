package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/taskscope/taskscope/claims"
	"github.com/taskscope/taskscope/lesson"
	"github.com/taskscope/taskscope/record"
)

// handoutInterval is how often the handout run's recording samples the machine.
const handoutInterval = time.Second

// handoutRecording is the recording `lesson --handout --record FILE` makes of the handout run:
// the machine's samples, and every event of the claim steps' demo runs as it arrives, so that
// `taskscope --open FILE` replays the demo cards as they were.
type handoutRecording struct {
	path   string
	rec    *record.Recording
	events atomic.Int64
}

// checkWritable makes sure path can be written before anything is measured, so that a long
// handout run does not end in a recording that could never be made. It leaves the file empty.
func checkWritable(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	return f.Close()
}

// oneSample is long enough for the recording to take its next sample.
const oneSample = handoutInterval + handoutInterval/5

// startHandoutRecording begins recording into path; notes of the recorder go to log. It
// returns once the recording has its first sample (the one before only primes the rates), so
// that the first step's events lie within the samples: a replay starts there.
func startHandoutRecording(path string, log io.Writer) *handoutRecording {
	// Not the lesson's context: Ctrl+C ends the measurement, and the recording of what was
	// measured up to then is still closed properly by stop.
	rec := record.Start(context.Background(), record.Session{ProcRoot: "/proc", Path: path,
		Name: "taskscope lesson", Options: record.Options{Interval: handoutInterval}, Log: log})
	time.Sleep(oneSample)
	return &handoutRecording{path: path, rec: rec}
}

// event records one event of a claim step's demo run on its card. Called from the runs'
// goroutines.
func (h *handoutRecording) event(e claims.RunEvent) {
	h.rec.DemoEvent(lesson.CardEvent(e))
	h.events.Add(1)
}

// stop ends the recording and says what it holds. Unless the run was interrupted, it first
// waits for one more sample, so that the last events (the runs' ends) lie within the samples
// and a replay of the recording's last moment shows them.
func (h *handoutRecording) stop(interrupted bool) (string, error) {
	if !interrupted {
		time.Sleep(oneSample)
	}
	got, err := h.rec.Stop()
	if err != nil {
		return "", fmt.Errorf("recording %s: %w", h.path, err)
	}
	return fmt.Sprintf("recorded %s: %d samples over %.0f s, %d demo events", h.path, got.Samples,
		got.Span.Seconds(), h.events.Load()), nil
}
