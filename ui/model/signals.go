package model

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
)

// SignalChoice is one signal the detail pane offers, with what it does in plain words for the
// confirmation.
type SignalChoice struct {
	Sig     unix.Signal
	Name    string
	Label   string
	Explain string
}

// SignalChoices are the signals offered, in the order of their buttons.
var SignalChoices = []SignalChoice{
	{unix.SIGTERM, "SIGTERM", "End (TERM)", "asks the process to end. It may clean up first, or ignore the request."},
	{unix.SIGKILL, "SIGKILL", "Kill (KILL)", "ends the process at once. It cannot clean up, and cannot refuse."},
	{unix.SIGSTOP, "SIGSTOP", "Stop (STOP)", "pauses every thread of the process until it is continued."},
	{unix.SIGCONT, "SIGCONT", "Continue (CONT)", "lets a stopped process run again."},
}

// ErrRefused means Taskscope will not signal this process at all; the error's text says why.
var ErrRefused = errors.New("refused")

// ErrNoSignals means the source of snapshots cannot send signals (a recording, say).
var ErrNoSignals = errors.New("signals can only be sent to processes of the live machine")

// Refusal says why a process may not be signalled from here, or "" when it may.
func Refusal(pid int) string {
	switch pid {
	case 1:
		return "PID 1 is the init process: if it ends, the whole system goes down with it."
	case os.Getpid():
		return "That is Taskscope itself. Close the window to end it."
	}
	return ""
}

// refused wraps a refusal as an error that errors.Is finds as ErrRefused.
type refused struct{ why string }

func (r refused) Error() string        { return r.why }
func (r refused) Is(target error) bool { return target == ErrRefused }

// SignalMessage turns the outcome of a signal into a sentence for the user.
func SignalMessage(err error, s SignalChoice, who string) string {
	switch {
	case err == nil:
		return fmt.Sprintf("Sent %s to %s.", s.Name, who)
	case errors.Is(err, ErrRefused), errors.Is(err, ErrNoSignals):
		return err.Error()
	case errors.Is(err, inspect.ErrGone):
		return fmt.Sprintf("%s has already ended; nothing was sent.", who)
	case errors.Is(err, unix.EPERM):
		return fmt.Sprintf("You are not allowed to signal %s: it belongs to another user. Run Taskscope as that user (or as root) to do it.", who)
	}
	return fmt.Sprintf("Could not signal %s: %v", who, err)
}
