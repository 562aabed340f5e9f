package demos

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// deadline is generous: the tests share two cores with other work.
const deadline = 20 * time.Second

// watch collects the events of one Running for a test.
type watch struct {
	t   *testing.T
	r   *Running
	all []Event
}

func startDemo(t *testing.T, l *Launcher, name string, args ...string) *watch {
	t.Helper()
	r, err := l.Start(name, args...)
	if err != nil {
		t.Fatalf("Start(%s %v): %v", name, args, err)
	}
	t.Cleanup(func() {
		if err := r.Stop(); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	return &watch{t: t, r: r}
}

// until reads events until ok says yes, and returns that event; it fails the test at the deadline
// or when the events end first.
func (w *watch) until(what string, ok func(Event) bool) Event {
	w.t.Helper()
	timeout := time.After(deadline)
	for {
		select {
		case e, open := <-w.r.Events():
			if !open {
				w.t.Fatalf("events ended while waiting for %s; seen: %v", what, w.all)
			}
			w.all = append(w.all, e)
			if ok(e) {
				return e
			}
		case <-timeout:
			w.t.Fatalf("no %s within %v; seen: %v", what, deadline, w.all)
		}
	}
}

// rest reads every event up to the end of the demo.
func (w *watch) rest() []Event {
	w.t.Helper()
	start := len(w.all)
	timeout := time.After(deadline)
	for {
		select {
		case e, open := <-w.r.Events():
			if !open {
				return w.all[start:]
			}
			w.all = append(w.all, e)
		case <-timeout:
			w.t.Fatalf("demo did not end within %v; seen: %v", deadline, w.all)
		}
	}
}

// alive waits for "tab" alive events of the given tabs and returns them by tab.
func (w *watch) alive(tabs ...int) map[int]Event {
	w.t.Helper()
	got := map[int]Event{}
	for len(got) < len(tabs) {
		e := w.until(fmt.Sprintf("tabs %v alive", tabs), func(e Event) bool {
			n, _ := e.Int("tab")
			return e.Kind() == "tab" && e.String("state") == "alive" && containsInt(tabs, n) && got[n] == nil
		})
		n, _ := e.Int("tab")
		got[n] = e
	}
	return got
}

func (w *watch) send(c Command) {
	w.t.Helper()
	if err := w.r.Send(c); err != nil {
		w.t.Fatalf("Send(%+v): %v", c, err)
	}
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func intField(t *testing.T, e Event, key string) int {
	t.Helper()
	n, ok := e.Int(key)
	if !ok {
		t.Fatalf("event %v has no whole %q", e, key)
	}
	return n
}

func i64(v int64) *int64 { return &v }

// procRead reads /proc/PID/FILE, trimmed; "" when the process or file is gone.
func procRead(pid int, file string) string {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), file))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// procStat returns the state letter and parent pid from /proc/PID/stat, or ok=false when gone.
func procStat(pid int) (state string, ppid int, ok bool) {
	s := procRead(pid, "stat")
	i := strings.LastIndexByte(s, ')') // the name in parentheses may itself hold spaces or ')'
	if i < 0 {
		return "", 0, false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 2 {
		return "", 0, false
	}
	ppid, _ = strconv.Atoi(f[1])
	return f[0], ppid, true
}

// running reports whether pid is a live process: present in /proc and not a zombie.
func running(pid int) bool {
	state, _, ok := procStat(pid)
	return ok && state != "Z" && state != "X"
}

// threadNames maps each thread of pid to its name, from /proc/PID/task/*/comm.
func threadNames(t *testing.T, pid int) map[int]string {
	t.Helper()
	dirs, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		t.Fatalf("listing threads of %d: %v", pid, err)
	}
	names := map[int]string{}
	for _, d := range dirs {
		tid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/comm", pid, tid)); err == nil {
			names[tid] = string(bytes.TrimSpace(b))
		}
	}
	return names
}

// childrenOf lists the live processes whose parent is pid.
func childrenOf(pid int) []int {
	dirs, _ := os.ReadDir("/proc")
	var kids []int
	for _, d := range dirs {
		p, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		if state, ppid, ok := procStat(p); ok && ppid == pid && state != "Z" {
			kids = append(kids, p)
		}
	}
	return kids
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("not within %v: %s", deadline, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
