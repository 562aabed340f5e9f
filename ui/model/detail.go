package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

// ThreadCols is the number of columns of the detail pane's thread list: TID, name, state, CPU %, core.
const ThreadCols = 5

// ThreadTitles are the thread list's column titles.
var ThreadTitles = [ThreadCols]string{"TID", "Name", "State", "CPU %", "Core"}

// DetailModel is the detail pane's text for one process, built on the worker goroutine.
type DetailModel struct {
	Key   inspect.TaskKey
	Found bool
	Taken time.Time // when the snapshot it was built from was taken
	Title string
	// Refusal says why signals are not offered for this process ("" when they are).
	Refusal                              string
	Cmd, User, Started, Parent, Children string
	// App, Disk and GPU are the lines of AppLine, DiskLine and GPULine; GPU is "" for a process
	// that has no GPU open.
	App, Disk, GPU string
	Threads        [][ThreadCols]string
}

// BuildDetail describes process k as s saw it; Found is false when s does not hold it.
func BuildDetail(s *inspect.Snapshot, k inspect.TaskKey) *DetailModel {
	d := &DetailModel{Key: k, Taken: s.Taken}
	p, ok := s.Find(k.ID)
	if !ok || p.StartTicks != k.StartTicks {
		return d
	}
	d.Found = true
	d.Refusal = Refusal(p.PID)
	if p.State == "Z" && d.Refusal == "" {
		d.Refusal = fmt.Sprintf("A zombie has already ended: it only waits for its parent (%d) to collect how it "+
			"ended. No signal can end it again; ending its parent lets init collect it.", p.PPID)
	}
	d.Title = fmt.Sprintf("%s (%d)", p.Name, p.PID)
	d.Cmd = p.Cmdline
	d.App, d.Disk, d.GPU = AppLine(p), DiskLine(p), GPULine(p)
	if d.Cmd == "" {
		d.Cmd = "[" + p.Name + "]" // kernel threads and zombies have none; ps shows this form
	}
	d.User = fmt.Sprintf("%s (uid %d)", p.User, p.UID)
	if p.UID < 0 {
		d.User = p.User // a snapshot from JSON (a remote agent) carries the name only
	}
	st := s.StartTime(p.StartTicks)
	d.Started = st.Format("2006-01-02 15:04:05") + ", " + FormatAge(s.Taken.Sub(st)) + " ago"
	if pp, ok := s.Find(p.PPID); ok {
		d.Parent = fmt.Sprintf("%s (%d)", pp.Name, pp.PID)
	} else {
		d.Parent = strconv.Itoa(p.PPID)
	}
	var kids []string
	for i := range s.Processes {
		if c := &s.Processes[i]; c.PPID == p.PID && c.PID != p.PID {
			kids = append(kids, fmt.Sprintf("%s (%d)", c.Name, c.PID))
		}
	}
	switch {
	case len(kids) == 0:
		d.Children = "none"
	case len(kids) > 12:
		d.Children = strings.Join(kids[:12], ", ") + fmt.Sprintf(" and %d more", len(kids)-12)
	default:
		d.Children = strings.Join(kids, ", ")
	}
	d.Threads = make([][ThreadCols]string, len(p.Threads))
	for i := range p.Threads {
		t := &p.Threads[i]
		d.Threads[i] = [ThreadCols]string{strconv.Itoa(t.TID), t.Name, StateWord(t.State), FormatPercent(t.CPUPercent), strconv.Itoa(t.Core)}
	}
	return d
}

// MemoryLine writes a memory breakdown on one line: resident, proportional (shared pages split
// among their users), private, shared and swapped.
func MemoryLine(m inspect.MemoryBreakdown) string {
	return fmt.Sprintf("RSS %s · PSS %s · private %s · shared %s · swap %s",
		FormatBytes(m.RSS), FormatBytes(m.PSS), FormatBytes(m.Private), FormatBytes(m.Shared), FormatBytes(m.Swap))
}
