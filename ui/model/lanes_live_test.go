package model

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/internal/testenv"
)

// envLaneHelper makes a re-executed copy of this test binary run a lane workload instead of
// the tests: "pinned" (busy threads on cores 0 and 1 and one that may move), "idle" (a few
// sleeping named threads) or "waking" (a few named threads that wake 50 times a second for a
// moment's work, as a desktop program's timers do); the last two are for the cost measurement.
const envLaneHelper = "TASKSCOPE_UI_LANES_HELPER"

// Names of the pinned workload's threads.
const (
	laneCore0 = "lane-core-0"
	laneCore1 = "lane-core-1"
	laneMover = "lane-mover"
)

func init() {
	// Done in init, before the test framework starts, so the helper needs no TestMain (and
	// needs no TestMain).
	mode := os.Getenv(envLaneHelper)
	if mode == "" {
		return
	}
	if err := runLaneHelper(mode); err != nil {
		fmt.Fprintln(os.Stderr, "lanes helper:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// runLaneHelper starts the named threads, reports their TIDs as one JSON line, and waits for
// stdin to close.
func runLaneHelper(mode string) error {
	type spec struct {
		name   string
		core   int // -1: not pinned
		busy   bool
		waking bool
	}
	var specs []spec
	switch mode {
	case "pinned":
		specs = []spec{{laneCore0, 0, true, false}, {laneCore1, 1, true, false}, {laneMover, -1, true, false}}
	case "idle":
		specs = []spec{{"idle-a", -1, false, false}, {"idle-b", -1, false, false}, {"idle-c", -1, false, false}}
	case "waking":
		specs = []spec{{"waking-a", -1, false, true}, {"waking-b", -1, false, true}, {"waking-c", -1, false, true}}
	default:
		return fmt.Errorf("unknown mode %q", mode)
	}
	tids := map[string]int{}
	errs := make(chan error, len(specs))
	got := make(chan [2]any, len(specs))
	for _, s := range specs {
		go func() {
			runtime.LockOSThread()
			b, _ := unix.BytePtrFromString(s.name)
			if err := unix.Prctl(unix.PR_SET_NAME, uintptr(unsafe.Pointer(b)), 0, 0, 0); err != nil {
				errs <- err
				return
			}
			if s.core >= 0 {
				var set unix.CPUSet
				set.Set(s.core)
				if err := unix.SchedSetaffinity(0, &set); err != nil {
					errs <- err
					return
				}
			}
			got <- [2]any{s.name, unix.Gettid()}
			if s.waking {
				// Locked to its thread, so each wake-up is this named thread's, not whichever
				// thread the runtime picks.
				for x := uint64(0); ; x++ {
					time.Sleep(20 * time.Millisecond)
					for i := range 2000 {
						atomic.StoreUint64(&laneSink, x+uint64(i))
					}
				}
			}
			if !s.busy {
				select {}
			}
			for x := uint64(0); ; x++ {
				atomic.StoreUint64(&laneSink, x)
			}
		}()
	}
	for range specs {
		select {
		case err := <-errs:
			return err
		case g := <-got:
			tids[g[0].(string)] = g[1].(int)
		}
	}
	b, _ := json.Marshal(tids)
	os.Stdout.Write(append(b, '\n'))
	io.Copy(io.Discard, os.Stdin)
	return nil
}

// laneSink keeps the busy loops from being optimised away; its threads store to it atomically,
// so the race detector has nothing to say about a helper run under it.
var laneSink uint64

// laneHelper is a running helper: its PID and start, and its threads' TIDs by name.
type laneHelper struct {
	key   inspect.TaskKey
	tids  map[string]int
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// startLaneHelper re-executes the test binary in the given helper mode.
func startLaneHelper(t testing.TB, mode string) *laneHelper {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), envLaneHelper+"="+mode)
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &laneHelper{cmd: cmd, stdin: stdin}
	t.Cleanup(h.stop)
	line, err := bufio.NewReader(stdout).ReadBytes('\n')
	if err == nil {
		err = json.Unmarshal(line, &h.tids)
	}
	if err != nil {
		t.Fatalf("lanes helper %s: %v", mode, err)
	}
	h.key = inspect.TaskKey{ID: cmd.Process.Pid, StartTicks: startTicksOf(t, cmd.Process.Pid)}
	return h
}

func (h *laneHelper) stop() {
	h.stdin.Close()
	h.cmd.Process.Kill()
	h.cmd.Wait()
}

// startTicksOf reads a process's start time (field 22 of its stat line) the plain way.
func startTicksOf(t testing.TB, pid int) uint64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	// After the name come fields 3, 4, ...: the start time, field 22, is the 20th of them.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 20 {
		t.Fatalf("short stat line of %d", pid)
	}
	ticks, err := strconv.ParseUint(f[19], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return ticks
}

// TestCoreLanesLive runs the watch on a workload with a busy thread pinned to each of cores 0
// and 1 and a third busy thread the test moves between them: the pinned threads are drawn in
// their own lanes under their own names, never in the other's, and the moved one is counted
// as migrating while the pinned ones are not. The machine is shared, so the share of samples
// a pinned thread wins its lane is only required to be a clear majority of those it could.
func TestCoreLanesLive(t *testing.T) {
	testenv.SkipUnderRace(t, "counting a thread's moves between cores from samples")
	if runtime.NumCPU() < 2 {
		t.Skip("needs two cores")
	}
	h := startLaneHelper(t, "pinned")
	w, err := inspect.NewWatcher("/proc")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	m := NewLaneModel()
	mover := h.tids[laneMover]
	keys := []inspect.TaskKey{h.key}
	start := time.Now()
	const samples = 40
	seen := map[string]int{}    // samples in which each pinned thread ran
	inLane := map[string]int{}  // ... and was on its own core
	wonLane := map[string]int{} // ... and won that lane's slot
	for i := 0; i < samples; i++ {
		if i%3 == 0 {
			// Move the mover to the other core every 300 ms.
			var set unix.CPUSet
			set.Set((i / 3) % 2)
			if err := unix.SchedSetaffinity(mover, &set); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(WatchEvery)
		ws, err := w.Sample(keys)
		if err != nil {
			t.Fatal(err)
		}
		if len(ws.Processes) != 1 {
			t.Fatalf("workload not read: %+v", ws)
		}
		m.AddFine(ws)
		if ws.Interval <= 0 {
			continue
		}
		best := pick(ws.Processes, m.cores(), nil)
		for _, th := range ws.Processes[0].Threads {
			want := map[string]int{laneCore0: 0, laneCore1: 1}
			core, pinned := want[th.Name]
			if !pinned || th.CPUPercent <= 0 {
				continue
			}
			seen[th.Name]++
			if th.Core == core {
				inLane[th.Name]++
			}
			if b := best[core]; b.ok && b.thread.TID == th.TID {
				wonLane[th.Name]++
			}
		}
	}
	end := time.Now()

	for _, name := range []string{laneCore0, laneCore1} {
		t.Logf("%s: ran in %d samples, on its core in %d, won its lane in %d", name, seen[name], inLane[name], wonLane[name])
		if seen[name] < samples/2 {
			t.Errorf("%s ran in only %d of %d samples", name, seen[name], samples)
		}
		if inLane[name] != seen[name] {
			t.Errorf("%s, pinned, was seen on another core", name)
		}
		// It shares its core with the mover half the time: a third of its samples is a majority
		// of those it could win.
		if wonLane[name]*3 < seen[name] {
			t.Errorf("%s won its lane in %d of %d samples", name, wonLane[name], seen[name])
		}
	}

	// The drawn lanes: each pinned thread's name appears in its own lane and never in the other.
	rows := m.Window(start, end, nil)
	if len(rows) < 2 {
		t.Fatalf("%d lanes", len(rows))
	}
	drawn := func(core int, name string) (d time.Duration) {
		for _, s := range rows[core].Segs {
			if s.Name == name {
				d += s.To.Sub(s.From)
			}
		}
		return d
	}
	total := end.Sub(start)
	for core, name := range []string{laneCore0, laneCore1} {
		other := []string{laneCore1, laneCore0}[core]
		if d := drawn(core, name); d < total/4 {
			t.Errorf("lane %d shows %s for %v of %v", core, name, d, total)
		}
		if d := drawn(core, other); d > 0 {
			t.Errorf("lane %d shows %s, pinned elsewhere, for %v", core, other, d)
		}
		for _, s := range rows[core].Segs {
			if s.Proc != h.key || !s.Fine {
				t.Errorf("lane %d: segment of %+v (fine %v), want the workload's from the watch", core, s.Proc, s.Fine)
			}
		}
	}

	moves := map[string]int{}
	for _, tr := range m.WatchedThreads() {
		moves[tr.Name] = tr.Migrations
	}
	t.Logf("migrations: %v", moves)
	if moves[laneMover] < 3 {
		t.Errorf("mover, moved %d times, counted %d migrations", samples/3, moves[laneMover])
	}
	if moves[laneCore0] != 0 || moves[laneCore1] != 0 {
		t.Errorf("pinned threads counted as migrating: %v", moves)
	}
	ticks := 0
	for _, r := range rows {
		for _, tk := range r.Ticks {
			if tk.Name == laneMover {
				ticks++
			}
		}
	}
	// Every tick is a counted migration; an arrival in a sample where the mover barely ran
	// (LaneMinShare) is counted but not drawn, so there may be fewer ticks than moves.
	if ticks == 0 || ticks > moves[laneMover] {
		t.Errorf("%d ticks drawn for the mover, %d migrations counted", ticks, moves[laneMover])
	}
}
