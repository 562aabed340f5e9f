package ui

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/software"
)

// captureWindow draws the window's content as it is now into an image. The GL driver's own
// Canvas().Capture() reads back a blank frame under Mesa's software rasteriser (as under Xvfb),
// so the content is lent to a windowless canvas, drawn by Fyne's software painter at the
// window's size and scale, and handed back at once. Runs on the Fyne goroutine.
func captureWindow(w fyne.Window) image.Image {
	content := w.Content()
	size, scale := w.Canvas().Size(), w.Canvas().Scale()
	c := software.NewCanvas()
	c.SetScale(scale)
	c.SetContent(content)
	c.Resize(size)
	img := c.Capture()
	w.SetContent(content)
	return img
}
