package model

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model/modeltest"
)

func TestBuildDetail(t *testing.T) {
	s := fixture(t0, [3]float64{30, 5, 1})
	s.Processes = append(s.Processes, inspect.Process{PID: 666, PPID: 200, StartTicks: 666, Name: "defunct", State: "Z"})
	for _, c := range []struct {
		key   inspect.TaskKey
		found bool
		check func(d *DetailModel) string
	}{
		{inspect.TaskKey{ID: 100, StartTicks: 100}, true, func(d *DetailModel) string {
			if d.Title != "firefox (100)" || d.Parent != "systemd (1)" || d.Children != "bash (200)" ||
				d.Cmd != "/usr/bin/firefox --new-window" || len(d.Threads) != 3 || d.Threads[1][1] != "Renderer" ||
				!strings.HasPrefix(d.Started, t0.Add(-time.Hour+time.Second).Format("2006-01-02 15:04:05")) ||
				!strings.HasSuffix(d.Started, "59 min 59 s ago") {
				return "firefox"
			}
			return ""
		}},
		{inspect.TaskKey{ID: 2, StartTicks: 2}, true, func(d *DetailModel) string {
			if d.Cmd != "[kthreadd]" || d.Children != "none" || d.Parent != "0" {
				return "kernel thread"
			}
			return ""
		}},
		{inspect.TaskKey{ID: 1, StartTicks: 1}, true, func(d *DetailModel) string {
			if !strings.Contains(d.Refusal, "init") {
				return "init not refused"
			}
			return ""
		}},
		{inspect.TaskKey{ID: 666, StartTicks: 666}, true, func(d *DetailModel) string {
			if !strings.Contains(d.Refusal, "zombie") || d.Cmd != "[defunct]" {
				return "zombie offered signals"
			}
			return ""
		}},
		{inspect.TaskKey{ID: 100, StartTicks: 99}, false, nil}, // a reused PID is another process
		{inspect.TaskKey{ID: 999, StartTicks: 1}, false, nil},
	} {
		d := BuildDetail(s, c.key)
		if d.Found != c.found || d.Key != c.key || !d.Taken.Equal(t0) {
			t.Errorf("%v: found %v", c.key, d.Found)
			continue
		}
		if c.check != nil {
			if what := c.check(d); what != "" {
				t.Errorf("%v: %s: %+v", c.key, what, d)
			}
		}
	}
}

func TestSignalRefusalsAndMessages(t *testing.T) {
	w := NewWorker(&modeltest.Source{}, 1e9, Options{}, func(Frame) {})
	for _, pid := range []int{1, os.Getpid()} {
		if err := w.Signal(inspect.TaskKey{ID: pid}, unix.SIGTERM); !errors.Is(err, ErrRefused) {
			t.Errorf("signal to %d: %v, want refused", pid, err)
		}
	}
	if err := w.Signal(inspect.TaskKey{ID: 12345}, unix.SIGTERM); !errors.Is(err, ErrNoSignals) {
		t.Errorf("a source that cannot signal: %v", err)
	}
	s := SignalChoices[0]
	for _, c := range []struct {
		err  error
		want string
	}{
		{nil, "Sent SIGTERM to cron (12)."},
		{unix.EPERM, "not allowed"},
		{inspect.ErrGone, "has already ended"},
		{refused{"PID 1 is the init process"}, "PID 1 is the init process"},
	} {
		if got := SignalMessage(c.err, s, "cron (12)"); !strings.Contains(got, c.want) {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
}
