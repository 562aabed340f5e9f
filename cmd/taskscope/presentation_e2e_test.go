package main

import (
	"errors"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestE2EPresentationKeyUsesTheMenuRoom runs the real window under Xvfb at 1280x720, where it
// fills the screen and no window manager resizes it, and presses Ctrl+P: presentation mode
// drops the menu bar, and the header must move up into the bar's room rather than leave a blank
// band over it (Fyne moves the content only on a resize). Ctrl+P again brings the menus back
// above the header. Screenshots go to TASKSCOPE_SHOTS.
func TestE2EPresentationKeyUsesTheMenuRoom(t *testing.T) {
	guiNeedTools(t, "Xvfb", "import", "xwininfo", "xdotool")
	shots := guiShotsDir(t)
	bin := guiBuild(t)
	display, _ := guiXvfb(t, "1280x720x24")
	env, _ := guiEnv(t, display)
	var logs guiBuffer
	cmd := guiStart(t, env, &logs, bin)

	// topBand is the strip the menu bar takes: about 28 px at the normal theme's size.
	topBand := func(win image.Rectangle) image.Rectangle {
		return image.Rect(win.Min.X, win.Min.Y, win.Max.X, win.Min.Y+30)
	}
	// waitShot screenshots the window until ok passes (or 20 s pass) and saves the last one.
	waitShot := func(name string, ok func(img image.Image, win image.Rectangle) bool) (image.Image, image.Rectangle) {
		img, png, win, _ := guiWaitWindow(t, cmd, &logs, display, 20*time.Second, func(img image.Image, win image.Rectangle) error {
			if !ok(img, win) {
				return errors.New("not yet")
			}
			return nil
		})
		if png == nil {
			t.Fatalf("no window titled Taskscope to screenshot within 20 s (%s):\n%s", name, logs.String())
		}
		os.WriteFile(filepath.Join(shots, "presentation-key-"+name+".png"), png, 0o644)
		return img, win
	}
	black := func(img image.Image, win image.Rectangle) bool {
		return color.RGBAModel.Convert(img.At(win.Max.X-2, win.Max.Y-2)) == color.RGBA{A: 0xff}
	}

	img, win := waitShot("normal", func(img image.Image, win image.Rectangle) bool {
		return isDrawn(img, win) == nil && guiTextBands(img, topBand(win), 5) > 0
	})
	if img == nil || isDrawn(img, win) != nil || guiTextBands(img, topBand(win), 5) == 0 {
		t.Fatalf("no window with its menu bar within 20 s:\n%s", logs.String())
	}
	if err := guiKey(env, "", "ctrl+p"); err != nil {
		t.Fatal(err)
	}
	img, win = waitShot("on", func(img image.Image, win image.Rectangle) bool {
		return black(img, win) && guiTextBands(img, topBand(win), 5) > 0
	})
	if !black(img, win) {
		t.Fatalf("Ctrl+P did not switch to presentation mode's black background:\n%s", logs.String())
	}
	if guiTextBands(img, topBand(win), 5) == 0 {
		t.Errorf("in presentation mode the top %d px, where the menu bar was, hold no text: the header did not move up", topBand(win).Dy())
	}
	if err := guiKey(env, "", "ctrl+p"); err != nil {
		t.Fatal(err)
	}
	img, win = waitShot("off", func(img image.Image, win image.Rectangle) bool {
		return !black(img, win) && guiTextBands(img, topBand(win), 5) > 0
	})
	if black(img, win) || guiTextBands(img, topBand(win), 5) == 0 {
		t.Errorf("Ctrl+P again did not bring back the normal theme with the menu bar on top")
	}
}
