package proctest

import (
	"errors"
	"testing"
)

// TestSharedStartsOnce checks that Need starts the helper on first use only, and that a start
// that failed is not tried again.
func TestSharedStartsOnce(t *testing.T) {
	calls := 0
	h := &Helper{}
	s := NewShared(func() (*Helper, error) { calls++; return h, nil })
	if got := s.Need(t); got != h {
		t.Fatalf("Need returned %p, want %p", got, h)
	}
	s.Need(t)
	if calls != 1 {
		t.Errorf("start ran %d times, want 1", calls)
	}

	failed := 0
	bad := NewShared(func() (*Helper, error) { failed++; return nil, errors.New("no threads") })
	for range 2 {
		ft := &fatalTB{TB: t}
		func() {
			defer func() { recover() }()
			bad.Need(ft)
		}()
		if !ft.fatal {
			t.Error("Need did not fail the test when the helper could not start")
		}
	}
	if failed != 1 {
		t.Errorf("a failing start ran %d times, want 1", failed)
	}
	bad.Stop() // nothing started: nothing to stop, and no panic
}

// fatalTB records a Fatal call instead of ending the test; it panics to stop Need as
// runtime.Goexit would.
type fatalTB struct {
	testing.TB
	fatal bool
}

func (f *fatalTB) Helper() {}

func (f *fatalTB) Fatal(args ...any) {
	f.fatal = true
	panic("fatal")
}
