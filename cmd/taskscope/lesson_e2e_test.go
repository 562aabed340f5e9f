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
	"testing"
	"time"
)

// lessonVerdictColors are the colours the lesson view draws a verdict in (ui/lessonview's
// verdictColors): holds, nuanced, wrong. Nothing else on a lesson step uses them.
var lessonVerdictColors = []color.NRGBA{{0x2e, 0xb8, 0x4b, 0xff}, {0xf0, 0x9a, 0x1a, 0xff}, {0xf0, 0x3c, 0x32, 0xff}}

// verdictPixels counts the pixels of r drawn in a verdict's colour (the core of its glyphs;
// their anti-aliased edges blend with the background and are not counted).
func verdictPixels(img image.Image, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			for _, c := range lessonVerdictColors {
				if near(cr>>8, c.R) && near(cg>>8, c.G) && near(cb>>8, c.B) {
					n++
					break
				}
			}
		}
	}
	return n
}

func near(a uint32, b uint8) bool { return a+3 >= uint32(b) && a <= uint32(b)+3 }

// TestE2ELessonPredictThenReveal runs the real binary's lesson view full screen in
// presentation mode under Xvfb at 1280x720 and at 1920x1080, on the built-in lesson's first
// step (a claim about the browser demo, measured in a few seconds). Before a prediction no
// verdict is drawn, and Space (Reveal) does not measure; after the answer 1 and Space, the
// verdict is drawn large within 40 s. Screenshots go to TASKSCOPE_SHOTS.
func TestE2ELessonPredictThenReveal(t *testing.T) {
	guiNeedTools(t, "Xvfb", "import", "xwininfo", "xdotool")
	shots := guiShotsDir(t)
	bin := guiBuild(t)
	for _, size := range []string{"1280x720", "1920x1080"} {
		t.Run(size, func(t *testing.T) {
			display, _ := guiXvfb(t, size+"x24")
			env, _ := guiEnv(t, display)
			var logs guiBuffer
			cmd := guiStart(t, env, &logs, bin, "lesson", "--presentation")
			key := func(k string) {
				if err := guiKey(env, "", k); err != nil {
					t.Fatal(err)
				}
			}
			shot := func(name string, img image.Image, png []byte) {
				if png != nil {
					os.WriteFile(filepath.Join(shots, "lesson-"+size+"-"+name+".png"), png, 0o644)
				}
			}
			// waitFor screenshots the window until ok passes on it or limit passes.
			waitFor := func(limit time.Duration, ok func(image.Image, image.Rectangle) error) (image.Image, []byte, error) {
				img, png, _, err := guiWaitWindow(t, cmd, &logs, display, limit, ok)
				return img, png, err
			}
			noVerdict := func(img image.Image, win image.Rectangle) error {
				if err := isDrawn(img, win); err != nil {
					return err
				}
				if n := verdictPixels(img, win); n > 0 {
					return fmt.Errorf("%d pixels in a verdict's colour before a prediction", n)
				}
				return nil
			}
			img, png, err := waitFor(20*time.Second, noVerdict)
			shot("1-asking", img, png)
			if err != nil {
				t.Fatalf("the asking step: %v\n%s", err, logs.String())
			}
			// Reveal without a prediction measures nothing: still no verdict a while later.
			key("space")
			time.Sleep(3 * time.Second)
			img, png, err = waitFor(time.Second, noVerdict)
			shot("2-reveal-refused", img, png)
			if err != nil {
				t.Fatalf("Space before a prediction: %v", err)
			}
			key("1")
			key("space")
			start := time.Now()
			img, png, err = waitFor(40*time.Second, func(img image.Image, win image.Rectangle) error {
				if n := verdictPixels(img, win); n < 300 {
					return fmt.Errorf("%d pixels in a verdict's colour", n)
				}
				return nil
			})
			shot("3-revealed", img, png)
			if err != nil {
				t.Fatalf("after a prediction and Space: %v\n%s", err, logs.String())
			}
			t.Logf("%s: verdict drawn %v after Reveal (%d pixels of it)", size, time.Since(start).Round(100*time.Millisecond), verdictPixels(img, img.Bounds()))
			if err := guiStop(cmd, 5*time.Second); err != nil {
				var ee *exec.ExitError
				if !errors.As(err, &ee) || ee.ExitCode() != 0 {
					t.Errorf("after SIGTERM: %v", err)
				}
			}
			if strings.Contains(logs.String(), "panic:") {
				t.Errorf("panic in the output:\n%s", logs.String())
			}
		})
	}
}
