package ui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/taskscope/taskscope/demos"
)

// browserTab is one tab of a browser demo as its events described it last.
type browserTab struct {
	n, pid, tid int
	state       string // "alive", "crashed" or "closed"
	value       int64
	read        bool // value holds a reading
	address     string
	reason      string // why it crashed
}

// tombstone records one crash: what died, when, why, and what survived it. It outlives the
// run, so the evidence stays on screen after the process has gone.
type tombstone struct {
	at   time.Time
	text string
}

// browserState is one browser model's tabs and crashes, built only from the demo's events
// (and the launcher's "crashed" and "exited" for a process that died), so it shows what was
// measured, not what a script expected.
type browserState struct {
	model string
	pid   int // the browser process
	tabs  map[int]*browserTab
	// fault is the tab that faulted last, until its death is recorded.
	fault *browserTab
	// lost lists the tabs the launcher reported gone with the browser process.
	lost  []int
	tombs []tombstone
	now   func() time.Time
}

func newBrowserState(model string) *browserState {
	return &browserState{model: model, tabs: map[int]*browserTab{}, now: time.Now}
}

// reset forgets the previous run, tombstones included: a new launch starts a new story.
func (b *browserState) reset(pid int) {
	b.pid, b.tabs, b.fault, b.lost, b.tombs = pid, map[int]*browserTab{}, nil, nil, nil
}

// numbers lists the tabs known, closed ones included, in order.
func (b *browserState) numbers() []int {
	ns := make([]int, 0, len(b.tabs))
	for n := range b.tabs {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	return ns
}

// withState lists the tabs in state, in order.
func (b *browserState) withState(state string) []int {
	var ns []int
	for _, n := range b.numbers() {
		if b.tabs[n].state == state {
			ns = append(ns, n)
		}
	}
	return ns
}

func (b *browserState) tab(n int) *browserTab {
	t, ok := b.tabs[n]
	if !ok {
		t = &browserTab{n: n}
		b.tabs[n] = t
	}
	return t
}

// apply takes one event and reports whether the tabs or tombstones changed.
func (b *browserState) apply(e demos.Event) bool {
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
		t.state = e.String("state")
		t.pid = pid
		if tid != 0 {
			t.tid = tid
		}
		if t.state == "alive" {
			t.reason = ""
			t.read = false // a reloaded tab is a new process: its old reading means nothing
		} else if r := e.String("reason"); r != "" {
			t.reason = r
		}
		return true
	case "read":
		if !hasTab {
			return false
		}
		t := b.tab(n)
		v, _ := e.Float("value")
		t.value, t.read, t.address = int64(v), true, e.String("address")
		return true
	case "fault":
		b.fault = &browserTab{n: n, pid: pid, tid: tid, reason: e.String("message")}
		return false
	case "crashed":
		t := b.tab(n)
		t.state, t.reason, t.pid = "crashed", e.String("reason"), pid
		if tid != 0 {
			t.tid = tid
		}
		if e.String("source") == "launcher" {
			// The browser process itself died; "exited" follows and tells the whole story.
			b.lost = append(b.lost, n)
			return true
		}
		b.tombs = append(b.tombs, tombstone{at: b.now(), text: b.tabDied(t)})
		b.fault = nil
		return true
	case "exited":
		if e.String("reason") == "exited 0" || (b.fault == nil && len(b.lost) == 0) {
			return false
		}
		b.tombs = append(b.tombs, tombstone{at: b.now(), text: b.processDied(e)})
		b.fault, b.lost = nil, nil
		return true
	}
	return false
}

// tabDied words the crash of one tab process that its browser survived.
func (b *browserState) tabDied(t *browserTab) string {
	what := fmt.Sprintf("Tab %d (pid %d) died: %s.", t.n, t.pid, t.reason)
	if b.fault != nil && b.fault.n == t.n && b.fault.reason != "" {
		what = fmt.Sprintf("Tab %d (pid %d) %s and died: %s.", t.n, t.pid, strings.TrimPrefix(b.fault.reason, "tab "), t.reason)
	}
	alive := b.withState("alive")
	var survived string
	if len(alive) == 0 {
		survived = fmt.Sprintf("%s model: tab %d lost; no other tab was running.", b.model, t.n)
	} else {
		survived = fmt.Sprintf("%s model: tab %d lost; %s still running, each in its own process.",
			b.model, t.n, tabList(alive))
	}
	return b.stamp() + what + "\n" + capitalise(survived)
}

// processDied words the end of a browser process that took its tabs with it.
func (b *browserState) processDied(e demos.Event) string {
	reason := e.String("reason")
	pid, _ := e.Int("pid")
	var what string
	if f := b.fault; f != nil {
		what = fmt.Sprintf("Tab %d (thread %d of pid %d) %s; the kernel ended the whole process: %s.",
			f.n, f.tid, f.pid, strings.TrimPrefix(f.reason, "tab "), reason)
	} else {
		what = fmt.Sprintf("The browser process (pid %d) ended: %s.", pid, reason)
	}
	lost := slices.Clone(b.lost)
	slices.Sort(lost)
	var survived string
	switch {
	case len(lost) == 0:
		survived = fmt.Sprintf("%s model: no tab was open.", b.model)
	case b.model == "threads":
		survived = fmt.Sprintf("threads model: all %d tabs lost with the process (%s); nothing survived.",
			len(lost), tabList(lost))
	default:
		survived = fmt.Sprintf("%s model: %s lost with the browser.", b.model, tabList(lost))
	}
	return b.stamp() + what + "\n" + capitalise(survived)
}

func (b *browserState) stamp() string { return b.now().Format("15:04:05") + "  " }

// tabList writes tab numbers as "tab 2" or "tabs 1, 3, 4".
func tabList(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	if len(ns) == 1 {
		return "tab " + s[0]
	}
	return "tabs " + strings.Join(s, ", ")
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
