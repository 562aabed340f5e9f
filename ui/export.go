package ui

import (
	"fmt"
	"image"
	"image/png"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/software"

	"github.com/taskscope/taskscope/inspect"
)

// Export of the view: File → Export view as PNG… (Ctrl+E), and the displayed snapshot as JSON
// or CSV in the formats `taskscope snapshot` prints.

// exportName suggests a file name carrying the sample's local time, such as
// taskscope-2026-11-21T23-59.json: exports sort in time order, and the name has no colon, which
// some file systems and file managers refuse.
func exportName(s *inspect.Snapshot, ext string) string {
	if s == nil {
		return "taskscope." + ext
	}
	return "taskscope-" + s.Taken.Local().Format("2006-01-02T15-04") + "." + ext
}

// exportPNG saves the window as it is drawn now. The picture is taken before the save dialog
// opens, so the dialog is not in it.
func (m *mainWindow) exportPNG() {
	img := captureWindow(m.win)
	m.saveAs("png", func(w io.Writer) error { return png.Encode(w, img) })
}

// exportSnapshot saves the displayed snapshot (the frozen one while frozen) as JSON or CSV,
// in the formats `taskscope snapshot` prints.
func (m *mainWindow) exportSnapshot(kind string) {
	s := m.st.Current()
	if s == nil {
		m.modal(showMessage(m.win, "Nothing to export", "No sample has been taken yet."), nil)
		return
	}
	write := inspect.WriteJSON
	if kind == "csv" {
		write = inspect.WriteCSV
	}
	m.saveAs(kind, func(w io.Writer) error { return write(w, s) })
}

// saveAs asks where to save, then writes with write and reports the outcome.
func (m *mainWindow) saveAs(ext string, write func(io.Writer) error) {
	showSave(m.win, ext, exportName(m.st.Current(), ext), write, func(path string, err error) {
		if err != nil {
			m.modal(showError(m.win, fmt.Errorf("%s export not saved: %w", strings.ToUpper(ext), err)), nil)
			return
		}
		m.setStatus("Saved " + path)
	})
}

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
