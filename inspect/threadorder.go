package inspect

import "cmp"

// ThreadOrder orders the thread IDs of process pid: the main thread (TID == PID) first, then the
// rest by TID. Plain TID order is not enough: once the kernel's PIDs wrap around (pid_max is
// 32768 on many machines, and a busy machine gets there in minutes), a thread started later can
// get a smaller ID than its process. The sampler lists threads in this order, and record sorts
// the thread lists it decodes with it, so a replay lists them as live.
func ThreadOrder(pid int) func(a, b int) int {
	return func(a, b int) int {
		switch {
		case a == b:
			return 0
		case a == pid:
			return -1
		case b == pid:
			return 1
		}
		return cmp.Compare(a, b)
	}
}
