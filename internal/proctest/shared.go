package proctest

import (
	"sync"
	"testing"
)

// Shared is a helper process that a test binary starts once, for the first test or benchmark
// that needs it, and stops from TestMain when all have run: the 5,000 sleeping threads of the
// benchmarks take seconds to start, too long to pay for each benchmark.
type Shared struct {
	start func() (*Helper, error)
	once  sync.Once
	h     *Helper
	err   error
}

// NewShared makes a Shared helper that start starts.
func NewShared(start func() (*Helper, error)) *Shared {
	return &Shared{start: start}
}

// SharedSleepers is StartSleepers(n) as a Shared helper.
func SharedSleepers(n int) *Shared {
	return NewShared(func() (*Helper, error) { return StartSleepers(n) })
}

// Need starts the helper if no test has yet and returns it; if it could not start, tb fails
// (each test that needs it fails with the same error, and none tries to start it again).
func (s *Shared) Need(tb testing.TB) *Helper {
	tb.Helper()
	s.once.Do(func() { s.h, s.err = s.start() })
	if s.err != nil {
		tb.Fatal(s.err)
	}
	return s.h
}

// Stop ends the helper if a test started it. TestMain calls it after m.Run.
func (s *Shared) Stop() {
	if s.h != nil {
		s.h.Stop()
	}
}
