package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/internal/bytesize"
)

// SelfMark is what views add to Taskscope's own process and threads, so a class is not asked
// to explain it. Which process that is, is the source's to say (SelfOf).
const SelfMark = " (this app)"

// FormatPercent writes a CPU share with one decimal, the precision top uses.
func FormatPercent(p float64) string {
	return strconv.FormatFloat(p, 'f', 1, 64)
}

// FormatBytes writes a size in binary units with three significant figures (bytesize.Format,
// the module's one byte formatter).
func FormatBytes(b uint64) string { return bytesize.Format(b) }

// FormatUptime writes a duration as days, hours and minutes, as uptime(1) does.
func FormatUptime(d time.Duration) string {
	d = d.Truncate(time.Minute)
	days := int(d / (24 * time.Hour))
	h := int(d/time.Hour) % 24
	m := int(d/time.Minute) % 60
	if days > 0 {
		return fmt.Sprintf("%dd %dh %02dm", days, h, m)
	}
	return fmt.Sprintf("%dh %02dm", h, m)
}

// FrozenAge is how long ago a held snapshot was taken, as the scrub row beside the freeze
// slider says it: "just now", then in steps of ten seconds, then whole minutes. A frozen view is
// there to be looked at; an age counting every second would make Fyne redraw the whole window
// every second for it, which costs as much as the live view it replaces. In these steps the
// held window is redrawn once in ten seconds at most (once a minute after the first).
func FrozenAge(d time.Duration) string {
	switch {
	case d < 10*time.Second:
		return "just now"
	case d < time.Minute:
		return fmt.Sprintf("%d s ago", int(d/(10*time.Second))*10)
	}
	return fmt.Sprintf("%d min ago", int(d/time.Minute))
}

// FormatAge writes how long ago something started: seconds while young, then as uptime.
func FormatAge(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min %02d s", int(d.Minutes()), int(d.Seconds())%60)
	}
	return FormatUptime(d)
}

// ProcessState is the state a process row shows. The kernel's process state is its main
// thread's, so a program whose main thread waits while its workers run reads "sleeping" at
// 200 % CPU; here a process is running when any of its threads is, else in disk wait when any
// is. Stopped, traced, zombie and dead processes keep their own state.
func ProcessState(p *inspect.Process) string {
	switch p.State {
	case "R", "Z", "T", "t", "X":
		return p.State
	}
	state := p.State
	for i := range p.Threads {
		switch p.Threads[i].State {
		case "R":
			return "R"
		case "D":
			state = "D"
		}
	}
	return state
}

// StateWord spells out the kernel's one-letter scheduler state.
func StateWord(s string) string {
	switch s {
	case "R":
		return "running"
	case "S":
		return "sleeping"
	case "D":
		return "disk wait"
	case "Z":
		return "zombie"
	case "T":
		return "stopped"
	case "t":
		return "traced"
	case "I":
		return "idle"
	case "X":
		return "dead"
	}
	return s
}

// FormatCount writes a whole number with thousands separators ("4,000,000"), so a counter's
// digits can be compared at a glance.
func FormatCount(v float64) string {
	s := strconv.FormatFloat(math.Round(math.Abs(v)), 'f', 0, 64)
	var b strings.Builder
	if v < 0 && s != "0" {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FormatRatio says how many times a is of b ("168x"), with one decimal below ten.
func FormatRatio(a, b float64) string {
	if b <= 0 {
		return ""
	}
	r := a / b
	if r < 10 {
		return strconv.FormatFloat(r, 'f', 1, 64) + "x"
	}
	return FormatCount(r) + "x"
}

// Plural writes a count with the right form of its noun: "1 process", "3 processes".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// ThreadLabel names a thread as `process [thread]` when the thread has its own name, so a
// thread row is readable without looking up at its process.
func ThreadLabel(proc, thread string) string {
	if thread == proc || thread == "" {
		return thread
	}
	return proc + " [" + thread + "]"
}

// CoreSet lists the cores a process's threads last ran on ("0,1"), or how many when there are
// many, which shows at a glance whether a process is spread over the machine.
func CoreSet(p *inspect.Process) string {
	var seen [64]bool
	n, over := 0, 0
	for i := range p.Threads {
		c := p.Threads[i].Core
		if c < 0 || c >= len(seen) {
			over++
			continue
		}
		if !seen[c] {
			seen[c] = true
			n++
		}
	}
	if n+over > 4 {
		return strconv.Itoa(n+over) + " cores"
	}
	var b strings.Builder
	for c, ok := range seen {
		if ok {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(c))
		}
	}
	return b.String()
}
