package inspect

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// SignalTask sends sig to the process k through a pidfd, but only if k is still the process it
// names: the pidfd is opened first and the start time read after, from the stat file under
// procRoot. If the PID was reused in between, the start time differs and nothing is sent
// (ErrGone); if the process ends after the check, the pidfd still names it, so the signal can
// never reach a newcomer with the same PID. Permission errors come back wrapping unix.EPERM.
func SignalTask(procRoot string, k TaskKey, sig unix.Signal) error {
	if k.ID <= 0 {
		return fmt.Errorf("inspect: signal pid %d: %w", k.ID, unix.EINVAL)
	}
	fd, err := unix.PidfdOpen(k.ID, 0)
	if errors.Is(err, unix.ESRCH) {
		return ErrGone
	}
	if err != nil {
		return fmt.Errorf("inspect: pidfd_open %d: %w", k.ID, err)
	}
	defer unix.Close(fd)
	start, err := StartTicksOf(procRoot, k.ID)
	if err != nil {
		return err
	}
	if start != k.StartTicks {
		return ErrGone
	}
	if err := unix.PidfdSendSignal(fd, sig, nil, 0); err != nil {
		if errors.Is(err, unix.ESRCH) {
			return ErrGone
		}
		return fmt.Errorf("inspect: send %s to %d: %w", unix.SignalName(sig), k.ID, err)
	}
	return nil
}

// StartTicksOf reads the start time (clock ticks since boot) of process pid from its stat file
// under procRoot, with the sampler's parser. A process that is gone gives ErrGone.
func StartTicksOf(procRoot string, pid int) (uint64, error) {
	rootfd, err := unix.Open(procRoot, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, fmt.Errorf("inspect: open %s: %w", procRoot, err)
	}
	defer unix.Close(rootfd)
	var p pathBuf
	fd, err := openAt(rootfd, p.set(pid, "/stat"), 0)
	if errors.Is(err, unix.ENOENT) || errors.Is(err, unix.ESRCH) {
		return 0, ErrGone
	}
	if err != nil {
		return 0, fmt.Errorf("inspect: stat of %d: %w", pid, err)
	}
	buf := make([]byte, 4096)
	n, err := readOnce(fd, buf)
	unix.Close(fd)
	if errors.Is(err, unix.ESRCH) {
		return 0, ErrGone
	}
	if err != nil {
		return 0, fmt.Errorf("inspect: stat of %d: %w", pid, err)
	}
	var st taskStat
	if err := parseTaskStat(buf[:n], &st); err != nil {
		return 0, fmt.Errorf("inspect: stat of %d: %w", pid, err)
	}
	return st.startTicks, nil
}
