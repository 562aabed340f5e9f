package model

import (
	"os"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
)

// Source is where the worker gets its snapshots: the live machine (Live), a recording file
// played back (Replay) or a remote agent's stream (Remote). The worker is its only user, on one goroutine.
//
// Sample returns the next snapshot, with rates over the time since the previous one; a source
// that replays snapshots returns them in order, one a call; a source fed from elsewhere (a
// remote agent) returns ErrNoNews when nothing arrived since the last call. MemoryOf returns the memory breakdown
// of a process, checked against its start time; a source that cannot read memory returns one
// with Available false and a Reason.
type Source interface {
	Sample() (*inspect.Snapshot, error)
	MemoryOf(pid int, startTicks uint64) inspect.MemoryBreakdown
}

// Watcher is a Source that can also read a few processes' threads ten times a second, for the
// Cores tab's lanes. Watch reads keys and returns what it saw; StopWatching releases what the
// watch holds (open files), and the next Watch starts afresh, with no rates in its first reading.
type Watcher interface {
	Watch(keys []inspect.TaskKey) (*inspect.WatchSample, error)
	StopWatching()
}

// Signaller is a Source whose processes can be signalled (only the live machine's can). Signal
// must check the start time in k, so a reused PID is never hit.
type Signaller interface {
	Signal(k inspect.TaskKey, sig unix.Signal) error
}

// SelfKnower is a Source that knows which of its processes is this app. Only the live source
// of this machine's own /proc does: a recording's or a remote agent's PIDs are another
// machine's or another time's, and one equal to ours is a stranger.
type SelfKnower interface {
	SelfPID() int
}

// SelfOf is the PID of this app among src's processes, or 0 when src cannot know it.
func SelfOf(src Source) int {
	if k, ok := src.(SelfKnower); ok {
		return k.SelfPID()
	}
	return 0
}

// SelfPID implements SelfKnower: this process, when the source reads this machine's /proc
// (not a fixture tree).
func (l *Live) SelfPID() int {
	if l.root != "/proc" {
		return 0
	}
	return os.Getpid()
}

// Live is the live machine as a Source: inspect's Sampler, its Watcher for the 10 Hz watch, and
// signals through the Sampler's start-checked pidfd.
type Live struct {
	*inspect.Sampler
	root    string
	watcher *inspect.Watcher
}

// NewLive returns the machine under the proc tree root ("/proc") as a Source.
func NewLive(root string) (*Live, error) {
	s, err := inspect.NewSampler(root)
	if err != nil {
		return nil, err
	}
	return &Live{Sampler: s, root: root}, nil
}

// Watch implements Watcher: a Watcher is opened on the first call after StopWatching.
func (l *Live) Watch(keys []inspect.TaskKey) (*inspect.WatchSample, error) {
	if l.watcher == nil {
		w, err := inspect.NewWatcher(l.root)
		if err != nil {
			return nil, err
		}
		l.watcher = w
	}
	return l.watcher.Sample(keys)
}

// StopWatching implements Watcher.
func (l *Live) StopWatching() {
	if l.watcher != nil {
		l.watcher.Close()
		l.watcher = nil
	}
}
