package inspect

import (
	"bytes"
	"fmt"
	"strings"
)

// parseCmdline turns the contents of /proc/PID/cmdline (arguments ended by NUL bytes) into one
// line with the arguments separated by spaces. Programs that rewrite their title often leave
// a run of NULs at the end; those are dropped rather than shown as spaces.
func parseCmdline(b []byte) string {
	b = bytes.TrimRight(b, "\x00")
	if len(b) == 0 {
		return ""
	}
	out := []byte(string(b)) // a copy: b is the sampler's scratch buffer
	for i, c := range out {
		if c == 0 {
			out[i] = ' '
		}
	}
	return string(out)
}

// Cmdline reads the command line of the process pid again, for a view that shows one process
// in detail (the Snapshot keeps the line read when the process was first seen). startTicks
// guards against a reused PID: if the PID now names another process the error wraps ErrGone.
// A kernel thread or a zombie has an empty command line and no error.
func (s *Sampler) Cmdline(pid int, startTicks uint64) (string, error) {
	if _, err := s.checkStart(pid, startTicks); err != nil {
		return "", fmt.Errorf("inspect: cmdline: %w", err)
	}
	p, err := s.fs.Proc(pid)
	if err != nil {
		return "", fmt.Errorf("inspect: cmdline of %d: %w", pid, ErrGone)
	}
	args, err := p.CmdLine()
	if err != nil {
		if isGone(err) {
			return "", fmt.Errorf("inspect: cmdline of %d: %w", pid, ErrGone)
		}
		return "", fmt.Errorf("inspect: cmdline of %d: %w", pid, err)
	}
	for len(args) > 0 && args[len(args)-1] == "" {
		args = args[:len(args)-1]
	}
	return strings.Join(args, " "), nil
}
