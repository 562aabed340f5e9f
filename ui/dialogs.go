package ui

import (
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// The window's dialogs are Fyne's own, so they look and behave like every other Fyne app's
// (keyboard, theme, presentation mode's larger text) and work the same under the test driver.

// showMessage tells the user something and waits for OK.
func showMessage(w fyne.Window, title, message string) dialog.Dialog {
	d := dialog.NewInformation(title, message, w)
	d.Show()
	return d
}

// showError reports a failure; Fyne titles it "Error" and capitalises the message.
func showError(w fyne.Window, err error) dialog.Dialog {
	d := dialog.NewError(err, w)
	d.Show()
	return d
}

// showConfirm asks a yes-or-no question whose yes is destructive (sending a signal); onYes
// runs only for yes. The buttons say what they do rather than Yes and No.
func showConfirm(w fyne.Window, title, message, yes string, onYes func()) *dialog.ConfirmDialog {
	d := dialog.NewConfirm(title, message, func(ok bool) {
		if ok {
			onYes()
		}
	}, w)
	d.SetConfirmText(yes)
	d.SetDismissText("Cancel")
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
	return d
}

// showSave asks where to save a file of kind ext ("json", "csv", "png"), suggesting name, then
// calls write with the chosen file and done with its path and the outcome. The dialog lists only
// files with that extension and asks before replacing an existing file (Fyne's save dialog does
// that itself, see makeOpenButton in fyne's dialog/file.go), so nothing is overwritten silently.
// Cancelling calls neither write nor done.
func showSave(w fyne.Window, ext, name string, write func(io.Writer) error, done func(path string, err error)) *dialog.FileDialog {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			done("", err)
			return
		}
		if wc == nil {
			return // cancelled
		}
		path := wc.URI().Path()
		done(path, writeAndClose(wc, write))
	}, w)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{"." + strings.TrimPrefix(ext, ".")}))
	d.SetConfirmText("Save")
	d.Show()
	return d
}

// writeAndClose writes the file and closes it. A file left half written would look like a
// valid export to whoever opens it later, so it is deleted when anything fails.
func writeAndClose(wc fyne.URIWriteCloser, write func(io.Writer) error) error {
	err := write(wc)
	if cerr := wc.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if derr := storage.Delete(wc.URI()); derr != nil {
			fyne.LogError("removing the partial export "+filepath.Base(wc.URI().Path()), derr)
		}
	}
	return err
}

// modal records d as the dialog on screen, whose keys dialogKey handles: confirm runs on
// Enter (nil: Enter closes it, as OK would), Escape closes it. Focus leaves the widgets behind
// it, so typing cannot reach them.
func (m *mainWindow) modal(d dialog.Dialog, confirm func()) {
	m.dialog = &modal{d: d, confirm: confirm}
	m.win.Canvas().Unfocus()
}

// modal is a dialog that takes the keyboard.
type modal struct {
	d       dialog.Dialog
	confirm func()
}

// dialogKey gives a key to the dialog on screen, if there is one, and reports whether it did.
func (m *mainWindow) dialogKey(e *fyne.KeyEvent) bool {
	if m.dialog == nil {
		return false
	}
	if m.win.Canvas().Overlays().Top() == nil {
		m.dialog = nil // closed by its own buttons
		return false
	}
	d := m.dialog
	switch e.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		m.dialog = nil
		if d.confirm != nil {
			d.confirm()
		} else {
			d.d.Hide()
		}
	case fyne.KeyEscape:
		m.dialog = nil
		d.d.Hide()
	}
	return true
}
