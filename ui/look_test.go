//go:build look

// This file runs the real window on the real /proc under X (Xvfb), drives it through a script
// and takes X-level screenshots, for a person to look at:
//
//	Xvfb :77 -screen 0 1600x1000x24 &
//	DISPLAY=:77 LOOK_DIR=/tmp/look go test -tags look ./ui/
//
// It is not part of the normal test run.

package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/taskscope/taskscope/ui/model"
)

func init() { runtime.LockOSThread() }

func TestMain(m *testing.M) {
	dir := os.Getenv("LOOK_DIR")
	if dir == "" {
		dir = "/tmp/look"
	}
	os.MkdirAll(dir, 0o755)
	src, err := model.NewLive("/proc")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	a := app.NewWithID(appID + ".look")
	a.Preferences().RemoveValue(prefPresentation)
	o := options{filter: os.Getenv("LOOK_FILTER")}
	go script(a, dir)
	os.Exit(run(a, src, o, runOptions{prefetch: true, opened: func(m *mainWindow) { lookWindow.Store(m) }}))
}

var lookWindow atomic.Pointer[mainWindow]

func shot(dir, name string) {
	time.Sleep(700 * time.Millisecond)
	out := filepath.Join(dir, name+".png")
	if err := exec.Command("import", "-window", "root", out).Run(); err != nil {
		fmt.Println("import:", err)
	}
	fmt.Println("shot", out)
}

func script(a fyne.App, dir string) {
	for lookWindow.Load() == nil {
		time.Sleep(100 * time.Millisecond)
	}
	m := lookWindow.Load()
	do := func(f func()) { fyne.DoAndWait(f) }
	sleeper := exec.Command("sleep", "6")
	sleeper.Start()
	time.Sleep(3 * time.Second)
	shot(dir, "01-live")

	do(func() {
		p, _ := m.st.Current().Find(os.Getpid())
		m.st.SelectProcess(p.Key())
	})
	time.Sleep(1500 * time.Millisecond)
	shot(dir, "02-selected-self")

	do(func() { m.procs.Threads.SetChecked(true) })
	shot(dir, "03-threads")

	do(func() { m.procs.Threads.SetChecked(false); m.procs.Tree.SetChecked(true) })
	shot(dir, "04-tree")

	do(func() { m.procs.Tree.SetChecked(false); m.st.SetFilter("sleep") })
	time.Sleep(500 * time.Millisecond)
	do(func() {
		if p, ok := m.st.Current().Find(sleeper.Process.Pid); ok {
			m.st.SelectProcess(p.Key())
		}
	})
	shot(dir, "05-filter-sleep")
	sleeper.Wait()
	time.Sleep(2 * time.Second)
	shot(dir, "06-ended")

	do(func() { m.st.SetFilter(""); m.toggleFreeze() })
	time.Sleep(3 * time.Second)
	do(func() { m.procs.Scrub.SetValue(0) })
	shot(dir, "07-frozen-scrubbed")
	do(func() { m.toggleFreeze() })

	do(func() {
		p, _ := m.st.Current().Find(os.Getpid())
		m.st.SelectProcess(p.Key())
		m.togglePresentation()
	})
	time.Sleep(1500 * time.Millisecond)
	shot(dir, "08-presentation")
	do(func() { m.procs.Threads.SetChecked(true) })
	shot(dir, "09-presentation-threads")
	do(func() {
		m.procs.Threads.SetChecked(false)
		m.togglePresentation()
		m.askSignal(model.SignalChoices[0])
	})
	shot(dir, "10-confirm")
	do(func() { a.Quit() })
}
