package inspect

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// TicksDuration converts clock ticks (USER_HZ, the unit of start times and CPU times in stat
// files) into a duration.
func TicksDuration(ticks uint64) time.Duration {
	return time.Duration(ticks) * time.Second / userHZ
}

// StartTime converts a task's start ticks into the wall-clock time it started, from the boot
// time of the snapshot it was read in.
func (s *Snapshot) StartTime(ticks uint64) time.Time { return s.BootTime.Add(TicksDuration(ticks)) }

// Signal sends sig to process k through a pidfd. The pidfd is opened first and the start time
// checked after (checkStart, the same check MemoryOf and Cmdline make): if the PID was reused in
// between, the start time differs and nothing is sent (ErrGone); if the process ends after the
// check, the pidfd still names it, so the signal can never reach a newcomer with the same PID.
func (s *Sampler) Signal(k TaskKey, sig unix.Signal) error {
	fd, err := unix.PidfdOpen(k.ID, 0)
	if errors.Is(err, unix.ESRCH) {
		return fmt.Errorf("pid %d: %w", k.ID, ErrGone)
	}
	if err != nil {
		return fmt.Errorf("pidfd_open %d: %w", k.ID, err)
	}
	defer unix.Close(fd)
	if _, err := s.checkStart(k.ID, k.StartTicks); err != nil {
		return err
	}
	if err := unix.PidfdSendSignal(fd, sig, nil, 0); err != nil {
		if errors.Is(err, unix.ESRCH) {
			return fmt.Errorf("pid %d: %w", k.ID, ErrGone)
		}
		return fmt.Errorf("send %s to %d: %w", unix.SignalName(sig), k.ID, err)
	}
	return nil
}
