package model

import (
	"cmp"
	"math"

	"github.com/taskscope/taskscope/inspect"
)

// sortKey is what a row sorts by in one column: a number, or a text when the column holds words.
type sortKey struct {
	n float64
	s string
}

func (a sortKey) compare(b sortKey) int { return cmp.Or(cmp.Compare(a.n, b.n), cmp.Compare(a.s, b.s)) }

// processKey is a process's key in column c. Columns a process row does not sort by (Core,
// a set of cores) give the zero key, so the PID decides.
func processKey(c Column, p *inspect.Process) sortKey {
	switch c {
	case ColPID:
		return sortKey{n: float64(p.PID)}
	case ColName:
		return sortKey{s: p.Name}
	case ColUser:
		return sortKey{s: p.User}
	case ColState:
		return sortKey{s: ProcessState(p)}
	case ColCPU:
		return sortKey{n: shownPercent(p.CPUPercent)}
	case ColThreads:
		return sortKey{n: float64(p.NumThreads)}
	case ColRSS:
		return sortKey{n: float64(p.RSSBytes)}
	case ColRead:
		return ioKey(p, p.ReadBytesPerSec)
	case ColWrite:
		return ioKey(p, p.WriteBytesPerSec)
	case ColApp:
		return sortKey{s: p.App}
	}
	return sortKey{}
}

// shownPercent is a CPU share as the table shows it, to one decimal (FormatPercent). Rows sort
// by what they show: two threads that both read "1.0" (one tick over a second, timed a few
// microseconds apart) tie and keep their TID order, instead of trading places every refresh.
func shownPercent(p float64) float64 { return math.Round(p*10) / 10 }

// ioKey sorts a process the kernel would not tell about below every known rate, zero included.
func ioKey(p *inspect.Process, rate float64) sortKey {
	if p.IOUnavailable {
		return sortKey{n: -1}
	}
	return sortKey{n: rate}
}

// threadKey is a thread's key in column c, for the thread rows under one process.
func threadKey(c Column, t *inspect.Thread) sortKey {
	switch c {
	case ColPID:
		return sortKey{n: float64(t.TID)}
	case ColName:
		return sortKey{s: t.Name}
	case ColState:
		return sortKey{s: t.State}
	case ColCPU:
		return sortKey{n: shownPercent(t.CPUPercent)}
	case ColCore:
		return sortKey{n: float64(t.Core)}
	}
	return sortKey{}
}

// order is the comparison for the chosen column and direction; ties fall back to the ID so the
// order is total and rows do not swap places between refreshes.
func order[T any](o TableSettings, key func(Column, T) sortKey, id func(T) int) func(a, b T) int {
	return func(a, b T) int {
		c := key(o.SortCol, a).compare(key(o.SortCol, b))
		if o.Desc {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(id(a), id(b)))
	}
}

func processOrder(o TableSettings) func(a, b *inspect.Process) int {
	return order(o, processKey, func(p *inspect.Process) int { return p.PID })
}

// rowThreadOrder orders the thread rows under one process, the fold of its Go runtime
// threads among them by its sums.
func rowThreadOrder(o TableSettings) func(a, b Row) int {
	key := func(c Column, r Row) sortKey {
		if r.fold != nil {
			return r.fold.key(c)
		}
		return threadKey(c, r.t)
	}
	return order(o, key, func(r Row) int { return r.TID })
}
