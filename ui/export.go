package ui

import (
	"fmt"
	"image/png"
	"io"
	"strings"

	"github.com/taskscope/taskscope/inspect"
)

// exportPNG saves the window as it is drawn now. The picture is taken before the save dialog
// opens, so the dialog is not in it.
func (m *mainWindow) exportPNG() {
	img := captureWindow(m.win)
	m.saveAs("png", func(w io.Writer) error { return png.Encode(w, img) })
}

// exportSnapshot saves the displayed snapshot (the frozen one while frozen) as JSON or CSV,
// in the formats `taskscope snapshot` prints.
func (m *mainWindow) exportSnapshot(kind string) {
	s := m.hub.current()
	if s == nil {
		showMessage(m.win, "Nothing to export", "No sample has been taken yet.")
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
	showSave(m.win, ext, exportName(m.hub.current(), ext), write, func(path string, err error) {
		if err != nil {
			showError(m.win, fmt.Errorf("%s export not saved: %w", strings.ToUpper(ext), err))
			return
		}
		m.setStatus("Saved " + path)
	})
}

// exportName suggests a file name carrying the sample's local time, such as
// taskscope-2026-11-21T23-59.json: exports sort in time order, and the name has no colon, which
// some file systems and file managers refuse.
func exportName(s *inspect.Snapshot, ext string) string {
	if s == nil {
		return "taskscope." + ext
	}
	return "taskscope-" + s.Taken.Local().Format("2006-01-02T15-04") + "." + ext
}
