package model

import (
	"time"

	"github.com/taskscope/taskscope/trace"
)

// MachineKeep is how much of a whole-machine trace is kept: the lanes' minute and a little
// more, so a trace left on for hours holds a minute of runs, not hours of them.
const MachineKeep = LaneSpan + 5*time.Second

// machinePoll is the least time between two takes of the whole-machine trace: the lanes redraw
// at most once a second, and each take is O(threads seen in the last minute).
const machinePoll = 500 * time.Millisecond

// MachineTrace is a trace of every context switch on the machine (the sched_switch tracepoint
// on every core), for the Cores tab's lanes. It is the model's, not a view's: the State starts
// and stops it (SetMachineExact), and ends it when the app quits. Its methods may be called
// from any goroutine.
type MachineTrace struct {
	tracer *trace.Tracer
	off    int64 // CLOCK_MONOTONIC to the samples' wall clock
}

// ProbeMachineTrace reports whether a whole-machine trace is permitted (nil), or why not: a
// refusal matching trace.ErrPerfRefused whose text ends with the command that allows it.
func ProbeMachineTrace(opts trace.Options) error { return trace.ProbeMachine(opts) }

// StartMachineTrace starts a whole-machine trace that keeps MachineKeep of runs.
func StartMachineTrace(opts trace.Options) (*MachineTrace, error) {
	opts.Keep = MachineKeep
	tr, err := trace.Machine(opts)
	if err != nil {
		return nil, err
	}
	return &MachineTrace{tracer: tr, off: MonoToWall()}, nil
}

// Trace is what was traced so far (the last MachineKeep of it); cheap, runs are shared.
func (m *MachineTrace) Trace() *trace.Trace { return m.tracer.Trace() }

// Stop ends the trace: every perf event and ring buffer it opened is closed.
func (m *MachineTrace) Stop() { m.tracer.Stop() }

// machineState is what the State keeps of the whole-machine trace.
type machineState struct {
	sess   *MachineTrace
	tr     *trace.Trace
	off    int64
	taken  time.Time
	subs   subs[*trace.Trace]
	onQuit bool // the quit hook that stops the trace is registered
}

// SetMachineExact starts (on) or stops a whole-machine trace for the lanes. Starting fails
// with the refusal when it is not permitted (see ProbeMachineTrace); stopping publishes nil.
// The trace is stopped when the app quits.
func (st *State) SetMachineExact(on bool, opts trace.Options) error {
	m := &st.machine
	if on == (m.sess != nil) {
		return nil
	}
	if !on {
		m.sess.Stop()
		m.sess, m.tr = nil, nil
		m.subs.emit(nil)
		return nil
	}
	sess, err := StartMachineTrace(opts)
	if err != nil {
		return err
	}
	if !m.onQuit {
		m.onQuit = true
		st.OnQuit(func() { _ = st.SetMachineExact(false, trace.Options{}) })
	}
	m.sess, m.off, m.taken = sess, sess.off, time.Time{}
	st.pollMachine()
	return nil
}

// MachineExact reports whether a whole-machine trace runs.
func (st *State) MachineExact() bool { return st.machine.sess != nil }

// MachineTrace is the newest take of the whole-machine trace and its offset to the wall clock
// (nil: none runs).
func (st *State) MachineTrace() (*trace.Trace, int64) { return st.machine.tr, st.machine.off }

// OnMachineTrace calls fn with each new take of the whole-machine trace (nil when it stops).
func (st *State) OnMachineTrace(fn func(*trace.Trace)) { st.machine.subs.add(fn) }

// pollMachine takes the whole-machine trace again, at most every machinePoll, and tells the
// subscribers. It runs as samples and watch readings arrive, before their subscribers, so the
// lanes draw the newest trace with them.
func (st *State) pollMachine() {
	m := &st.machine
	if m.sess == nil || time.Since(m.taken) < machinePoll {
		return
	}
	m.taken = time.Now()
	m.tr = m.sess.Trace()
	m.subs.emit(m.tr)
}
