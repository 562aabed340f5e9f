package cardmodel

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
)

// BrowserTab is one tab of a browser demo as its events described it last.
type BrowserTab struct {
	N, PID, TID int
	State       string // "alive", "crashed" or "closed"
	Value       int64
	Read        bool // Value holds a reading
	Address     string
	Reason      string // why it crashed
}

// Tombstone records one crash: what died, when, why, and what survived it. It outlives the
// run, so the evidence stays on screen after the process has gone.
type Tombstone struct {
	At   time.Time
	Text string
	// Short says it in two lines, for a projector: what died, what survived.
	Short string
}

// BrowserState is one browser model's tabs and crashes, built only from the demo's events
// (and the launcher's "crashed" and "exited" for a process that died), so it shows what was
// measured, not what a script expected.
type BrowserState struct {
	Model string
	pid   int // the browser process
	Tabs  map[int]*BrowserTab
	// fault is the tab that faulted last, until its death is recorded.
	fault *BrowserTab
	// lost lists the tabs the launcher reported gone with the browser process.
	lost  []int
	Tombs []Tombstone
	// Clock stamps tombstones; time.Now unless a caller (a test, a replay) sets another.
	Clock func() time.Time
}

// NewBrowserState returns the state of a browser model before its first launch.
func NewBrowserState(model string) *BrowserState {
	return &BrowserState{Model: model, Tabs: map[int]*BrowserTab{}, Clock: time.Now}
}

// Reset forgets the previous run, tombstones included: a new launch starts a new story.
func (b *BrowserState) Reset(pid int) {
	b.pid, b.Tabs, b.fault, b.lost, b.Tombs = pid, map[int]*BrowserTab{}, nil, nil, nil
}

// Numbers lists the tabs known, closed ones included, in order.
func (b *BrowserState) Numbers() []int {
	ns := make([]int, 0, len(b.Tabs))
	for n := range b.Tabs {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return ns
}

// WithState lists the tabs in state, in order.
func (b *BrowserState) WithState(state string) []int {
	var ns []int
	for _, n := range b.Numbers() {
		if b.Tabs[n].State == state {
			ns = append(ns, n)
		}
	}
	return ns
}

func (b *BrowserState) tab(n int) *BrowserTab {
	t, ok := b.Tabs[n]
	if !ok {
		t = &BrowserTab{N: n}
		b.Tabs[n] = t
	}
	return t
}

// Apply takes one event and reports whether the tabs or tombstones changed.
func (b *BrowserState) Apply(e demos.Event) bool {
	n, hasTab := e.Int("tab")
	pid, _ := e.Int("pid")
	tid, _ := e.Int("tid")
	switch e.Kind() {
	case "ready":
		b.pid = pid
		return false
	case "tab":
		if !hasTab {
			return false
		}
		t := b.tab(n)
		t.State = e.String("state")
		t.PID = pid
		if tid != 0 {
			t.TID = tid
		}
		if t.State == "alive" {
			t.Reason = ""
			t.Read = false // a reloaded tab is a new process: its old reading means nothing
		} else if r := e.String("reason"); r != "" {
			t.Reason = r
		}
		return true
	case "read":
		if !hasTab {
			return false
		}
		t := b.tab(n)
		v, _ := e.Float("value")
		t.Value, t.Read, t.Address = int64(v), true, e.String("address")
		return true
	case "fault":
		b.fault = &BrowserTab{N: n, PID: pid, TID: tid, Reason: e.String("message")}
		return false
	case "crashed":
		t := b.tab(n)
		t.State, t.Reason, t.PID = "crashed", e.String("reason"), pid
		if tid != 0 {
			t.TID = tid
		}
		if e.String("source") == "launcher" {
			// The browser process itself died; "exited" follows and tells the whole story.
			b.lost = append(b.lost, n)
			return true
		}
		text, short := b.tabDied(t)
		b.Tombs = append(b.Tombs, Tombstone{At: b.Clock(), Text: text, Short: short})
		b.fault = nil
		return true
	case "exited":
		if e.ExitedOK() || (b.fault == nil && len(b.lost) == 0) {
			return false
		}
		text, short := b.processDied(e)
		b.Tombs = append(b.Tombs, Tombstone{At: b.Clock(), Text: text, Short: short})
		b.fault, b.lost = nil, nil
		return true
	}
	return false
}

// tabDied words the crash of one tab process that its browser survived, at length and short.
func (b *BrowserState) tabDied(t *BrowserTab) (text, short string) {
	what := fmt.Sprintf("Tab %d (pid %d) died: %s.", t.N, t.PID, t.Reason)
	if b.fault != nil && b.fault.N == t.N && b.fault.Reason != "" {
		what = fmt.Sprintf("Tab %d (pid %d) %s and died: %s.", t.N, t.PID, strings.TrimPrefix(b.fault.Reason, "tab "), t.Reason)
	}
	alive := b.WithState("alive")
	var survived, rest string
	if len(alive) == 0 {
		survived = fmt.Sprintf("%s model: tab %d lost; no other tab was running.", b.Model, t.N)
		rest = "no other tab was running"
	} else {
		survived = fmt.Sprintf("%s model: tab %d lost; %s still running, each in its own process.",
			b.Model, t.N, tabList(alive))
		rest = tabList(alive) + " still running"
	}
	short = fmt.Sprintf("Tab %d died alone: %s.\n%s.", t.N, t.Reason, capitalise(rest))
	return b.stamp() + what + "\n" + capitalise(survived), short
}

// processDied words the end of a browser process that took its tabs with it, at length and short.
func (b *BrowserState) processDied(e demos.Event) (text, short string) {
	reason := e.String("reason")
	pid, _ := e.Int("pid")
	var what string
	if f := b.fault; f != nil {
		what = fmt.Sprintf("Tab %d (thread %d of pid %d) %s; the kernel ended the whole process: %s.",
			f.N, f.TID, f.PID, strings.TrimPrefix(f.Reason, "tab "), reason)
	} else {
		what = fmt.Sprintf("The browser process (pid %d) ended: %s.", pid, reason)
	}
	lost := slices.Clone(b.lost)
	slices.Sort(lost)
	var survived string
	switch {
	case len(lost) == 0:
		survived = fmt.Sprintf("%s model: no tab was open.", b.Model)
	case b.Model == "threads":
		survived = fmt.Sprintf("threads model: all %d tabs lost with the process (%s); nothing survived.",
			len(lost), tabList(lost))
	default:
		survived = fmt.Sprintf("%s model: %s lost with the browser.", b.Model, tabList(lost))
	}
	short = fmt.Sprintf("The whole browser died: %s.\nAll %s lost.", reason, model.Plural(len(lost), "tab", "tabs"))
	if f := b.fault; f != nil {
		short = fmt.Sprintf("Tab %d's fault killed the process: %s.\nAll %s lost.", f.N, reason, model.Plural(len(lost), "tab", "tabs"))
	}
	return b.stamp() + what + "\n" + capitalise(survived), short
}

func (b *BrowserState) stamp() string { return b.Clock().Format("15:04:05") + "  " }

// tabList writes tab numbers as "tab 2" or "tabs 1, 3, 4"; a long list writes its runs of
// three or more as ranges, "tabs 2-12", so a 12-tab browser's tombstone stays one line.
func tabList(ns []int) string {
	if len(ns) == 1 {
		return "tab " + strconv.Itoa(ns[0])
	}
	var s []string
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		if len(ns) > 6 && j-i >= 2 {
			s = append(s, strconv.Itoa(ns[i])+"-"+strconv.Itoa(ns[j]))
			i = j + 1
			continue
		}
		s = append(s, strconv.Itoa(ns[i]))
		i++
	}
	return "tabs " + strings.Join(s, ", ")
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// TabCellText is what a tab's cell says: its number and state, the value it last read and
// where, and the process and thread it lives in. Compact (for a projector) it takes three
// lines: the tab's state with its thread (threads model) or process, the value, the address.
func (b *BrowserState) TabCellText(t *BrowserTab, compact bool) string {
	if compact {
		// A thread tab is told apart by its thread, a process tab by its process; the cell's
		// colour says alive, crashed or closed, so the words need not.
		who := fmt.Sprintf("tid %d", t.TID)
		if b.Model == "processes" {
			who = fmt.Sprintf("pid %d", t.PID)
		}
		read := "no reading yet"
		if t.Read {
			read = fmt.Sprintf("reads %d", t.Value)
		}
		if t.State != "alive" {
			read = t.State
			if t.Reason != "" {
				read += ": " + t.Reason
			}
		}
		if t.Read && t.State == "alive" {
			read += " @" + t.Address // every tab's is the same: the lesson of the processes model
		}
		return fmt.Sprintf("Tab %d · %s\n%s", t.N, who, read)
	}
	head := fmt.Sprintf("Tab %d: %s", t.N, t.State)
	read, at := "no reading yet", ""
	if t.Read {
		read, at = fmt.Sprintf("reads %d", t.Value), "at "+t.Address
	}
	if t.State == "crashed" && t.Reason != "" {
		read = "died: " + t.Reason
	}
	return fmt.Sprintf("%s\n%s\n%s\npid %d  tid %d", head, read, at, t.PID, t.TID)
}

// TombstoneText is the browser's tombstone panel: the last three crashes, or "" when none;
// compact (for a projector), the last one only.
func (b *BrowserState) TombstoneText(compact bool) string {
	n := len(b.Tombs)
	if n == 0 {
		return ""
	}
	if compact {
		return b.Tombs[n-1].Short
	}
	var lines []string
	for _, ts := range b.Tombs[max(0, n-3):] {
		lines = append(lines, ts.Text)
	}
	return "Tombstone\n" + strings.Join(lines, "\n\n")
}
