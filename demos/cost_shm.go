package demos

import (
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// A mailbox is one word of memory both threads see. A thread waiting for mail spins on it for a
// while, because on a free core the other thread answers within a few hundred nanoseconds; after
// that it sleeps in the kernel (futex) so that, on a busy machine, it does not burn the core the
// other thread needs. The message itself never passes through the kernel, only the wake-up does.
const (
	mailEmpty    = 0
	mailFull     = 1
	mailSleeping = 2 // empty, and the receiver is asleep in futex: the sender must wake it

	mailSpins = 4000

	// Linux futex operations on memory private to this process (linux/futex.h).
	futexWaitPrivate = 0 | 128
	futexWakePrivate = 1 | 128
)

// mailbox is padded to a cache line of its own, so the two mailboxes do not share one and the
// figure is of one message each way, not of false sharing.
type mailbox struct {
	word atomic.Uint32
	_    [60]byte
}

// send puts a message in m, which must be empty, and wakes the receiver if it sleeps.
func (m *mailbox) send() {
	if m.word.Swap(mailFull) == mailSleeping {
		futex(&m.word, futexWakePrivate, 1)
	}
}

// receive waits for a message in m and takes it.
func (m *mailbox) receive() {
	for range mailSpins {
		if m.word.CompareAndSwap(mailFull, mailEmpty) {
			return
		}
	}
	for {
		if m.word.CompareAndSwap(mailFull, mailEmpty) {
			return
		}
		if m.word.CompareAndSwap(mailEmpty, mailSleeping) || m.word.Load() == mailSleeping {
			// Returns at once if the word is no longer "sleeping", so a send between the
			// swap above and this call is never missed.
			futex(&m.word, futexWaitPrivate, mailSleeping)
		}
	}
}

func futex(addr *atomic.Uint32, op, val uint32) {
	// Errors (EAGAIN: the value changed; EINTR) only mean "look again", which the callers do.
	_, _, _ = unix.Syscall6(unix.SYS_FUTEX, uintptr(unsafe.Pointer(addr)), uintptr(op), uintptr(val), 0, 0, 0)
}

// measureShared bounces a message between this thread and a second thread of this process
// through two words of shared memory.
func measureShared() ([]time.Duration, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var ping, pong mailbox
	var done atomic.Bool
	finished := make(chan struct{})
	GoNamedThread("cost-pong", func() {
		defer close(finished)
		for {
			ping.receive()
			if done.Load() {
				return
			}
			pong.send()
		}
	})
	samples, err := timeBatches(costTripsShared, func() error {
		ping.send()
		pong.receive()
		return nil
	})
	done.Store(true)
	ping.send()
	<-finished
	return samples, err
}
