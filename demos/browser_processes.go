package demos

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// closeWait is how long a tab process may take to leave after its input closes.
const closeWait = 2 * time.Second

// childTab is one tab process as its browser sees it.
type childTab struct {
	n       int
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	state   string // "alive" or "crashed"
	closing bool
}

// childExit is the end of one tab process, sent from its reader to the browser's loop.
type childExit struct {
	tab   *childTab
	state *os.ProcessState
	err   error
}

// processesBrowser keeps every tab in a child process of its own.
type processesBrowser struct {
	s     *Session
	cfg   browserConfig
	tabs  map[int]*childTab
	exits chan childExit
}

func runProcessesBrowser(s *Session, cfg browserConfig) error {
	b := &processesBrowser{s: s, cfg: cfg, tabs: map[int]*childTab{}, exits: make(chan childExit)}
	defer b.closeAll()
	next := 0
	for range cfg.tabs {
		if err := addTab(b, cfg, &next); err != nil {
			return err
		}
	}
	tick := time.NewTicker(memoryEvery)
	defer tick.Stop()
	for {
		select {
		case c, ok := <-s.Commands:
			if !ok || dispatch(s, b, cfg, &next, c) {
				return nil
			}
		case x := <-b.exits:
			b.ended(x)
		case <-tick.C:
			b.reportMemory()
		}
	}
}

// open starts tab n as `demo browser-tab`, relays its events, and reports its end on b.exits.
func (b *processesBrowser) open(n int) error {
	cmd, err := SelfCommand("browser-tab", "--tab", strconv.Itoa(n), "--page-mib", strconv.Itoa(b.cfg.pageMiB))
	if err != nil {
		return err
	}
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := StartChild(cmd); err != nil {
		return fmt.Errorf("starting tab %d: %w", n, err)
	}
	t := &childTab{n: n, cmd: cmd, stdin: stdin, state: "alive"}
	b.tabs[n] = t
	go func() {
		forEachEvent(stdout, b.s.Emit, func(_ []byte, err error) {
			if errors.Is(err, ErrLineTooLong) {
				b.s.Errorf("tab %d sent a line longer than %d bytes", n, MaxLineBytes)
				return
			}
			b.s.Errorf("tab %d: %v", n, err)
		})
		err := cmd.Wait()
		b.exits <- childExit{tab: t, state: cmd.ProcessState, err: err}
	}()
	return nil
}

func (b *processesBrowser) send(n int, c Command) error {
	t := b.tabs[n]
	if t.state == "crashed" && c.Cmd == "close" {
		delete(b.tabs, n)
		b.s.Emit(Event{"event": "tab", "tab": n, "pid": t.cmd.Process.Pid, "state": "closed"})
		return nil
	}
	if c.Cmd == "close" {
		t.closing = true
		return t.stdin.Close()
	}
	line, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if _, err := t.stdin.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("tab %d did not take the command: %w", n, err)
	}
	return nil
}

func (b *processesBrowser) reload(n int) error { return b.open(n) }

func (b *processesBrowser) state(n int) string {
	if t, ok := b.tabs[n]; ok {
		return t.state
	}
	return ""
}

func (b *processesBrowser) numbers() []int { return slices.Sorted(maps.Keys(b.tabs)) }

// ended records how a tab process finished: closed when asked to, crashed otherwise.
func (b *processesBrowser) ended(x childExit) {
	t := x.tab
	if b.tabs[t.n] != t {
		return // an earlier process of a reloaded or closed tab
	}
	pid := t.cmd.Process.Pid
	if t.closing {
		delete(b.tabs, t.n)
		b.s.Emit(Event{"event": "tab", "tab": t.n, "pid": pid, "state": "closed", "exit": exitReason(x.state)})
		return
	}
	t.state = "crashed"
	_ = t.stdin.Close()
	reason := exitReason(x.state)
	if ws, ok := x.state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		reason = unix.SignalName(ws.Signal())
	}
	b.s.Emit(Event{"event": "crashed", "tab": t.n, "pid": pid, "reason": reason, "exit": exitReason(x.state)})
	b.s.Emit(Event{"event": "tab", "tab": t.n, "pid": pid, "state": "crashed", "reason": reason})
}

func (b *processesBrowser) reportMemory() {
	own := rssOf("self")
	total := own
	for _, t := range b.tabs {
		if t.state == "alive" {
			if r := rssOf(strconv.Itoa(t.cmd.Process.Pid)); r > 0 {
				total += r
			}
		}
	}
	b.s.Emit(Event{"event": "memory", "model": modelProcesses, "pid": os.Getpid(),
		"tabs": len(b.tabs), "rss_bytes": own, "total_rss_bytes": total})
}

// closeAll closes every tab's input and waits for the processes to leave, killing those that
// take longer than closeWait.
func (b *processesBrowser) closeAll() {
	pending := 0
	for _, n := range b.numbers() {
		t := b.tabs[n]
		if t.state == "alive" {
			t.closing = true
			_ = t.stdin.Close()
			pending++
		} else {
			delete(b.tabs, n)
			b.s.Emit(Event{"event": "tab", "tab": n, "pid": t.cmd.Process.Pid, "state": "closed"})
		}
	}
	deadline := time.After(closeWait)
	for pending > 0 {
		select {
		case x := <-b.exits:
			b.ended(x)
			pending--
		case <-deadline:
			for _, t := range b.tabs {
				_ = t.cmd.Process.Kill()
			}
			deadline = nil
		}
	}
}

// runBrowserTab is the `demo browser-tab --tab N --page-mib M` process: one tab alone. It names
// the process tab-N, so ps and the process table say which tab it is, and takes the browser's
// commands for it on its own standard input.
func runBrowserTab(s *Session, args []string) error {
	cfg := browserConfig{}
	n := 0
	fs := newQuietFlagSet("browser-tab")
	fs.IntVar(&n, "tab", 1, "tab number")
	fs.IntVar(&cfg.pageMiB, "page-mib", 16, "memory the tab touches, MiB")
	if err := fs.Parse(args); err != nil {
		return Usagef("browser-tab: %v", err)
	}
	if n < 1 {
		return Usagef("tab must be 1 or more")
	}
	if err := checkRange("page-mib", cfg.pageMiB, MinPageMiB, MaxPageMiB); err != nil {
		return err
	}
	// The process name is the main thread's; /proc/self/comm reaches it from any thread.
	_ = os.WriteFile("/proc/self/comm", []byte(fmt.Sprintf("tab-%d", n)), 0)
	w := newTabWorker(n, cfg.pageMiB, s.Emit)
	go w.run()
	for {
		select {
		case c, ok := <-s.Commands:
			if !ok || c.Cmd == "quit" || c.Cmd == "close" {
				close(w.cmds)
				<-w.done
				return nil
			}
			if c.Cmd == "write" && c.Value == nil {
				s.Errorf("write needs a \"value\"")
				continue
			}
			w.cmds <- c
		case <-w.done:
			return nil
		}
	}
}
