package proctest

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// runSleepers starts n goroutines, each locked to its own OS thread and parked on a channel,
// which leaves n threads asleep in futex(2) until the process exits when stdin closes.
func runSleepers(n int) error {
	if n < 0 || n > 9000 {
		return fmt.Errorf("thread count %d out of range", n)
	}
	var wg sync.WaitGroup
	wg.Add(n)
	never := make(chan struct{})
	for range n {
		go func() {
			runtime.LockOSThread()
			wg.Done()
			<-never
		}()
	}
	wg.Wait()
	count, err := taskCount()
	if err != nil {
		return err
	}
	if err := report(Ready{PID: os.Getpid(), ThreadCount: count}); err != nil {
		return err
	}
	io.Copy(io.Discard, os.Stdin)
	return nil
}

// runWorkload starts the busy and the sleeping named threads and the child process.
func runWorkload() error {
	if err := setName(WorkloadName); err != nil {
		return err
	}
	sleepCore := 1
	if runtime.NumCPU() < 2 {
		sleepCore = 0
	}
	type started struct {
		name string
		tid  int
		err  error
	}
	ch := make(chan started, 2)
	never := make(chan struct{})
	thread := func(name string, core int, work func()) {
		runtime.LockOSThread()
		err := setName(name)
		if err == nil {
			var set unix.CPUSet
			set.Set(core)
			err = unix.SchedSetaffinity(0, &set)
		}
		ch <- started{name, unix.Gettid(), err}
		work()
	}
	go thread(BusyThread, 0, func() {
		for x := uint64(0); ; x++ {
			spinSink = x
		}
	})
	go thread(SleepThread, sleepCore, func() { <-never })
	ready := Ready{PID: os.Getpid(), Threads: map[string]int{}}
	for range 2 {
		s := <-ch
		if s.err != nil {
			return fmt.Errorf("thread %s: %w", s.name, s.err)
		}
		ready.Threads[s.name] = s.tid
	}

	exe, err := os.Executable()
	if err != nil {
		return err
	}
	child := exec.Command(exe)
	child.Env = append(os.Environ(), envMode+"=child")
	child.Stderr = os.Stderr
	child.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	childIn, err := child.StdinPipe()
	if err != nil {
		return err
	}
	childOut, err := child.StdoutPipe()
	if err != nil {
		return err
	}
	if err := child.Start(); err != nil {
		return err
	}
	// Wait until the child has renamed itself, so the caller sees its final name.
	var cr Ready
	if err := json.NewDecoder(childOut).Decode(&cr); err != nil {
		child.Process.Kill()
		return fmt.Errorf("child: %w", err)
	}
	ready.Child = child.Process.Pid
	if err := report(ready); err != nil {
		return err
	}
	io.Copy(io.Discard, os.Stdin)
	childIn.Close()
	child.Process.Kill()
	child.Wait()
	return nil
}

// spinSink keeps the busy loop from being optimised away.
var spinSink uint64

// runChild names itself and sleeps until stdin closes.
func runChild() error {
	if err := setName(ChildName); err != nil {
		return err
	}
	if err := report(Ready{PID: os.Getpid()}); err != nil {
		return err
	}
	io.Copy(io.Discard, os.Stdin)
	return nil
}

// setName names the calling OS thread (and the process, when called on its main thread).
func setName(name string) error {
	b, err := unix.BytePtrFromString(name)
	if err != nil {
		return err
	}
	return unix.Prctl(unix.PR_SET_NAME, uintptr(unsafe.Pointer(b)), 0, 0, 0)
}

// taskCount counts the tasks of this process.
func taskCount() (int, error) {
	ents, err := os.ReadDir("/proc/self/task")
	return len(ents), err
}

// report writes the ready line.
func report(r Ready) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(append(b, '\n'))
	return err
}
