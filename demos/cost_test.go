package demos

import (
	"testing"
	"time"
)

func TestCostFiguresPresentAndPositive(t *testing.T) {
	d := startHarness(t, "cost", "--count", "20")
	ev := d.next(t, "result", 60*time.Second)
	t.Logf("%v", ev)
	for _, key := range []string{
		"thread_create_us", "thread_create_p90_us", "process_create_us", "process_create_p90_us",
		"shm_roundtrip_ns", "shm_roundtrip_p90_ns", "pipe_roundtrip_ns", "pipe_roundtrip_p90_ns",
		"socket_roundtrip_ns", "socket_roundtrip_p90_ns", "cores",
	} {
		if v, ok := ev.Float(key); !ok || v <= 0 {
			t.Errorf("%s = %v, want a positive number", key, ev[key])
		}
	}
	// Every created thread must have been a new one, or the figure would be of reuse.
	if n, _ := ev.Int("threads_distinct"); n != 20 {
		t.Errorf("threads_distinct = %v, want 20", ev["threads_distinct"])
	}
	if code := d.stop(t); code != 0 {
		t.Errorf("exit code %d", code)
	}
}

func TestCostRejectsBadFlags(t *testing.T) {
	harnessRejects(t, [][]string{
		{"cost", "--count", "0"},
		{"cost", "--count", "2001"},
		{"cost", "--count", "many"},
		{"cost", "--size", "3"},
	})
}
