package demos

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

// A round-trip figure is one batch's time divided by its trips; the demo reports the median and
// 90th percentile of costBatches batches, after one batch that warms caches and is not counted.
// Timing whole batches keeps the clock's own cost out of figures of a few hundred nanoseconds.
const (
	costBatches     = 15
	costTripsShared = 2000
	costTripsIPC    = 300
)

// measureRoundTrip measures one byte (or one word) going to a partner and back, via "shm" (two
// threads of this process and a shared word), "pipe" (a child process and two pipes) or "socket"
// (a child process and a Unix stream socket pair).
func measureRoundTrip(via string) ([]time.Duration, error) {
	if via == "shm" {
		return measureShared()
	}
	echo, err := startEcho(via)
	if err != nil {
		return nil, err
	}
	// The calls below block in the kernel; one locked thread makes every trip the same two
	// system calls, without the Go scheduler moving the loop between threads.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	buf := []byte{0}
	trip := func() error {
		if _, err := writeFull(echo.w, buf); err != nil {
			return err
		}
		return readOne(echo.r, buf)
	}
	samples, err := timeBatches(costTripsIPC, trip)
	if cerr := echo.close(); err == nil {
		err = cerr
	}
	return samples, err
}

// timeBatches runs trip in costBatches+1 batches of n and returns each counted batch's time per trip.
func timeBatches(n int, trip func() error) ([]time.Duration, error) {
	samples := make([]time.Duration, 0, costBatches)
	for b := 0; b <= costBatches; b++ {
		start := time.Now()
		for range n {
			if err := trip(); err != nil {
				return nil, err
			}
		}
		if b > 0 {
			samples = append(samples, time.Since(start)/time.Duration(n))
		}
	}
	return samples, nil
}

// echoChild is a running `demo cost-echo` and this process's ends of its channel.
type echoChild struct {
	cmd  *exec.Cmd
	r, w int
}

// startEcho starts a child that sends back every byte it gets. The channel is handed over as
// extra descriptors 3 (and 4), so the child's standard input stays the demo protocol's.
func startEcho(via string) (*echoChild, error) {
	cmd, err := SelfCommand("cost-echo", "--via", via)
	if err != nil {
		return nil, err
	}
	e := &echoChild{cmd: cmd}
	var theirs []int
	switch via {
	case "pipe":
		var down, up [2]int
		if err := unix.Pipe2(down[:], unix.O_CLOEXEC); err != nil {
			return nil, fmt.Errorf("pipe: %w", err)
		}
		if err := unix.Pipe2(up[:], unix.O_CLOEXEC); err != nil {
			unix.Close(down[0])
			unix.Close(down[1])
			return nil, fmt.Errorf("pipe: %w", err)
		}
		e.w, e.r = down[1], up[0]
		theirs = []int{down[0], up[1]}
	case "socket":
		fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			return nil, fmt.Errorf("socketpair: %w", err)
		}
		e.w, e.r = fds[0], fds[0]
		theirs = []int{fds[1]}
	default:
		return nil, fmt.Errorf("no round trip via %q", via)
	}
	for _, fd := range theirs {
		cmd.ExtraFiles = append(cmd.ExtraFiles, os.NewFile(uintptr(fd), "cost-"+via))
	}
	err = StartChild(cmd)
	for _, f := range cmd.ExtraFiles {
		f.Close() // the child has its copies; ours would keep its reads from seeing the end
	}
	if err != nil {
		e.closeOurs()
		return nil, fmt.Errorf("starting echo child: %w", err)
	}
	return e, nil
}

func (e *echoChild) closeOurs() {
	unix.Close(e.w)
	if e.r != e.w {
		unix.Close(e.r)
	}
}

// close ends the channel, which ends the child, and reaps it.
func (e *echoChild) close() error {
	e.closeOurs()
	return e.cmd.Wait()
}

// runCostEcho is the child side of the pipe and socket round trips: it reads a byte from
// descriptor 3 and writes it back to descriptor 4 (pipe) or 3 (socket) until the parent closes
// its end.
func runCostEcho(_ *Session, args []string) error {
	fs := flag.NewFlagSet("cost-echo", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	via := fs.String("via", "pipe", "pipe or socket")
	if err := fs.Parse(args); err != nil {
		return Usagef("cost-echo: %v", err)
	}
	in, out := 3, 4
	switch *via {
	case "pipe":
	case "socket":
		out = 3
	default:
		return Usagef("via must be pipe or socket, not %q", *via)
	}
	runtime.LockOSThread()
	buf := []byte{0}
	for {
		if err := readOne(in, buf); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
		if _, err := writeFull(out, buf); err != nil {
			return err
		}
	}
}

// readOne fills buf from fd with blocking reads; io.EOF means the other side closed.
func readOne(fd int, buf []byte) error {
	for got := 0; got < len(buf); {
		n, err := unix.Read(fd, buf[got:])
		switch {
		case errors.Is(err, unix.EINTR):
			continue
		case err != nil:
			return err
		case n == 0:
			return io.EOF
		}
		got += n
	}
	return nil
}

// writeFull writes all of buf to fd.
func writeFull(fd int, buf []byte) (int, error) {
	done := 0
	for done < len(buf) {
		n, err := unix.Write(fd, buf[done:])
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return done, err
		}
		done += n
	}
	return done, nil
}
