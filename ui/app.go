package ui

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/taskscope/taskscope/assets"
	"github.com/taskscope/taskscope/fleet"
	"github.com/taskscope/taskscope/ui/model"
)

// procRoot is where the live system's /proc is mounted.
const procRoot = "/proc"

// quitGrace is how long a stop asked for by a signal may take before the process exits anyway.
const quitGrace = 4 * time.Second

// runOptions is how run opens the window beyond the command line's options.
type runOptions struct {
	// prefetch takes the first sample while the window is built (the live machine only:
	// until the worker runs, nothing else may use the source).
	prefetch bool
	// opened, when set, is called with the window before it is shown (the scripted
	// screenshot run of look_test.go drives the window through it).
	opened func(*mainWindow)
	// fleet, when set, is the Prometheus client of --prometheus, which the Fleet tab reads
	// through the view state (the window opens on that tab).
	fleet *fleet.Client
}

// Main parses the window's flags, opens the main window and returns the exit code when it
// closes: 0, or 2 for a bad command line.
func Main(args []string) int {
	o, err := parseFlags(args, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	if why := noDisplay(os.Getenv); why != "" {
		fmt.Fprintln(os.Stderr, "taskscope:", why)
		return 1
	}
	fc, err := newFleetClient(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "taskscope:", err)
		return 1
	}
	src, live, err := openSource(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "taskscope:", err)
		return 1
	}
	// A plain `go build` does not read FyneApp.toml, so its facts are given here too. The
	// fyneDo migration says every goroutine reaches the UI through fyne.Do: Fyne then skips its
	// per-call thread check, which takes a stack trace on every canvas refresh.
	icon := fyne.NewStaticResource("taskscope.png", assets.IconPNG)
	app.SetMetadata(fyne.AppMetadata{ID: appID, Name: "Taskscope", Icon: icon, Release: true,
		Migrations: map[string]bool{"fyneDo": true}})
	ensureCacheDir()
	a := app.NewWithID(appID)
	a.SetIcon(icon)
	return run(a, src, o, runOptions{prefetch: live, fleet: fc})
}

// ensureCacheDir makes the user's cache directory (~/.cache) when it is missing, as it is for a
// new account that has not logged in to a desktop yet: Fyne makes only the last directory of its
// own cache path, and otherwise logs two errors at every start. A failure is left for Fyne to
// report, as before.
func ensureCacheDir() {
	if dir, err := os.UserCacheDir(); err == nil {
		_ = os.MkdirAll(dir, 0o700)
	}
}

// noDisplay says why no window can open, or "" when a display is named: with neither an X
// display nor a Wayland one, GLFW fails and the window's first call panics.
func noDisplay(getenv func(string) string) string {
	if getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != "" {
		return ""
	}
	return "no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set); " +
		"run it in a desktop session, or use `taskscope snapshot` in a terminal"
}

// run shows the window until it is closed or the process is asked to stop.
func run(a fyne.App, src model.Source, o options, ro runOptions) (code int) {
	// A display that is named but cannot be reached (no X server there, say) makes GLFW fail
	// to start, and the window's first call then panics: say so in one line instead of a
	// stack trace. Any other panic goes on as it was.
	defer func() {
		if r := recover(); r != nil {
			if msg := fmt.Sprint(r); strings.Contains(msg, "GLFW") {
				fmt.Fprintf(os.Stderr, "taskscope: cannot open a window on display %q: %s\n",
					cmp.Or(os.Getenv("WAYLAND_DISPLAY"), os.Getenv("DISPLAY")), msg)
				code = 1
				return
			}
			panic(r)
		}
	}()
	defer startCPUProfile()()
	m := newMainWindow(a, src, o, ro)
	if ro.opened != nil {
		ro.opened(m)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if r, ok := src.(*model.Remote); ok {
		attachRemote(ctx, m, r)
	}
	go m.work.Run(ctx)
	startDebugStats(ctx)

	// SIGTERM and Ctrl+C in the terminal close the window the normal way, so settings are
	// saved and demo children are told to stop.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(sigs)
	go func() {
		select {
		case <-sigs:
			fyne.Do(a.Quit)
		case <-ctx.Done():
			return
		}
		// Fyne's shutdown now and then never ends: a lifecycle callback queued as its loop
		// stops waits for that loop (seen under load, a goroutine in runOnMainWithWait after
		// runGL returned). A stop asked for from outside must still stop the process; demo
		// children die with it (parent-death signal).
		select {
		case <-ctx.Done():
		case <-time.After(quitGrace):
			fmt.Fprintln(os.Stderr, "taskscope: the window did not finish closing; exiting")
			os.Exit(0)
		}
	}()
	m.win.SetMaster()
	// Queued now, run by the event loop once the window is up.
	go fyne.Do(m.settleOnScreen)
	m.win.ShowAndRun()
	return 0
}
