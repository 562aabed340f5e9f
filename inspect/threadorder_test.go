package inspect

import (
	"slices"
	"testing"
)

// TestThreadOrderPutsMainThreadFirst covers PID wrap-around: a thread started after the kernel's
// PIDs wrapped has a smaller TID than its process, and must still come after the main thread.
func TestThreadOrderPutsMainThreadFirst(t *testing.T) {
	tids := []int{2711, 30001, 30000, 15, 30002}
	slices.SortFunc(tids, ThreadOrder(30000))
	if want := []int{30000, 15, 2711, 30001, 30002}; !slices.Equal(tids, want) {
		t.Errorf("order = %v, want %v", tids, want)
	}
}
