package task

import (
	"errors"
	"os"
	"testing"
)

func TestParseCPUList(t *testing.T) {
	for in, want := range map[string][]int{"0": {0}, "0-3": {0, 1, 2, 3}, "0,2-3,7": {0, 2, 3, 7}} {
		got, err := ParseCPUList(in)
		if err != nil || len(got) != len(want) {
			t.Errorf("%q: %v %v", in, got, err)
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%q: %v, want %v", in, got, want)
			}
		}
	}
	for _, bad := range []string{"", "a", "3-1", "0-", "-1", "0,,1", "0-99999999"} {
		if _, err := ParseCPUList(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestThreadsOfGoneProcess(t *testing.T) {
	// 2^22+1 is past the kernel's hard PID limit, so no process can have it.
	if _, err := Threads(1<<22 + 1); !errors.Is(err, ErrGone) {
		t.Errorf("Threads of an impossible PID: %v, want ErrGone", err)
	}
	tids, err := Threads(os.Getpid())
	if err != nil || len(tids) == 0 {
		t.Fatalf("Threads of this process: %v %v", tids, err)
	}
	found := false
	for _, tid := range tids {
		found = found || tid == os.Getpid()
	}
	if !found {
		t.Errorf("Threads of this process %v lack its main thread %d", tids, os.Getpid())
	}
}
