package main

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/proctest"
)

// appID is the ID the window stores its preferences under (ui.appID, FyneApp.toml).
const appID = "io.github.taskscope.Taskscope"

// TestE2EWindow runs the real binary under a private Xvfb against a workload this test starts,
// and reads the screen as X has it: the window must be drawn (not black, not one colour), the
// processes view filtered to the workload must hold several rows of text and draw the filter in
// its box (not the box's placeholder), and SIGTERM must
// close the window and exit 0 within 5 s. The cores tab and presentation mode get the same
// treatment in turn. Screenshots go to TASKSCOPE_SHOTS (default: a temporary directory).
func TestE2EWindow(t *testing.T) {
	guiNeedTools(t, "Xvfb", "import", "xwininfo")
	shots := guiShotsDir(t)
	bin := guiBuild(t)
	display, _ := guiXvfb(t, "1600x1000x24")
	wl, err := proctest.StartWorkload()
	if err != nil {
		t.Fatal(err)
	}
	defer wl.Stop()

	cases := []struct {
		name  string
		args  []string
		check func(img image.Image, win image.Rectangle) error
	}{
		{"processes", []string{"--filter", proctest.WorkloadName}, both(holdsRows(0.19, 5), drawsFilterText)},
		{"cores", []string{"--tab", "cores"}, isDrawn},
		{"presentation", []string{"--presentation", "--filter", proctest.WorkloadName}, holdsRows(0.22, 5)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			runWindow(t, bin, display, filepath.Join(shots, "e2e-"+c.name+".png"), c.args, c.check)
		})
	}
}

// runWindow starts the window with args, waits until check passes on a screenshot (or 20 s
// pass), saves the last screenshot to shot, then stops the window with SIGTERM.
func runWindow(t *testing.T, bin, display, shot string, args []string, check func(image.Image, image.Rectangle) error) {
	env, config := guiEnv(t, display)
	// Threads shown, so the filtered table has a row per workload thread under its process;
	// a short interval, so the rates are in sooner.
	guiPrefs(t, config, appID, map[string]any{"table.show_threads": true, "refresh.interval_ms": 500})
	var logs guiBuffer
	start := time.Now()
	cmd := guiStart(t, env, &logs, bin, args...)
	_, png, _, lastErr := guiWaitWindow(t, cmd, &logs, display, 20*time.Second, check)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	if png != nil {
		if err := os.WriteFile(shot, png, 0o644); err != nil {
			t.Error(err)
		}
	}
	if lastErr != nil {
		t.Errorf("window not as expected after %v: %v (screenshot: %s)\n%s", time.Since(start).Round(time.Millisecond), lastErr, shot, logs.String())
	} else {
		t.Logf("drawn as expected %v after launch; screenshot %s", time.Since(start).Round(time.Millisecond), shot)
	}

	// SIGTERM must close the window the normal way (settings saved) and exit 0.
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Errorf("after SIGTERM: %v (want exit status 0)\n%s", err, logs.String())
		} else if err != nil {
			t.Error(err)
		}
		t.Logf("exited %v after SIGTERM", time.Since(sent).Round(time.Millisecond))
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		<-exited
		t.Errorf("still running 5 s after SIGTERM; killed\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "panic:") {
		t.Errorf("panic in the output:\n%s", logs.String())
	}
}

// isDrawn says why win is not a drawn window: black, empty, or nearly one colour.
func isDrawn(img image.Image, win image.Rectangle) error {
	if win.Dx() < 400 || win.Dy() < 300 {
		return fmt.Errorf("window is only %v", win.Size())
	}
	if n := guiColours(img, win, 64); n < 64 {
		return fmt.Errorf("only %d colours in the window: not drawn yet, or drawn blank", n)
	}
	if share := dominantShare(img, win); share > 0.97 {
		return fmt.Errorf("%.1f%% of the window is one colour", share*100)
	}
	return nil
}

// holdsRows checks that the window is drawn and that its process table, the left half of the
// window below the fraction top of its height (header meters, tabs and filter bar), holds at
// least bands lines of text: the column header and the rows.
func holdsRows(top float64, bands int) func(image.Image, image.Rectangle) error {
	return func(img image.Image, win image.Rectangle) error {
		if err := isDrawn(img, win); err != nil {
			return err
		}
		table := image.Rect(win.Min.X, win.Min.Y+int(top*float64(win.Dy())),
			win.Min.X+win.Dx()*55/100, win.Max.Y-win.Dy()*6/100)
		if n := guiTextBands(img, table, 5); n < bands {
			return fmt.Errorf("%d lines of text in the table area %v, want at least %d (header and rows)", n, table, bands)
		}
		return nil
	}
}

// dominantShare is the share of r's pixels that have its most common colour.
func dominantShare(img image.Image, r image.Rectangle) float64 {
	counts := map[[3]uint32]int{}
	best := 0
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			k := [3]uint32{cr, cg, cb}
			counts[k]++
			best = max(best, counts[k])
		}
	}
	total := ((r.Dy() + 1) / 2) * ((r.Dx() + 1) / 2)
	return float64(best) / float64(max(total, 1))
}

// both passes when a and b pass, and otherwise says why the first that fails does.
func both(a, b func(image.Image, image.Rectangle) error) func(image.Image, image.Rectangle) error {
	return func(img image.Image, win image.Rectangle) error {
		if err := a(img, win); err != nil {
			return err
		}
		return b(img, win)
	}
}

// drawsFilterText checks that the filter box holds text drawn in the normal theme's foreground,
// as typed or --filter text is, rather than only its dimmer placeholder. The box is found as
// the rows of the window's upper half that hold the longest run of the input background's
// colour: wider than the header's graph boxes, which share the colour.
func drawsFilterText(img image.Image, win image.Rectangle) error {
	inputBG := color.RGBA{32, 32, 35, 255}
	longest := func(y int) (from, to int) {
		run := win.Min.X
		for x := win.Min.X; x <= win.Max.X; x++ {
			if x < win.Max.X && color.RGBAModel.Convert(img.At(x, y)) == inputBG {
				continue
			}
			if x-run > to-from {
				from, to = run, x
			}
			run = x + 1
		}
		return from, to
	}
	box := image.Rectangle{}
	for y := win.Min.Y; y < win.Min.Y+win.Dy()/2; y++ {
		if from, to := longest(y); to-from >= win.Dx()/3 {
			box = box.Union(image.Rect(from, y, to, y+1))
		}
	}
	if box.Empty() {
		return fmt.Errorf("no filter box (a run of %v wider than a third of the window) in the upper half", inputBG)
	}
	brightest := 0
	for y := box.Min.Y; y < box.Max.Y; y++ {
		for x := box.Min.X; x < box.Max.X; x++ {
			brightest = max(brightest, guiLuma(img.At(x, y)))
		}
	}
	if brightest < 220 {
		return fmt.Errorf("the filter box %v draws nothing brighter than %d: its placeholder, not the filter", box, brightest)
	}
	return nil
}
