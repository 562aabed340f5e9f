package model

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/serve"
)

// ErrNoNews is what a Source's Sample returns when nothing new arrived since the previous
// call: the worker then delivers nothing, so no snapshot is shown, recorded or drawn twice.
var ErrNoNews = errors.New("no new snapshot")

// ErrRemote is wrapped by the errors a Remote's Sample returns while it has no connection; their
// text says what happened and when the next attempt is.
var ErrRemote = errors.New("remote")

// RemoteStatus is the connection to a remote agent as the window shows it.
type RemoteStatus struct {
	// URL is the agent's address as given.
	URL string
	// Host is the agent's machine name, once known.
	Host string
	// Connected is true while snapshots arrive.
	Connected bool
	// Err says why the connection was lost or could not be made.
	Err error
	// RetryAt is when the next attempt starts (while not Connected).
	RetryAt time.Time
	// LastData is when the newest snapshot arrived; zero before the first.
	LastData time.Time
	// SignalsAllowed says whether the agent accepts signals (--allow-signals).
	SignalsAllowed bool
	// Interval is the agent's sampling period (its --interval), once known.
	Interval time.Duration
}

// SourceInfo says what a window on this remote host shows (for the Cores tab's caption).
func (s RemoteStatus) SourceInfo() SourceInfo {
	return SourceInfo{Kind: SourceRemote, Host: s.Name(), Interval: s.Interval}
}

// Name is the remote host's name, or its URL before the agent has said its name.
func (s RemoteStatus) Name() string {
	if s.Host != "" {
		return s.Host
	}
	return s.URL
}

// Text says the state of the connection at now in one line: connected, connecting, or lost with
// the reason, the seconds until the next attempt and the age of what is shown.
func (s RemoteStatus) Text(now time.Time) string {
	switch {
	case s.Connected:
		return "live from " + s.Name()
	case s.Err == nil:
		return "connecting to " + s.URL + "…"
	}
	wait := s.RetryAt.Sub(now)
	retry := "retrying now"
	if wait > 0 {
		retry = fmt.Sprintf("retrying in %d s", int((wait+time.Second-1)/time.Second))
	}
	shown := "nothing received yet"
	if !s.LastData.IsZero() {
		shown = "showing data from " + formatAge(now.Sub(s.LastData)) + " ago"
	}
	return fmt.Sprintf("connection to %s lost: %s; %s; %s", s.Name(), Reason(s.Err), retry, shown)
}

// Reason says why a connection failed in a few words: the innermost cause ("connection
// refused", "i/o timeout") rather than Go's whole chain of the request, the address and the
// system call.
func Reason(err error) string {
	if err == nil {
		return ""
	}
	for {
		inner := errors.Unwrap(err)
		if inner == nil {
			return err.Error()
		}
		err = inner
	}
}

// formatAge says a duration in whole seconds, or minutes beyond two of them.
func formatAge(d time.Duration) string {
	if d < 2*time.Minute {
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	}
	return fmt.Sprintf("%d min", int(d/time.Minute))
}

// Remote is a remote agent's stream as a Source: Sample returns the newest snapshot the stream
// delivered (ErrNoNews when none came since the last call; an error wrapping ErrRemote while
// there is no connection). The connection runs on a goroutine of its own, started by Start, and
// reconnects with a growing pause. Memory details are not served by the agent, nothing can be
// watched at 10 Hz, and signals go through the agent only when it allows them.
type Remote struct {
	client *serve.Client

	mu       sync.Mutex
	status   RemoteStatus
	newest   *inspect.Snapshot
	returned *inspect.Snapshot
	onStatus []func(RemoteStatus)
	// now is the clock; tests set it.
	now func() time.Time
}

// NewRemote returns a Remote for the agent at url, sending token (when not empty) with every
// request. It does not connect until Start.
func NewRemote(url, token string) (*Remote, error) {
	c, err := serve.NewClient(url, token)
	if err != nil {
		return nil, err
	}
	return &Remote{client: c, status: RemoteStatus{URL: c.URL}, now: time.Now}, nil
}

// Start connects, and keeps reconnecting, until ctx ends.
func (r *Remote) Start(ctx context.Context) {
	go r.client.Run(ctx, r.take, r.setState)
}

// OnStatus registers fn to be called (on the connection's goroutine) at every change of status.
func (r *Remote) OnStatus(fn func(RemoteStatus)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.onStatus = append(r.onStatus, fn)
}

// Status returns the connection's status now.
func (r *Remote) Status() RemoteStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.status
}

// take receives a snapshot from the stream.
func (r *Remote) take(s *inspect.Snapshot) {
	r.mu.Lock()
	r.newest = s
	r.status.LastData = r.now()
	r.mu.Unlock()
}

// setState receives a change of the connection's state from the client.
func (r *Remote) setState(cs serve.State) {
	r.mu.Lock()
	st := r.applyState(cs)
	fns := slices.Clone(r.onStatus)
	r.mu.Unlock()
	for _, fn := range fns {
		fn(st)
	}
}

// applyState folds a client state into the status; r.mu is held.
func (r *Remote) applyState(cs serve.State) RemoteStatus {
	st := &r.status
	st.Connected, st.Err = cs.Connected, cs.Err
	if cs.Host.Hostname != "" {
		st.Host, st.SignalsAllowed = cs.Host.Hostname, cs.Host.SignalsAllowed
		st.Interval = time.Duration(cs.Host.IntervalMS) * time.Millisecond
	}
	st.RetryAt = time.Time{}
	if !cs.Connected && cs.Err != nil {
		st.RetryAt = r.now().Add(cs.RetryIn)
	}
	return *st
}

// Sample implements Source.
func (r *Remote) Sample() (*inspect.Snapshot, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.status.Connected {
		return nil, fmt.Errorf("%w: %s", ErrRemote, r.status.Text(r.now()))
	}
	if r.newest == nil || r.newest == r.returned {
		return nil, ErrNoNews
	}
	r.returned = r.newest
	return r.newest, nil
}

// MemoryOf implements Source: the agent serves no memory breakdowns.
func (r *Remote) MemoryOf(pid int, startTicks uint64) inspect.MemoryBreakdown {
	return inspect.MemoryBreakdown{Reason: "read on the remote host only: the agent does not serve memory details"}
}

// remoteNoSignals is the refusal when the agent does not take signals.
type remoteNoSignals struct{ host string }

func (e remoteNoSignals) Error() string {
	return "The agent on " + e.host + " does not accept signals: it was started without --allow-signals (and a token)."
}
func (e remoteNoSignals) Is(target error) bool { return target == ErrNoSignals }

// Refusal implements Refuser: signals are offered only when the agent accepts them, and never
// for the remote host's init process.
func (r *Remote) Refusal(pid int) string {
	if st := r.Status(); !st.SignalsAllowed {
		return remoteNoSignals{st.Name()}.Error()
	}
	if pid == 1 {
		return Refusal(1)
	}
	return ""
}

// signalNames are the agent's names of the signals the window offers.
var signalNames = map[unix.Signal]string{unix.SIGTERM: "TERM", unix.SIGKILL: "KILL", unix.SIGSTOP: "STOP", unix.SIGCONT: "CONT"}

// Signal implements Signaller through the agent, which checks k's start time on its machine.
// Process k must be one of the remote host's; the token goes with the request.
func (r *Remote) Signal(k inspect.TaskKey, sig unix.Signal) error {
	st := r.Status()
	if !st.SignalsAllowed {
		return remoteNoSignals{st.Name()}
	}
	name, ok := signalNames[sig]
	if !ok {
		return fmt.Errorf("signal %v is not one the agent sends", sig)
	}
	// The worker waits for the answer: a host that does not answer within 5 s is reported,
	// rather than holding up the display for longer.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return r.client.Signal(ctx, k, name)
}
