package inspect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/proctest"
)

// The less-privileged tests run the sampler in a copy of this test binary started as the user
// nobody. The copy sits in a directory nobody may enter (go test keeps its binary under a
// private temporary directory), and it is exec'd with the new credentials rather than dropping
// them itself: a process that changes its UID loses its "dumpable" flag and then may not read
// even its own /proc files, which is not how a user's own program runs.

// modeUnprivileged is the helper mode that samples a proc root and reports what it saw.
const modeUnprivileged = "unprivileged"

// envProcRoot names the proc root the helper samples.
const envProcRoot = "TASKSCOPE_TEST_PROC_ROOT"

// nobody is the UID and GID of the user nobody (and group nogroup) on Debian and most others.
const nobody = 65534

func init() {
	proctest.HandleMode(modeUnprivileged, runUnprivileged)
}

// privReport is what the helper saw, sent back as JSON.
type privReport struct {
	UID         int              `json:"uid"`
	Self        int              `json:"self"`
	Err         string           `json:"err"`
	Processes   []privProcess    `json:"processes"`
	Skipped     int              `json:"skipped"`
	Unavailable int              `json:"unavailable"`
	MemInit     *MemoryBreakdown `json:"mem_init,omitempty"`
	MemSelf     *MemoryBreakdown `json:"mem_self,omitempty"`
	Threads     map[int][]int    `json:"threads"`
	CPU         map[int]float64  `json:"cpu"`
	Memory      Memory           `json:"memory"`
	PinErr      string           `json:"pin_err"`
	PinIs       bool             `json:"pin_not_allowed"`
}

type privProcess struct {
	PID  int    `json:"pid"`
	UID  int    `json:"uid"`
	User string `json:"user"`
	Name string `json:"name"`
}

// runUnprivileged samples the proc root twice, as a window would, and reports the second sample
// and the memory breakdowns of PID 1 and of itself.
func runUnprivileged() error {
	root := os.Getenv(envProcRoot)
	rep := privReport{UID: os.Getuid(), Self: os.Getpid(), Threads: map[int][]int{}, CPU: map[int]float64{}}
	if start, err := TaskStartTicks(1, 1); err != nil {
		rep.PinErr = err.Error()
	} else if err := SetProcessAffinity(TaskKey{ID: 1, StartTicks: start}, []int{0}); err != nil {
		rep.PinErr, rep.PinIs = err.Error(), errors.Is(err, ErrNotAllowed)
	}
	s, err := NewSampler(root)
	var snap *Snapshot
	if err == nil {
		_, err = s.Sample()
	}
	if err == nil {
		time.Sleep(200 * time.Millisecond)
		snap, err = s.Sample()
	}
	if err != nil {
		rep.Err = err.Error()
		return json.NewEncoder(os.Stdout).Encode(rep)
	}
	rep.Skipped, rep.Unavailable, rep.Memory = snap.Skipped, snap.Unavailable, snap.Memory
	for _, p := range snap.Processes {
		rep.Processes = append(rep.Processes, privProcess{PID: p.PID, UID: p.UID, User: p.User, Name: p.Name})
		for _, th := range p.Threads {
			rep.Threads[p.PID] = append(rep.Threads[p.PID], th.TID)
		}
		rep.CPU[p.PID] = p.CPUPercent
		switch p.PID {
		case 1:
			m := s.MemoryOf(p.PID, p.StartTicks)
			rep.MemInit = &m
		case os.Getpid():
			m := s.MemoryOf(p.PID, p.StartTicks)
			rep.MemSelf = &m
		}
	}
	return json.NewEncoder(os.Stdout).Encode(rep)
}

// find returns the process pid of the report.
func (r *privReport) find(pid int) (privProcess, bool) {
	for _, p := range r.Processes {
		if p.PID == pid {
			return p, true
		}
	}
	return privProcess{}, false
}

// runHelper runs cmd (a helper, possibly behind unshare and setpriv) and decodes its report.
func runHelper(t *testing.T, cmd *exec.Cmd, root string) privReport {
	t.Helper()
	cmd.Env = append(os.Environ(), proctest.HelperEnv(modeUnprivileged), envProcRoot+"="+root)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("helper %v: %v\n%s", cmd.Args, err, stderr.String())
	}
	var rep privReport
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("helper said %q: %v (stderr %s)", out, err, stderr.String())
	}
	return rep
}

// asNobody returns a command that runs bin as nobody:nogroup with no supplementary groups.
func asNobody(bin string) *exec.Cmd {
	cmd := exec.Command(bin, "-test.run=^$")
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: &syscall.Credential{Uid: nobody, Gid: nobody, Groups: []uint32{}},
		Pdeathsig:  syscall.SIGKILL,
	}
	return cmd
}

// TestUnprivilegedLiveProc runs the sampler as nobody on the real /proc. Another user's
// processes are still listed (procfs shows every stat file to everyone), their private memory is
// unavailable with a reason about permission, and the sample itself reports no error.
func TestUnprivilegedLiveProc(t *testing.T) {
	proctest.NeedRoot(t)
	rep := runHelper(t, asNobody(proctest.PublicBinary(t)), "/proc")
	if rep.UID != nobody {
		t.Fatalf("helper ran as uid %d, want %d", rep.UID, nobody)
	}
	if rep.Err != "" {
		t.Fatalf("Sample as nobody: %s", rep.Err)
	}
	pid1, ok := rep.find(1)
	if !ok {
		t.Fatalf("PID 1 not listed for nobody; %d processes listed", len(rep.Processes))
	}
	if pid1.UID != 0 || pid1.User != "root" {
		t.Errorf("PID 1 = %+v, want owned by root", pid1)
	}
	if me, ok := rep.find(os.Getpid()); !ok || me.User != "root" {
		t.Errorf("this test process (root) listed for nobody as %+v (found %v)", me, ok)
	}
	if len(rep.Threads[os.Getpid()]) < 2 {
		t.Errorf("threads of this test process seen by nobody: %v", rep.Threads[os.Getpid()])
	}
	if m := rep.MemInit; m == nil || m.Available || !strings.Contains(m.Reason, "permission") {
		t.Errorf("MemoryOf(1) as nobody = %+v, want unavailable for lack of permission", m)
	}
	if m := rep.MemSelf; m == nil || !m.Available || m.RSS == 0 {
		t.Errorf("MemoryOf(own process) as nobody = %+v, want its breakdown", m)
	}
	if rep.Memory.TotalBytes == 0 {
		t.Error("machine memory total unknown to nobody")
	}
	if !rep.PinIs || !strings.Contains(rep.PinErr, "another user") {
		t.Errorf("pin root's PID 1 as nobody: %q, want not allowed, another user's", rep.PinErr)
	}
	t.Logf("nobody saw %d processes (%d skipped, %d unavailable); PID 1: %q", len(rep.Processes), rep.Skipped, rep.Unavailable, rep.MemInit.Reason)
}

// TestHidepidFixture samples testdata/hidepid2, a proc tree as hidepid=2 shows it to an ordinary
// user: the directories of other users' processes are simply absent. What is there is listed
// and nothing is counted as skipped.
//
// The tree holds 4000 (bash, one thread) and 4100 (vim, threads 4100 and 4101), plus the
// machine-wide files every proc mount shows.
func TestHidepidFixture(t *testing.T) {
	s, err := NewSampler(filepath.Join("testdata", "hidepid2"))
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.Sample()
	if err != nil {
		t.Fatalf("Sample of a hidepid=2 tree: %v", err)
	}
	var pids []int
	for _, p := range snap.Processes {
		pids = append(pids, p.PID)
	}
	if !equalInts(pids, []int{4000, 4100}) || snap.Skipped != 0 || snap.Unavailable != 0 {
		t.Errorf("pids %v (skipped %d, unavailable %d), want [4000 4100] and nothing left out", pids, snap.Skipped, snap.Unavailable)
	}
	if vim := mustFind(t, snap, 4100); len(vim.Threads) != 2 || vim.Threads[1].Name != "vim-timer" || vim.Cmdline != "vim notes.txt" {
		t.Errorf("process 4100 = %+v", *vim)
	}
	if snap.Memory.TotalBytes == 0 || len(snap.Cores) != 2 {
		t.Errorf("machine-wide files not read: memory %+v, cores %+v", snap.Memory, snap.Cores)
	}
}

// TestHidepidFixtureDenied is the other face of hidepid (hidepid=1, "noaccess"): other users'
// directories are listed but may not be entered. A copy of testdata/hidepid2 gets two such
// directories, and a thread of one's own process that may not be read; the sampler, run as
// nobody, lists what it can, counts the rest as unavailable, and reports no error.
func TestHidepidFixtureDenied(t *testing.T) {
	proctest.NeedRoot(t)
	root := filepath.Join(proctest.PublicDir(t), "proc")
	if err := os.CopyFS(root, os.DirFS(filepath.Join("testdata", "hidepid2"))); err != nil {
		t.Fatal(err)
	}
	// Own processes belong to nobody, and every directory may be entered...
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		mode := os.FileMode(0o644)
		if d.IsDir() {
			mode = 0o755
		}
		if err := os.Chmod(path, mode); err != nil {
			return err
		}
		return os.Lchown(path, nobody, nobody)
	})
	if err != nil {
		t.Fatal(err)
	}
	// ...but root's processes 1 and 2, and thread 4101, are shut.
	for _, dir := range []string{"1", "2", "4100/task/4101"} {
		d := filepath.Join(root, dir)
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
		stat := fmt.Sprintf("%s (secret) S 0 1 1 0 -1 4194560 0 0 0 0 5 5 0 0 20 0 1 0 10 0 0 0\n", filepath.Base(dir))
		if err := os.WriteFile(filepath.Join(d, "stat"), []byte(stat), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Lchown(d, 0, 0); err != nil {
			t.Fatal(err)
		}
	}
	rep := runHelper(t, asNobody(proctest.PublicBinary(t)), root)
	if rep.Err != "" {
		t.Fatalf("Sample as nobody of a tree with shut directories: %s", rep.Err)
	}
	var pids []int
	for _, p := range rep.Processes {
		pids = append(pids, p.PID)
		if p.User != "nobody" {
			t.Errorf("process %+v: want owned by nobody", p)
		}
	}
	if !equalInts(pids, []int{4000, 4100}) {
		t.Errorf("pids %v, want [4000 4100]", pids)
	}
	if got := rep.Threads[4100]; !equalInts(got, []int{4100}) {
		t.Errorf("threads of 4100 = %v, want [4100]: 4101 may not be read", got)
	}
	if rep.Unavailable != 3 || rep.Skipped != 0 {
		t.Errorf("unavailable %d, skipped %d; want 3 unavailable (1, 2 and thread 4101), none skipped", rep.Unavailable, rep.Skipped)
	}
}

// TestHidepidMount mounts a real proc with hidepid=2 in a mount namespace of its own (with
// unshare), and runs the sampler there as nobody (with setpriv): it sees only nobody's
// processes, itself among them, and no error. Where namespaces or mounts are not allowed (an
// unprivileged container) the test says so and skips.
func TestHidepidMount(t *testing.T) {
	proctest.NeedRoot(t)
	for _, tool := range []string{"unshare", "setpriv", "mount"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed: %v", tool, err)
		}
	}
	mnt := filepath.Join(proctest.PublicDir(t), "proc")
	if err := os.Mkdir(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	probe := exec.Command("unshare", "--mount", "--propagation", "private", "--",
		"mount", "-t", "proc", "-o", "hidepid=2", "proc", mnt)
	if out, err := probe.CombinedOutput(); err != nil {
		t.Skipf("cannot mount proc with hidepid=2 in a new mount namespace here: %v: %s", err, bytes.TrimSpace(out))
	}
	// The mount lives only in the namespace of unshare's child: it goes away with the helper.
	script := `mount -t proc -o hidepid=2 proc "$0" && exec setpriv --reuid=nobody --regid=nogroup --clear-groups "$1" -test.run='^$'`
	cmd := exec.Command("unshare", "--mount", "--propagation", "private", "--", "sh", "-c", script, mnt, proctest.PublicBinary(t))
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	rep := runHelper(t, cmd, mnt)
	if rep.UID != nobody {
		t.Fatalf("helper ran as uid %d", rep.UID)
	}
	if rep.Err != "" {
		t.Fatalf("Sample of a hidepid=2 proc as nobody: %s", rep.Err)
	}
	if _, ok := rep.find(rep.Self); !ok {
		t.Errorf("the helper (%d) does not see itself: %+v", rep.Self, rep.Processes)
	}
	for _, p := range rep.Processes {
		if p.UID != nobody {
			t.Errorf("process %+v of another user visible under hidepid=2", p)
		}
	}
	if _, ok := rep.find(1); ok {
		t.Error("PID 1 visible to nobody under hidepid=2")
	}
	t.Logf("under hidepid=2 nobody saw %d processes (%d skipped, %d unavailable)", len(rep.Processes), rep.Skipped, rep.Unavailable)
}
