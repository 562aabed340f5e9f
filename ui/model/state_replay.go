package model

// replayState is the part of State about recordings: whether the window shows one, and the
// subscribers to jumps in its time.
type replayState struct {
	replay     *Replay
	rewindSubs subs[struct{}]
	replaySubs subs[*Replay]
}

// Replaying returns the recording the window shows, or nil when it shows the live machine.
// While it shows one, demos, signals and anything else that acts on the machine are off.
func (st *State) Replaying() *Replay { return st.replay.replay }

// OnReplay calls fn when the window starts showing a recording (or the live machine again,
// with nil).
func (st *State) OnReplay(fn func(*Replay)) { st.replay.replaySubs.add(fn) }

// OnRewind calls fn when time in the window jumps (a new source, or a seek in a recording):
// whatever a view accumulated from past samples (lanes, sparklines) no longer leads up to what
// comes next, and must start again.
func (st *State) OnRewind(fn func()) { st.replay.rewindSubs.add(func(struct{}) { fn() }) }

// SetReplay records that the window now shows p (nil: the live machine) and rewinds.
func (st *State) SetReplay(p *Replay) {
	st.replay.replay = p
	st.Rewind()
	st.replay.replaySubs.emit(p)
}

// Rewind forgets the history of samples (the freeze slider's two minutes) and tells the rewind
// subscribers: the next sample does not follow the last one.
func (st *State) Rewind() {
	st.hist = NewHistory(HistorySpan, HistoryStep)
	st.latest = nil
	st.replay.rewindSubs.emit(struct{}{})
}
