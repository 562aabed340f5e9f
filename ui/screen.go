package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"github.com/go-gl/glfw/v3.4/glfw"
)

// windowSize is the size the window opens at on a screen that has room for it.
var windowSize = fyne.NewSize(1280, 800)

// fitToScreen shrinks the window to the primary screen when it opened larger (1280x800 on a
// 720-line projector hid the status line and the table's last rows below the screen's edge).
// Fyne does not say how large the screen is, so GLFW, which it runs on, is asked; this must
// run on the main thread, inside fyne.Do, once the window exists. Where GLFW has no monitor
// (a headless test driver) it does nothing.
func fitToScreen(w fyne.Window) {
	defer recoverGLFW() // no GLFW window system: leave the size as it is
	mon := glfw.GetPrimaryMonitor()
	if mon == nil {
		return
	}
	mode := mon.GetVideoMode()
	if mode == nil {
		return
	}
	scale := w.Canvas().Scale()
	if scale <= 0 {
		scale = 1
	}
	screen := fyne.NewSize(float32(mode.Width)/scale, float32(mode.Height)/scale)
	size := w.Canvas().Size()
	if size.Width <= screen.Width && size.Height <= screen.Height {
		return
	}
	w.Resize(fyne.NewSize(min(size.Width, screen.Width), min(size.Height, screen.Height)))
}

// recoverGLFW, deferred, stops the panic GLFW raises when it has no window system to ask (its
// *glfw.Error, under a test driver): the size is then left as it is. Any other panic is a bug
// and goes on.
func recoverGLFW() {
	r := recover()
	if r == nil {
		return
	}
	var g *glfw.Error
	if err, ok := r.(error); ok && errors.As(err, &g) {
		return
	}
	panic(r)
}
