package serve

import (
	"fmt"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
)

// source owns the agent's one Sampler. Every reader (a scrape, a snapshot request, the stream)
// asks it for a snapshot no older than some age; it samples only then, so an agent nobody asks
// reads /proc not at all, and a scrape every 15 s costs one sample every 15 s.
type source struct {
	mu      sync.Mutex
	sampler *inspect.Sampler
	last    *inspect.Snapshot
	// warmup is how long the first request waits between two samples, so its CPU rates mean
	// something; later requests take rates over the time since the previous sample.
	warmup time.Duration
}

// newSource makes a source over the proc tree at root.
func newSource(root string, warmup time.Duration) (*source, error) {
	s, err := inspect.NewSampler(root)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	return &source{sampler: s, warmup: warmup}, nil
}

// snapshot returns the latest snapshot when it is younger than maxAge, else a new one. Callers
// that arrive while a sample is being taken wait for it and share it.
func (s *source) snapshot(maxAge time.Duration) (*inspect.Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last != nil && time.Since(s.last.Taken) < maxAge {
		return s.last, nil
	}
	if s.last == nil {
		if _, err := s.sampler.Sample(); err != nil {
			return nil, fmt.Errorf("serve: %w", err)
		}
		time.Sleep(s.warmup)
	}
	snap, err := s.sampler.Sample()
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	s.last = snap
	return snap, nil
}

// signal sends sig to process k through the Sampler's start-checked pidfd path. The Sampler
// is for one goroutine at a time, so this waits for a sample in progress.
func (s *source) signal(k inspect.TaskKey, sig unix.Signal) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sampler.Signal(k, sig)
}

// host returns the host facts of the sampled machine.
func (s *source) host() inspect.Host { return s.sampler.Host() }
