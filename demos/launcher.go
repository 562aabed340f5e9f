package demos

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Launcher starts demos as `taskscope demo NAME ...` children of this process and keeps their
// memory within BudgetBytes together. None of its methods waits on a demo except Stop and
// StopAll, so a user interface may call Start and Send from its own thread.
type Launcher struct {
	mu      sync.Mutex
	nextID  int
	used    int64
	running map[int]*Running
}

// NewLauncher returns a launcher with nothing running.
func NewLauncher() *Launcher {
	return &Launcher{running: map[int]*Running{}}
}

// ErrUnknownDemo reports a name no demo is registered under.
var ErrUnknownDemo = errors.New("no such demo")

// Start checks the demo's flags and the memory budget, then starts it. Bad flags come back as
// the *UsageError the demo itself would give; a start over budget as an error wrapping ErrBudget.
func (l *Launcher) Start(name string, args ...string) (*Running, error) {
	if !slices.Contains(Names(), name) {
		return nil, fmt.Errorf("%q: %w; the demos are %v", name, ErrUnknownDemo, Names())
	}
	fp, err := footprintOf(name, args)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	if l.used+fp.bytes() > BudgetBytes {
		used := l.used
		l.mu.Unlock()
		return nil, fmt.Errorf("%s needs %d MiB but running demos hold %d of %d MiB: %w",
			name, fp.bytes()>>20, used>>20, BudgetBytes>>20, ErrBudget)
	}
	l.used += fp.bytes()
	l.nextID++
	r := newRunning(l, l.nextID, name, args, fp)
	l.mu.Unlock()
	if err := r.start(); err != nil {
		l.release(r.holdAll())
		return nil, err
	}
	l.mu.Lock()
	l.running[r.ID] = r
	l.mu.Unlock()
	return r, nil
}

// Running lists the demos started and not yet ended, oldest first.
func (l *Launcher) Running() []*Running {
	l.mu.Lock()
	defer l.mu.Unlock()
	rs := make([]*Running, 0, len(l.running))
	for _, r := range l.running {
		rs = append(rs, r)
	}
	slices.SortFunc(rs, func(a, b *Running) int { return a.ID - b.ID })
	return rs
}

// UsedBytes returns the memory the running demos may hold, as counted against BudgetBytes.
func (l *Launcher) UsedBytes() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.used
}

// StopAll stops every running demo, all at once, and returns when they have ended.
func (l *Launcher) StopAll() {
	var wg sync.WaitGroup
	for _, r := range l.Running() {
		wg.Go(func() { _ = r.Stop() })
	}
	wg.Wait()
}

// reserve takes n more bytes from the budget, or reports that they do not fit.
func (l *Launcher) reserve(n int64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.used+n > BudgetBytes {
		return fmt.Errorf("another %d MiB would take the demos past %d MiB (%d held): %w",
			n>>20, BudgetBytes>>20, l.used>>20, ErrBudget)
	}
	l.used += n
	return nil
}

func (l *Launcher) release(n int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.used -= n
}

func (l *Launcher) forget(r *Running) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.running, r.ID)
}

// stopWait is how long Stop lets a demo finish after its input closes before killing it.
const stopWait = 2 * time.Second
