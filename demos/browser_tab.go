package demos

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// readEvery is how often a tab looks at the shared value on its own.
const readEvery = 200 * time.Millisecond

// tabWorker is one tab: a locked, named OS thread that holds a page of memory and reads
// browserShared. The same worker runs inside the browser (threads model) or alone in a tab
// process (processes model); only where its thread lives differs.
type tabWorker struct {
	n       int
	pageMiB int
	emit    func(Event)
	cmds    chan Command
	done    chan struct{}
	tid     atomic.Int64
}

func newTabWorker(n, pageMiB int, emit func(Event)) *tabWorker {
	return &tabWorker{n: n, pageMiB: pageMiB, emit: emit, cmds: make(chan Command, 16), done: make(chan struct{})}
}

// run is the tab's thread. It returns when cmds closes or on "close"; since the goroutine never
// unlocks its thread, the Go runtime ends that thread then, and the tab's thread leaves /proc.
func (w *tabWorker) run() {
	runtime.LockOSThread()
	defer close(w.done)
	tid := unix.Gettid()
	w.tid.Store(int64(tid))
	_ = NameThisThread(fmt.Sprintf("tab-%d", w.n)) // unnamed, the tab still works; only its label is lost

	page := make([]byte, w.pageMiB<<20)
	step := os.Getpagesize()
	for i := 0; i < len(page); i += step {
		page[i] = byte(i/step) | 1 // a write per page, so the kernel must back every page
	}
	w.emit(Event{"event": "tab", "tab": w.n, "pid": os.Getpid(), "tid": tid, "state": "alive",
		"page_bytes": len(page), "rss_bytes": rssOf("self")})

	tick := time.NewTicker(readEvery)
	defer tick.Stop()
	last, seen := int64(0), false
	report := func() {
		last, seen = atomic.LoadInt64(&browserShared), true
		w.emit(Event{"event": "read", "tab": w.n, "pid": os.Getpid(), "tid": tid,
			"value": last, "address": sharedAddress()})
	}
	report()
	for {
		select {
		case c, ok := <-w.cmds:
			if !ok || c.Cmd == "close" {
				runtime.KeepAlive(page)
				return
			}
			switch c.Cmd {
			case "write":
				atomic.StoreInt64(&browserShared, *c.Value)
				report()
			case "read":
				report()
			case "crash":
				w.emit(Event{"event": "fault", "tab": w.n, "pid": os.Getpid(), "tid": tid,
					"address": "0x0", "message": "tab writes through a null pointer"})
				fault()
			}
		case <-tick.C:
			if v := atomic.LoadInt64(&browserShared); !seen || v != last {
				report()
			}
		}
	}
}

// nilPage is never set; the crash writes through it.
var nilPage *int64

// fault makes the calling thread write to address 0, as a buggy tab in a C++ browser would.
// The Go runtime normally catches that SIGSEGV and turns it into a panic; restoring the kernel's
// default action first means the kernel itself kills the whole process with SIGSEGV, which is
// what the parent's wait status then shows. No core file is left behind.
func fault() {
	_ = unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{})
	var dfl [4]uint64 // an all-zero kernel sigaction is SIG_DFL, whatever the architecture's layout
	_, _, _ = unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(unix.SIGSEGV),
		uintptr(unsafe.Pointer(&dfl)), 0, 8, 0, 0)
	*nilPage = 1
	panic("unreachable: the write to address 0 did not fault")
}

// rssOf reads the resident set size of a process from /proc/PID/statm ("self" for this one),
// or returns -1 if the process has gone.
func rssOf(pid string) int64 {
	b, err := os.ReadFile("/proc/" + pid + "/statm")
	if err != nil {
		return -1
	}
	return parseStatmRSS(b)
}

// parseStatmRSS returns the second field of a statm line (resident pages) in bytes, or -1.
func parseStatmRSS(b []byte) int64 {
	f := bytes.Fields(b)
	if len(f) < 2 {
		return -1
	}
	pages, err := strconv.ParseInt(string(f[1]), 10, 64)
	if err != nil || pages < 0 {
		return -1
	}
	return pages * int64(os.Getpagesize())
}
