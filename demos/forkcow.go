package demos

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Limits and defaults of the forkcow demo's flags.
const (
	forkcowMaxMiB      = 1024
	forkcowDefaultMiB  = 64
	forkcowMaxChildren = 8
)

func init() {
	Register("forkcow", runForkcow)
	// After every child has written its copy, the parent and each child hold the data once.
	RegisterFootprint("forkcow", func(args []string) (int64, error) {
		cfg, err := parseForkcow(args)
		if err != nil {
			return 0, err
		}
		return forkcowBytes(cfg), nil
	})
}

// forkcowConfig is the forkcow demo's parsed flags.
type forkcowConfig struct {
	mib      int
	children int
	python   string
	timeout  time.Duration
}

// forkcowBytes is the most the demo holds: the parent's data and a full copy in every child.
func forkcowBytes(c forkcowConfig) int64 { return int64(c.children+1) * int64(c.mib) << 20 }

func parseForkcow(args []string) (forkcowConfig, error) {
	var c forkcowConfig
	var timeout int
	fs := flag.NewFlagSet("forkcow", flag.ContinueOnError)
	fs.IntVar(&c.mib, "mib", forkcowDefaultMiB, "MiB of data the parent holds before it forks")
	fs.IntVar(&c.children, "children", 2, "children forked")
	fs.StringVar(&c.python, "python", "", "the Python that forks (default: python3 on PATH)")
	fs.IntVar(&timeout, "timeout", pythonDefaultTimeout, "seconds the whole run may take before the Python and its children are killed")
	if err := parseDemoFlags(fs, args); err != nil {
		return c, err
	}
	c.timeout = time.Duration(timeout) * time.Second
	if err := checkRange("mib", c.mib, 1, forkcowMaxMiB); err != nil {
		return c, err
	}
	if err := checkRange("children", c.children, 1, forkcowMaxChildren); err != nil {
		return c, err
	}
	if err := checkRange("timeout", timeout, 1, pythonMaxTimeout); err != nil {
		return c, err
	}
	if forkcowBytes(c) > BudgetBytes {
		return c, Usagef("a parent and %d children holding %d MiB each need %d MiB, over the %d MiB budget for demos",
			c.children, c.mib, forkcowBytes(c)>>20, BudgetBytes>>20)
	}
	return c, nil
}

// errForkcowQuit ends a run early because the driver quit; it is not reported.
var errForkcowQuit = errors.New("quit")

// forkcowRun is one run of the demo: the script, the events it has printed, and the deadline.
type forkcowRun struct {
	s        *Session
	p        *pyProc
	quit     <-chan struct{}
	deadline <-chan time.Time
	timeout  time.Duration
}

// runForkcow has a Python parent holding --mib MiB fork --children children, and measures each
// child's memory in /proc right after the fork and again after it has written its whole copy:
// the copy is made page by page when written, not at the fork.
func runForkcow(s *Session, args []string) error {
	cfg, err := parseForkcow(args)
	if err != nil {
		return err
	}
	python, err := ResolvePython(cfg.python)
	if err != nil {
		return err
	}
	quit := watchQuit(s, "forkcow")
	p, err := startPython(python, "forkcow.py", true, "--mib", strconv.Itoa(cfg.mib), "--children", strconv.Itoa(cfg.children))
	if err != nil {
		return err
	}
	defer p.kill()
	limit := time.NewTimer(cfg.timeout)
	defer limit.Stop()
	r := &forkcowRun{s: s, p: p, quit: quit, deadline: limit.C, timeout: cfg.timeout}
	err = r.measure(cfg, python)
	if errors.Is(err, errForkcowQuit) {
		return nil
	}
	if err != nil {
		return err
	}
	// The script's input ends: its children leave, it reaps them and exits.
	p.stdin.Close()
	select {
	case <-p.exited:
	case <-time.After(pyExitWait):
	}
	return nil
}

// measure walks the script through fork and the children's writes, measuring at each step.
func (r *forkcowRun) measure(cfg forkcowConfig, python string) error {
	ready, err := r.next("ready")
	if err != nil {
		return err
	}
	pid, okP := ready.Int("pid")
	data, okD := ready.Int("data_bytes")
	if !okP || !okD || pid != r.p.pid() || data != cfg.mib<<20 {
		return fmt.Errorf("%s: a ready line that does not match its process: %v: %w", python, ready, errPythonFailed)
	}
	before, err := readCowMemory(pid)
	if err != nil {
		return err
	}
	r.s.Emit(Event{"event": "ready", "demo": "forkcow", "pid": pid, "data_bytes": data, "children": cfg.children,
		"python": ready.String("python"), "python_path": python, "page_bytes": ready["page_bytes"]})

	if err := r.order("fork"); err != nil {
		return err
	}
	kids := make([]int, cfg.children)
	after := make([]cowMemory, cfg.children)
	for k := 1; k <= cfg.children; k++ {
		ev, err := r.next("forked")
		if err != nil {
			return err
		}
		child, okC := ev.Int("child")
		kid, okK := ev.Int("pid")
		if !okC || !okK || child != k || kid <= 0 {
			return fmt.Errorf("%s: unexpected %v: %w", python, ev, errPythonFailed)
		}
		kids[k-1] = kid
		if after[k-1], err = readCowMemory(kid); err != nil {
			return err
		}
		r.s.Emit(childEvent(k, kid, "after_fork", after[k-1]))
	}
	parentAfterFork, err := readCowMemory(pid)
	if err != nil {
		return err
	}
	written := make([]cowMemory, cfg.children)
	for k := 1; k <= cfg.children; k++ {
		if err := r.order("write " + strconv.Itoa(k)); err != nil {
			return err
		}
		ev, err := r.next("written")
		if err != nil {
			return err
		}
		if c, _ := ev.Int("child"); c != k {
			return fmt.Errorf("%s: unexpected %v: %w", python, ev, errPythonFailed)
		}
		if written[k-1], err = readCowMemory(kids[k-1]); err != nil {
			return err
		}
		r.s.Emit(childEvent(k, kids[k-1], "after_write", written[k-1]))
	}
	parentEnd, err := readCowMemory(pid)
	if err != nil {
		return err
	}
	r.s.Emit(forkcowResult(data, before, parentAfterFork, parentEnd, after, written))
	return nil
}

// next returns the script's next event of kind, passing its errors on; it fails when the script
// ends, the deadline passes or the driver quits.
func (r *forkcowRun) next(kind string) (Event, error) {
	for {
		select {
		case <-r.quit:
			return nil, errForkcowQuit
		case <-r.deadline:
			return nil, fmt.Errorf("%s ran for %v: %w", r.p.path, r.timeout, errPythonTimeout)
		case ev, ok := <-r.p.events:
			if !ok {
				return nil, r.p.failure()
			}
			if ev.Kind() == "error" {
				return nil, fmt.Errorf("%s: %s: %w", r.p.path, ev.String("message"), errPythonFailed)
			}
			if ev.Kind() == kind {
				return ev, nil
			}
		}
	}
}

// order sends one order line to the script.
func (r *forkcowRun) order(line string) error {
	if _, err := io.WriteString(r.p.stdin, line+"\n"); err != nil {
		return fmt.Errorf("%s stopped taking orders: %w", r.p.path, errors.Join(errPythonFailed, err))
	}
	return nil
}
