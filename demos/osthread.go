package demos

import (
	"os"
	"runtime"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

// MaxThreadNameBytes is the longest thread name the kernel keeps (16 bytes with the final NUL).
// Longer names are cut, so /proc/*/task/*/comm shows only this many bytes.
const MaxThreadNameBytes = 15

// GoNamedThread runs body on a new goroutine locked to an OS thread of its own, names that thread
// name (cut to MaxThreadNameBytes), and returns the thread's ID once the name is set, so a caller
// can look it up in /proc/self/task/TID at once. The goroutine never unlocks: when body returns,
// the Go runtime ends the thread with it instead of handing a thread that carries a demo's name
// to unrelated goroutines. Callers that need to wait for body use their own channel or WaitGroup.
func GoNamedThread(name string, body func()) (tid int) {
	ready := make(chan int)
	go func() {
		runtime.LockOSThread()
		// A failed rename leaves the inherited name; the demo still runs and only its label in
		// /proc is wrong, which is no reason to stop it.
		_ = NameThisThread(name)
		ready <- unix.Gettid()
		body()
	}()
	return <-ready
}

// NameThisThread sets the name of the calling OS thread, as shown in /proc/self/task/TID/comm.
// The caller must hold its thread with runtime.LockOSThread, or the name lands on whatever thread
// the goroutine happens to run on at that moment.
func NameThisThread(name string) error {
	if len(name) > MaxThreadNameBytes {
		name = name[:MaxThreadNameBytes]
	}
	// prctl reads a NUL-terminated string of at most 16 bytes.
	var buf [MaxThreadNameBytes + 1]byte
	copy(buf[:], name)
	return unix.Prctl(unix.PR_SET_NAME, uintptr(unsafe.Pointer(&buf[0])), 0, 0, 0)
}

// LetKernelSchedule raises GOMAXPROCS to at least n and returns a function that puts it back.
// Go lets only GOMAXPROCS threads run Go code at once and parks the rest itself; a demo with n
// busy locked threads calls this so that all n are runnable OS threads and the kernel's scheduler,
// the one the lesson is about, decides which of them runs on which core.
func LetKernelSchedule(n int) (restore func()) {
	old := runtime.GOMAXPROCS(0)
	if n <= old {
		return func() {}
	}
	runtime.GOMAXPROCS(n)
	return func() { runtime.GOMAXPROCS(old) }
}

// RuntimeThreadName is the name a demo gives the Go runtime's own threads (the scheduler's
// spare threads, sysmon, the garbage collector's helpers), so that a thread list tells them from
// the demo's working threads and a viewer can fold them away.
const RuntimeThreadName = "go-runtime"

// NameProcess names the calling thread, which must be the process's main thread, name (cut to
// MaxThreadNameBytes), which is also the name of the process, and every other thread it has so
// far RuntimeThreadName. The Go runtime starts its own threads before main runs, and a new
// thread takes its name from the thread that made it, so without this a demo's helper threads
// would all say "taskscope" in a thread list, or the demo's own name, as if they did its work.
// Threads a demo names itself (GoNamedThread) come later and keep their names. Errors are
// ignored: a thread that ended meanwhile needs no name, and a wrong label stops nothing.
func NameProcess(name string) {
	if len(name) > MaxThreadNameBytes {
		name = name[:MaxThreadNameBytes]
	}
	_ = NameThisThread(name)
	self := unix.Gettid()
	// A thread the runtime starts while the names are being given takes the name of the
	// thread that made it, perhaps one not renamed yet: go over the threads again until a
	// pass finds none it had not seen (a few passes at most).
	seen := map[string]bool{}
	for pass := 0; pass < 5; pass++ {
		tasks, err := os.ReadDir("/proc/self/task")
		if err != nil {
			return
		}
		fresh := false
		for _, t := range tasks {
			if seen[t.Name()] {
				continue
			}
			seen[t.Name()], fresh = true, true
			if tid, err := strconv.Atoi(t.Name()); err == nil && tid != self {
				// A process may rename any of its own threads through their comm files.
				_ = os.WriteFile("/proc/self/task/"+t.Name()+"/comm", []byte(RuntimeThreadName), 0)
			}
		}
		if !fresh {
			return
		}
	}
}
