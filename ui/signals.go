package ui

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"fyne.io/fyne/v2"
	"golang.org/x/sys/unix"

	"github.com/taskscope/taskscope/inspect"
)

// signalChoice is one signal the detail pane offers, with what it does in plain words for the
// confirmation.
type signalChoice struct {
	sig     unix.Signal
	name    string
	label   string
	explain string
}

var signalChoices = []signalChoice{
	{unix.SIGTERM, "SIGTERM", "End (TERM)", "asks the process to end. It may clean up first, or ignore the request."},
	{unix.SIGKILL, "SIGKILL", "Kill (KILL)", "ends the process at once. It cannot clean up, and cannot refuse."},
	{unix.SIGSTOP, "SIGSTOP", "Stop (STOP)", "pauses every thread of the process until it is continued."},
	{unix.SIGCONT, "SIGCONT", "Continue (CONT)", "lets a stopped process run again."},
}

var (
	// errGone means the process ended, or its PID now names another process.
	errGone = errors.New("the process has already ended")
	// errRefused means Taskscope will not signal this process at all.
	errRefused = errors.New("refused")
)

// refusal says why a process may not be signalled from here, or "" when it may.
func refusal(pid int) string {
	switch pid {
	case 1:
		return "PID 1 is the init process: if it ends, the whole system goes down with it."
	case os.Getpid():
		return "That is Taskscope itself. Close the window to end it."
	}
	return ""
}

// sendSignal sends sig to the process k through a pidfd. The pidfd is opened first and the
// start time checked after: if the PID was reused in between, the start time differs and
// nothing is sent; if the process ends after the check, the pidfd still names it, so the
// signal can never reach a newcomer with the same PID.
func sendSignal(procRoot string, k inspect.TaskKey, sig unix.Signal) error {
	if r := refusal(k.ID); r != "" {
		return fmt.Errorf("%w: %s", errRefused, r)
	}
	fd, err := unix.PidfdOpen(k.ID, 0)
	if errors.Is(err, unix.ESRCH) {
		return errGone
	}
	if err != nil {
		return fmt.Errorf("pidfd_open %d: %w", k.ID, err)
	}
	defer unix.Close(fd)
	start, err := readStartTicks(procRoot, k.ID)
	if errors.Is(err, os.ErrNotExist) || err == nil && start != k.StartTicks {
		return errGone
	}
	if err != nil {
		return err
	}
	if err := unix.PidfdSendSignal(fd, sig, nil, 0); err != nil {
		if errors.Is(err, unix.ESRCH) {
			return errGone
		}
		return fmt.Errorf("send %s to %d: %w", unix.SignalName(sig), k.ID, err)
	}
	return nil
}

// readStartTicks reads field 22 (starttime) of /proc/PID/stat.
func readStartTicks(procRoot string, pid int) (uint64, error) {
	b, err := os.ReadFile(filepath.Join(procRoot, strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, err
	}
	return parseStartTicks(b)
}

// parseStartTicks takes the text of a stat file. The command name may hold spaces and ")",
// so fields are counted from the last ")"; the state that follows it is field 3.
func parseStartTicks(b []byte) (uint64, error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("stat: no command name")
	}
	fields := bytes.Fields(b[i+1:])
	const idx = 22 - 3
	if len(fields) <= idx {
		return 0, fmt.Errorf("stat: %d fields after the name, want more than %d", len(fields), idx)
	}
	v, err := strconv.ParseUint(string(fields[idx]), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("stat: start time: %w", err)
	}
	return v, nil
}

// signalMessage turns sendSignal's result into a sentence for the user.
func signalMessage(err error, s signalChoice, who string) string {
	switch {
	case err == nil:
		return fmt.Sprintf("Sent %s to %s.", s.name, who)
	case errors.Is(err, errRefused):
		return err.Error()[len(errRefused.Error())+2:]
	case errors.Is(err, errGone):
		return fmt.Sprintf("%s has already ended; nothing was sent.", who)
	case errors.Is(err, unix.EPERM):
		return fmt.Sprintf("You are not allowed to signal %s: it belongs to another user. Run Taskscope as that user (or as root) to do it.", who)
	}
	return fmt.Sprintf("Could not signal %s: %v", who, err)
}

// askSignal confirms, then has the worker send the signal, then reports the outcome.
func (m *mainWindow) askSignal(s signalChoice) {
	k, ok := m.hub.selection()
	if !ok || m.detail.model == nil || !m.detail.model.found {
		return
	}
	who := m.detail.model.title
	if r := refusal(k.ID); r != "" {
		showMessage(m.win, "Not sent", r)
		return
	}
	msg := fmt.Sprintf("Send %s to %s?\n\n%s %s", s.name, who, s.name, s.explain)
	showConfirm(m.win, "Send "+s.name+"?", msg, "Send "+s.name, func() {
		root := m.procRoot
		// The worker is the one goroutine that reads /proc, so the start-time check runs there.
		m.work.post(func(*worker) {
			err := sendSignal(root, k, s.sig)
			fyne.Do(func() {
				text := signalMessage(err, s, who)
				if err != nil {
					showError(m.win, errors.New(text))
				}
				m.setStatus(text)
			})
		})
	})
}
