package demos

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"syscall"
)

// The kernel sends a child's parent-death signal when the *thread* that forked it exits, not the
// process. Go may retire an OS thread at any time, so every child is forked from one goroutine
// that stays locked to its own thread for the life of the process.
var spawnRequests = make(chan spawnRequest)

type spawnRequest struct {
	cmd  *exec.Cmd
	done chan error
}

func init() {
	go func() {
		runtime.LockOSThread() // never unlocked: this thread lives as long as the process
		for req := range spawnRequests {
			req.done <- req.cmd.Start()
		}
	}()
}

// SelfCommand builds a command that re-runs this executable as `demo ARGS...`. Children of a
// demo and demos of the app are real processes of the same binary, so `ps` shows what they are.
func SelfCommand(args ...string) (*exec.Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding own executable: %w", err)
	}
	return exec.Command(self, append([]string{"demo"}, args...)...), nil
}

// StartChild starts cmd so that the kernel kills it with SIGKILL when this process dies, even
// by SIGKILL: no demo outlives the app that started it. It also puts the child in its own process
// group, so a terminal's Ctrl+C reaches the app, which then stops its demos in order.
func StartChild(cmd *exec.Cmd) error {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	cmd.SysProcAttr.Setpgid = true
	done := make(chan error, 1)
	spawnRequests <- spawnRequest{cmd: cmd, done: done}
	return <-done
}
