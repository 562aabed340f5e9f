package model

import (
	"fmt"
	"time"
)

// SourceKind is what the window shows: this machine, a recording, or a remote agent's host.
type SourceKind int

// The kinds of source.
const (
	SourceLive   SourceKind = iota // this machine, sampled here, with the 10 Hz watch
	SourceReplay                   // a recording played back
	SourceRemote                   // a remote agent's stream
)

// SourceInfo says what the window shows, for the views that must say what their picture is
// made of (the Cores tab's caption): the kind, the host (for a recording or a remote agent)
// and the interval its samples were taken at (the recording's, or the agent's; 0 when not
// known yet).
type SourceInfo struct {
	Kind     SourceKind
	Host     string
	Interval time.Duration
	// Self is this app's PID among the processes shown (SelfOf the source): only the live
	// source of this machine has one; 0 otherwise.
	Self int
}

// sourceState is the part of State that holds the SourceInfo and who hears of changes.
type sourceState struct {
	info SourceInfo
	subs subs[SourceInfo]
}

// SetSourceInfo records what the window shows now and tells OnSourceInfo's subscribers.
func (st *State) SetSourceInfo(i SourceInfo) {
	if i == st.source.info {
		return
	}
	st.source.info = i
	st.source.subs.emit(i)
}

// SourceInfo returns what the window shows (the zero value: this machine).
func (st *State) SourceInfo() SourceInfo { return st.source.info }

// IsSelf reports whether pid is this app among the processes shown: never in a recording or
// on a remote host, whatever the PID.
func (st *State) IsSelf(pid int) bool { return st.source.info.Self != 0 && pid == st.source.info.Self }

// OnSourceInfo calls fn whenever the window starts showing another source, or learns more of
// it (a remote agent's host and interval arrive with its first sample).
func (st *State) OnSourceInfo(fn func(SourceInfo)) { st.source.subs.add(fn) }

// The Cores tab's captions for this machine: the 10 Hz watch is what makes its lanes finer
// than the refresh. They are part of the view, not help text: a sampled picture read as a
// trace would teach the wrong thing.
const (
	coresCaptionLive = "Sampled, not traced: watched processes (demos, the selected process, filter matches; at most 50) " +
		"are read ten times a second, the rest at each refresh (paler). "
	coresCaptionLiveShort = "Sampled, not traced: watched processes ten times a second, the rest at each refresh (paler). Tap a lane."
	coresCaptionRest      = "Each sample shows, on each core, the thread " +
		"that last ran there and ran most, if for at least 5 % of the sample; switches shorter than a sample are not " +
		"seen. \"worker-0 +2\": worker-0 and two other threads of the same process shared that stretch. A tick at a " +
		"lane's top: a busy thread arrived from another core. Tap a lane for the thread of one sample."
)

// CoresCaption is what the Cores tab's caption says of the source i: whole (long) or short
// for a projector. Only this machine has the 10 Hz watch; a remote agent's lanes are its
// samples at its interval, a recording's are the samples it holds at its interval. The text
// always begins with "Sampled" (the tab prefixes what a trace makes exact).
func CoresCaption(i SourceInfo, long bool) string {
	every := "at each of its samples"
	if i.Interval > 0 {
		every = "every " + FormatInterval(i.Interval)
	}
	host := i.Host
	if host == "" {
		host = "an unnamed host"
	}
	var head string
	switch i.Kind {
	case SourceRemote:
		head = fmt.Sprintf("Sampled %s by the agent on %s, not traced (no 10 Hz watch on a remote host). ", every, host)
	case SourceReplay:
		at := "at its own interval"
		if i.Interval > 0 {
			at = "at " + FormatInterval(i.Interval)
		}
		head = fmt.Sprintf("Sampled, recorded %s on %s: no 10 Hz watch in a recording. ", at, host)
	default:
		if !long {
			return coresCaptionLiveShort
		}
		return coresCaptionLive + coresCaptionRest
	}
	if !long {
		return head + "Tap a lane."
	}
	return head + coresCaptionRest
}

// FormatInterval writes an interval the way the window's menus do: "1 s", "500 ms", "2.5 s".
func FormatInterval(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%g s", d.Seconds())
}
