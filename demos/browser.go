package demos

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// The browser demo puts the lecture notes' favourite example on the machine: tabs as threads of one
// process, or as one process each. Every tab holds a page of memory and reads one shared value.
// Writing the value from a tab, and crashing a tab, show what threads share and processes do not.
// See the README for its commands and events.

// browserShared is the value every tab reads. In the threads model all tabs read this one
// variable; in the processes model each tab process has its own copy at the same address.
var browserShared int64

// sharedAddress is the virtual address of browserShared in this process, as tabs report it.
func sharedAddress() string { return fmt.Sprintf("%p", &browserShared) }

const (
	modelThreads   = "threads"
	modelProcesses = "processes"
)

type browserConfig struct {
	model   string
	tabs    int
	pageMiB int
}

func init() {
	Register("browser", runBrowser)
	registerPart("browser-tab", runBrowserTab)
}

// parseBrowserFlags reads --model, --tabs and --page-mib and checks them against the limits.
func parseBrowserFlags(args []string) (browserConfig, error) {
	cfg := browserConfig{}
	fs := newQuietFlagSet("browser")
	fs.StringVar(&cfg.model, "model", modelThreads, "threads or processes")
	fs.IntVar(&cfg.tabs, "tabs", 3, "tabs open at start")
	fs.IntVar(&cfg.pageMiB, "page-mib", 16, "memory each tab touches, MiB")
	if err := parseDemoFlags(fs, args); err != nil {
		return cfg, err
	}
	if cfg.model != modelThreads && cfg.model != modelProcesses {
		return cfg, Usagef("model must be threads or processes, not %q", cfg.model)
	}
	if err := checkRange("tabs", cfg.tabs, MinTabs, MaxTabs); err != nil {
		return cfg, err
	}
	if err := checkRange("page-mib", cfg.pageMiB, MinPageMiB, MaxPageMiB); err != nil {
		return cfg, err
	}
	return cfg, checkTabsMemory(cfg.tabs, cfg.pageMiB)
}

// newQuietFlagSet returns a flag set that reports errors only as values: a demo's output is the
// protocol, so usage text must not be printed on it.
func newQuietFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	return fs
}

func runBrowser(s *Session, args []string) error {
	cfg, err := parseBrowserFlags(args)
	if err != nil {
		return err
	}
	s.Emit(Event{"event": "ready", "demo": "browser", "model": cfg.model, "pid": os.Getpid(),
		"tabs": cfg.tabs, "page_mib": cfg.pageMiB, "address": sharedAddress()})
	if cfg.model == modelThreads {
		return runThreadsBrowser(s, cfg)
	}
	return runProcessesBrowser(s, cfg)
}

// browserModel is what the two models do differently; runBrowserLoop does the rest.
type browserModel interface {
	// open starts tab n.
	open(n int) error
	// send hands a command to tab n, which exists.
	send(n int, c Command) error
	// reload restarts crashed tab n.
	reload(n int) error
	// state is "alive", "crashed" or "" when there is no tab n.
	state(n int) string
	// numbers lists the open tabs, in order.
	numbers() []int
}

// addTab opens the next tab if the limits allow it. Numbers are not reused, so a closed tab's
// events cannot be mistaken for a new one's.
func addTab(m browserModel, cfg browserConfig, next *int) error {
	open := len(m.numbers())
	if open >= MaxTabs {
		return fmt.Errorf("a browser has at most %d tabs", MaxTabs)
	}
	if err := checkTabsMemory(open+1, cfg.pageMiB); err != nil {
		return err
	}
	*next++
	return m.open(*next)
}

// dispatch carries out one command that names zero or more tabs. It reports whether to quit.
func dispatch(s *Session, m browserModel, cfg browserConfig, next *int, c Command) (quit bool) {
	var err error
	switch c.Cmd {
	case "quit":
		return true
	case "add":
		err = addTab(m, cfg, next)
	case "read":
		if c.Tab == 0 {
			for _, n := range m.numbers() {
				if m.state(n) == "alive" {
					err = m.send(n, c)
				}
			}
			break
		}
		err = needAlive(m, c.Tab)
		if err == nil {
			err = m.send(c.Tab, c)
		}
	case "write", "crash", "close":
		if c.Cmd == "write" && c.Value == nil {
			err = fmt.Errorf("write needs a \"value\"")
			break
		}
		if c.Cmd == "close" && m.state(c.Tab) == "crashed" {
			err = m.send(c.Tab, c)
			break
		}
		err = needAlive(m, c.Tab)
		if err == nil {
			err = m.send(c.Tab, c)
		}
	case "reload":
		switch m.state(c.Tab) {
		case "crashed":
			err = m.reload(c.Tab)
		case "":
			err = noTab(m, c.Tab)
		default:
			err = fmt.Errorf("tab %d has not crashed; only a crashed tab can be reloaded", c.Tab)
		}
	default:
		err = fmt.Errorf("unknown command %q; the browser takes write, read, crash, reload, add, close, quit", c.Cmd)
	}
	if err != nil {
		s.Errorf("%v", err)
	}
	return false
}

func needAlive(m browserModel, n int) error {
	switch m.state(n) {
	case "alive":
		return nil
	case "":
		return noTab(m, n)
	}
	return fmt.Errorf("tab %d has crashed; reload it first", n)
}

func noTab(m browserModel, n int) error {
	var open []string
	for _, k := range m.numbers() {
		open = append(open, strconv.Itoa(k))
	}
	return fmt.Errorf("no tab %d; open tabs: %s", n, strings.Join(open, " "))
}
