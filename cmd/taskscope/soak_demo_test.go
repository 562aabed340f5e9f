package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/taskscope/taskscope/demos"
)

// demoLoop launches a browser demo from the real binary, crashes a tab, reloads it, quits, and
// starts again, until ctx ends. It alternates the two models: with processes a crash takes one
// tab process, which is reloaded; with threads it takes the whole browser process. It returns
// how many launches completed and the first thing that went wrong.
//
// The browser runs as a child of the soak test, not of the app: the app's own launcher is
// driven only if the app implements TASKSCOPE_SOAK_DEMO_LOOP (see soak_test.go). The app still
// samples these processes as they come, crash and go.
func demoLoop(ctx context.Context, bin string) (launches int, err error) {
	for i := 0; ctx.Err() == nil; i++ {
		model := "processes"
		if i%2 == 1 {
			model = "threads"
		}
		if err := browserCycle(ctx, bin, model); err != nil {
			if ctx.Err() != nil {
				break
			}
			return launches, fmt.Errorf("launch %d (%s): %w", i+1, model, err)
		}
		launches++
	}
	return launches, nil
}

// browserCycle runs one browser through launch, crash, reload (processes model) and quit.
func browserCycle(ctx context.Context, bin, model string) error {
	cmd := exec.Command(bin, "demo", "browser", "--model", model, "--tabs", "3", "--page-mib", "4")
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	// Killed with its group if the soak test dies, as the app's own demos are.
	if err := demos.StartChild(cmd); err != nil {
		return err
	}
	events := make(chan demos.Event, 64)
	defer func() {
		in.Close()
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		for range events { // let the reader finish rather than block on a full channel
		}
		cmd.Wait()
	}()
	go func() {
		defer close(events)
		lines := demos.NewLineReader(out)
		for {
			line, err := lines.Next()
			if err == io.EOF || (err != nil && err != demos.ErrLineTooLong) {
				return
			}
			if e, err := demos.DecodeEvent(line); err == nil {
				events <- e
			}
		}
	}()
	send := func(c string) error {
		_, err := io.WriteString(in, c+"\n")
		return err
	}
	// await reads events until ok accepts one, for up to 20 s.
	await := func(what string, ok func(demos.Event) bool) error {
		timeout := time.After(20 * time.Second)
		for {
			select {
			case e, open := <-events:
				if !open {
					return fmt.Errorf("browser ended while waiting for %s", what)
				}
				if ok(e) {
					return nil
				}
			case <-timeout:
				return fmt.Errorf("no %s within 20s", what)
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	tabIs := func(n int, state string) func(demos.Event) bool {
		return func(e demos.Event) bool {
			tab, _ := e.Int("tab")
			return e.Kind() == "tab" && tab == n && e.String("state") == state
		}
	}
	// Tabs come up in any order: collect them all in one wait.
	up := map[int]bool{}
	err = await("tabs 1 to 3 alive", func(e demos.Event) bool {
		if tab, _ := e.Int("tab"); e.Kind() == "tab" && e.String("state") == "alive" {
			up[tab] = true
		}
		return up[1] && up[2] && up[3]
	})
	if err != nil {
		return err
	}
	hold(ctx, 3*time.Second) // long enough to be seen in the table
	if err := send(`{"cmd":"crash","tab":2}`); err != nil {
		return err
	}
	if model == "threads" {
		// A crashing thread takes its process: the browser ends by the signal.
		for range events {
		}
		if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "signal") {
			return fmt.Errorf("threads browser after a crash: %v, want killed by a signal", err)
		}
		return nil
	}
	if err := await("tab 2 crashed", func(e demos.Event) bool { return e.Kind() == "crashed" }); err != nil {
		return err
	}
	hold(ctx, time.Second)
	if err := send(`{"cmd":"reload","tab":2}`); err != nil {
		return err
	}
	if err := await("tab 2 reloaded", tabIs(2, "alive")); err != nil {
		return err
	}
	hold(ctx, 2*time.Second)
	if err := send(`{"cmd":"quit"}`); err != nil {
		return err
	}
	for range events {
	}
	return cmd.Wait()
}

// hold waits d or until ctx ends.
func hold(ctx context.Context, d time.Duration) {
	select {
	case <-time.After(d):
	case <-ctx.Done():
	}
}

// demoProcesses lists live processes running `BIN demo ...`: after the soak there must be none.
func demoProcesses(bin string) []string {
	dirs, _ := os.ReadDir("/proc")
	var found []string
	for _, d := range dirs {
		b, err := os.ReadFile("/proc/" + d.Name() + "/cmdline")
		if err != nil {
			continue
		}
		args := strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
		if len(args) > 1 && args[0] == bin && args[1] == "demo" && !zombie(d.Name()) {
			found = append(found, d.Name()+" "+strings.Join(args, " "))
		}
	}
	return found
}

// zombie reports whether process pid has ended and waits to be reaped.
func zombie(pid string) bool {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return true
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] == 'Z' || s[i+2] == 'X'
}
