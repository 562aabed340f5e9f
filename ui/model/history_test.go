package model

import (
	"testing"
	"time"

	"github.com/taskscope/taskscope/inspect"
)

func TestHistoryTrimsByAgeAndScrubs(t *testing.T) {
	for _, c := range []struct {
		every      time.Duration
		n          int
		minN, maxN int
	}{
		{500 * time.Millisecond, 30, 10, 12}, // 15 s at 0.5 s: one a second kept
		{time.Second, 30, 10, 12},
		{5 * time.Second, 10, 3, 3},
	} {
		h := NewHistory(10*time.Second, time.Second)
		for i := range c.n {
			h.Push(&inspect.Snapshot{Taken: t0.Add(time.Duration(i) * c.every)})
		}
		newest := h.At(h.Len() - 1).Taken
		if want := t0.Add(time.Duration(c.n-1) * c.every); !newest.Equal(want) {
			t.Errorf("every %v: newest = %v, want the last pushed", c.every, newest.Sub(t0))
		}
		if oldest := h.At(0).Taken; newest.Sub(oldest) > 10*time.Second+c.every {
			t.Errorf("every %v: oldest kept is %v before the newest", c.every, newest.Sub(oldest))
		}
		if n := h.Len(); n < c.minN || n > c.maxN {
			t.Errorf("every %v: kept %d samples, want %d..%d", c.every, n, c.minN, c.maxN)
		}
		// Scrubbing finds each kept sample by identity, and nothing outside.
		for i := range h.Len() {
			if h.Index(h.At(i)) != i {
				t.Errorf("every %v: Index(At(%d)) = %d", c.every, i, h.Index(h.At(i)))
			}
		}
		if h.At(-1) != nil || h.At(h.Len()) != nil || h.Index(&inspect.Snapshot{}) != -1 {
			t.Error("out of range answered")
		}
	}
	h := NewHistory(10*time.Second, time.Second)
	for i := range 30 {
		h.Push(&inspect.Snapshot{Taken: t0.Add(time.Duration(i) * 500 * time.Millisecond)})
	}
	if got := len(h.Since(3 * time.Second)); got < 3 || got > 5 {
		t.Errorf("Since(3s) = %d", got)
	}
}

func TestFormatting(t *testing.T) {
	for in, want := range map[uint64]string{0: "0 B", 1023: "1023 B", 1536: "1.5 KiB", 400 << 20: "400 MiB", 8 << 30: "8.0 GiB"} {
		if got := FormatBytes(in); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", in, got, want)
		}
	}
	for _, c := range []struct{ got, want string }{
		{ThreadLabel("firefox", "Renderer"), "firefox [Renderer]"},
		{ThreadLabel("bash", "bash"), "bash"},
		{FormatCount(4e6), "4,000,000"},
		{FormatCount(-1234), "-1,234"},
		{FormatRatio(168, 1), "168x"},
		{FormatRatio(1.5, 1), "1.5x"},
		{FormatRatio(1, 0), ""},
		{FormatAge(42 * time.Second), "42 s"},
		{FormatAge(61 * time.Second), "1 min 01 s"},
		{FrozenAge(9 * time.Second), "just now"},
		{FrozenAge(19 * time.Second), "10 s ago"},
		{FrozenAge(59 * time.Second), "50 s ago"},
		{FrozenAge(179 * time.Second), "2 min ago"},
		{FormatUptime(26*time.Hour + 5*time.Minute), "1d 2h 05m"},
		{Plural(1, "tab", "tabs"), "1 tab"},
		{Plural(3, "tab", "tabs"), "3 tabs"},
		{StateWord("D"), "disk wait"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestProcessState checks the state a process row shows: running when any thread runs, though
// the kernel's process state is the main thread's.
func TestProcessState(t *testing.T) {
	proc := func(main string, others ...string) *inspect.Process {
		p := &inspect.Process{State: main, Threads: []inspect.Thread{{State: main}}}
		for _, s := range others {
			p.Threads = append(p.Threads, inspect.Thread{State: s})
		}
		return p
	}
	for _, c := range []struct {
		p    *inspect.Process
		want string
	}{
		{proc("S", "S", "R"), "R"},
		{proc("S", "D", "S"), "D"},
		{proc("S", "D", "R"), "R"},
		{proc("S", "S"), "S"},
		{proc("I"), "I"},
		{proc("T", "T", "T"), "T"},
		{proc("Z", "R"), "Z"},                              // a zombie leader whose threads live on is still shown as a zombie
		{&inspect.Process{State: "S", NumThreads: 3}, "S"}, // threads not read
	} {
		if got := ProcessState(c.p); got != c.want {
			t.Errorf("ProcessState(%+v) = %q, want %q", c.p.Threads, got, c.want)
		}
	}
}
