package model

import (
	"slices"
	"strconv"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/inspect"
)

// RuntimeFoldTID is the TID of the row that stands for a process's folded Go runtime threads;
// no real thread has it, so the selection can rest on that row like on any other.
const RuntimeFoldTID = -1

// RuntimeMark is what a thread row of the Go runtime's own threads adds to its name, so a
// class is not asked to explain threads the demo did not start.
const RuntimeMark = " (Go runtime)"

// IsRuntimeThread reports whether a thread is one of a demo's Go runtime helper threads
// (demos.NameProcess names them so): not the demo's work.
func IsRuntimeThread(t *inspect.Thread) bool { return t.Name == demos.RuntimeThreadName }

// runtimeFold sums a process's Go runtime threads into the one row that stands for them.
type runtimeFold struct {
	n     int
	cpu   float64
	state string
	cores []int
}

// foldRuntime gathers p's Go runtime threads. Two or more are folded: one alone is shown
// as the thread it is, labelled.
func foldRuntime(p *inspect.Process) *runtimeFold {
	f := &runtimeFold{state: "S"}
	for i := range p.Threads {
		t := &p.Threads[i]
		if !IsRuntimeThread(t) {
			continue
		}
		f.n++
		f.cpu += t.CPUPercent
		// The liveliest state speaks for the fold: one running helper makes it running.
		if stateRank(t.State) > stateRank(f.state) {
			f.state = t.State
		}
		if !slices.Contains(f.cores, t.Core) {
			f.cores = append(f.cores, t.Core)
		}
	}
	if f.n < 2 {
		return nil
	}
	return f
}

func stateRank(s string) int {
	switch s {
	case "R":
		return 3
	case "D":
		return 2
	case "S":
		return 1
	}
	return 0
}

// holds reports whether tid is one of p's runtime threads, which this fold stands for.
func (f *runtimeFold) holds(p *inspect.Process, tid int) bool {
	for i := range p.Threads {
		if p.Threads[i].TID == tid {
			return IsRuntimeThread(&p.Threads[i])
		}
	}
	return false
}

// cell is the text of one column of the fold row.
func (f *runtimeFold) cell(c Column, p *inspect.Process, depth int) string {
	switch c {
	case ColName:
		// Without the process's name in front: the row sits under its process, and on a
		// projector's narrow Name column the count is what must stay in view.
		return indent(depth) + demos.RuntimeThreadName + " ×" + strconv.Itoa(f.n) + RuntimeMark
	case ColUser:
		return p.User
	case ColState:
		return StateWord(f.state)
	case ColCPU:
		return FormatPercent(f.cpu)
	case ColThreads:
		return strconv.Itoa(f.n)
	case ColCore:
		if len(f.cores) > 4 {
			return strconv.Itoa(len(f.cores)) + " cores"
		}
		s := ""
		for i, c := range f.cores {
			if i > 0 {
				s += ","
			}
			s += strconv.Itoa(c)
		}
		return s
	}
	return ""
}

// foldKey is the fold row's key in column c, so it sorts among the thread rows by its sums.
func (f *runtimeFold) key(c Column) sortKey {
	switch c {
	case ColName:
		return sortKey{s: demos.RuntimeThreadName}
	case ColState:
		return sortKey{s: f.state}
	case ColCPU:
		return sortKey{n: f.cpu}
	}
	return sortKey{}
}

// IsRuntimeFold reports whether the row stands for a process's folded Go runtime threads.
func (r *Row) IsRuntimeFold() bool { return r.fold != nil }

// IsRuntime reports whether the row is a Go runtime thread or the fold of them.
func (r *Row) IsRuntime() bool { return r.fold != nil || r.t != nil && IsRuntimeThread(r.t) }

// TogglesRuntime reports whether Enter or a tap on the row folds or unfolds its process's Go
// runtime threads: the fold row unfolds them, and any of them, once unfolded, folds them back.
func (r *Row) TogglesRuntime() bool {
	return r.fold != nil || r.t != nil && IsRuntimeThread(r.t) && r.runtimeOpen
}
