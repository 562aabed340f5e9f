package demos

import (
	"errors"
	"fmt"
	"sync"
)

// Limits every demo checks for itself and the launcher checks across demos, so that a class of
// students clicking Launch cannot exhaust the lecturer's machine.
const (
	// MinTabs and MaxTabs bound the number of open tabs of one browser.
	MinTabs, MaxTabs = 1, 12
	// MinPageMiB and MaxPageMiB bound the memory one tab touches, in MiB.
	MinPageMiB, MaxPageMiB = 1, 256
	// BudgetBytes is the most memory all running demos of one launcher may hold together; one
	// demo on its own is held to it too.
	BudgetBytes int64 = 1 << 30
)

// ErrBudget reports a start or an added tab that would take the demos over BudgetBytes.
var ErrBudget = errors.New("memory budget for demos exceeded")

// checkRange returns a UsageError naming the flag when v is outside lo..hi.
func checkRange(what string, v, lo, hi int) error {
	if v < lo || v > hi {
		return Usagef("%s must be between %d and %d", what, lo, hi)
	}
	return nil
}

// checkTabsMemory refuses tabs pages of pageMiB that would not fit the budget on their own.
func checkTabsMemory(tabs, pageMiB int) error {
	if int64(tabs)*int64(pageMiB)<<20 > BudgetBytes {
		return Usagef("%d tabs of %d MiB exceed the %d MiB budget for demos", tabs, pageMiB, BudgetBytes>>20)
	}
	return nil
}

// footprint is what a demo started with some flags may hold: a fixed part, plus perTab for each
// of tabs tabs that can be added up to MaxTabs or closed while it runs.
type footprint struct {
	fixed  int64
	perTab int64
	tabs   int
}

func (f footprint) bytes() int64 { return f.fixed + f.perTab*int64(f.tabs) }

var (
	footprintMu  sync.Mutex
	footprintFns = map[string]func(args []string) (int64, error){}
)

// RegisterFootprint tells the launcher how many bytes a demo started with args holds at most, so
// that it counts against BudgetBytes. f returns a *UsageError for flags the demo would refuse.
// A demo without one counts as holding nothing beyond its runtime.
func RegisterFootprint(name string, f func(args []string) (int64, error)) {
	footprintMu.Lock()
	defer footprintMu.Unlock()
	footprintFns[name] = f
}

// footprintOf works out what the demo name started with args will hold.
func footprintOf(name string, args []string) (footprint, error) {
	if name == "browser" {
		cfg, err := parseBrowserFlags(args)
		if err != nil {
			return footprint{}, err
		}
		return footprint{perTab: int64(cfg.pageMiB) << 20, tabs: cfg.tabs}, nil
	}
	footprintMu.Lock()
	f := footprintFns[name]
	footprintMu.Unlock()
	if f == nil {
		return footprint{}, nil
	}
	n, err := f(args)
	if err != nil {
		return footprint{}, err
	}
	if n < 0 || n > BudgetBytes {
		return footprint{}, fmt.Errorf("demo %s would hold %d MiB: %w", name, n>>20, ErrBudget)
	}
	return footprint{fixed: n}, nil
}
