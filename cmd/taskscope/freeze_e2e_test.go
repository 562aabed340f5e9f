package main

import (
	"image"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/taskscope/taskscope/internal/proctest"
)

// TestE2EFrozenWindowStaysStill runs the real window under Xvfb at 1280x720 beside a busy
// workload and checks what a lecturer who presses Space gets: a view that does not move.
// Live, two screenshots taken 1.5 s apart differ (the comparison can see a change); after
// Space, two taken 3 s apart are the same to the pixel, while sampling goes on behind, and stay
// so over 2 s more once the filter box has the focus (its cursor does not blink). Fyne
// repaints the whole window for any change, so anything still ticking while frozen would cost
// a repaint a second, as much as the live view. Screenshots go to TASKSCOPE_SHOTS.
func TestE2EFrozenWindowStaysStill(t *testing.T) {
	guiNeedTools(t, "Xvfb", "import", "xwininfo", "xdotool")
	shots := guiShotsDir(t)
	bin := guiBuild(t)
	display, _ := guiXvfb(t, "1280x720x24")
	wl, err := proctest.StartWorkload()
	if err != nil {
		t.Fatal(err)
	}
	defer wl.Stop()
	env, config := guiEnv(t, display)
	guiPrefs(t, config, appID, map[string]any{"table.show_threads": true, "refresh.interval_ms": 500})
	var logs guiBuffer
	cmd := guiStart(t, env, &logs, bin, "--filter", proctest.WorkloadName)

	live, _, win, err := guiWaitWindow(t, cmd, &logs, display, 20*time.Second, holdsRows(0.19, 5))
	if err != nil {
		t.Fatalf("no window with the workload's rows within 20 s: %v\n%s", err, logs.String())
	}
	shot := func(name string) image.Image {
		img, png, err := guiScreenshot(display)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, "frozen-"+name+".png"), png, 0o644); err != nil {
			t.Error(err)
		}
		return img
	}

	time.Sleep(1500 * time.Millisecond)
	if n := pixelsDiffering(live, shot("live"), win); n == 0 {
		t.Fatalf("the live window did not change in 1.5 s beside a busy workload: the comparison below would prove nothing")
	}
	if err := guiKey(env, "", "space"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	held := shot("held")
	time.Sleep(3 * time.Second)
	if n := pixelsDiffering(held, shot("held-later"), win); n != 0 {
		t.Errorf("%d pixels of the frozen window changed within 3 s (screenshots frozen-held*.png in %s)\n%s", n, shots, logs.String())
	}

	// The filter box's cursor stays lit: with Fyne's animations it faded in and out twice a
	// second, and each step of the fade repainted the whole window. Live and frozen again
	// first, so the held snapshot's age reads "just now" throughout: it changes at 10 s.
	for _, k := range []string{"space", "space", "ctrl+f"} {
		if err := guiKey(env, "", k); err != nil {
			t.Fatal(err)
		}
	}
	refrozen := time.Now()
	time.Sleep(time.Second)
	focused := shot("filter-focused")
	compared, blinked := 0, false
	for !blinked && time.Since(refrozen) < 8*time.Second {
		time.Sleep(120 * time.Millisecond)
		later := shot("filter-focused-later")
		if time.Since(refrozen) > 9*time.Second {
			break // past here the age could have stepped; the screenshot was slow to come
		}
		compared++
		if n := pixelsDiffering(focused, later, win); n != 0 {
			t.Errorf("%d pixels changed %v after the frozen window's filter box took the focus: its cursor blinks (built without no_animations?)",
				n, time.Since(refrozen).Round(time.Millisecond))
			blinked = true
		}
	}
	if !blinked && compared < 4 {
		t.Errorf("only %d screenshots in the 7 s after the filter took the focus: too few to see a cursor blink twice a second", compared)
	}
	// A window that died would leave screenshots of an empty screen, the same each time.
	if _, _, ok := guiFindWindow(display, "Taskscope"); !ok {
		t.Fatalf("the window is gone:\n%s", logs.String())
	}
}

// pixelsDiffering counts the pixels of r that differ between a and b.
func pixelsDiffering(a, b image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				n++
			}
		}
	}
	return n
}
