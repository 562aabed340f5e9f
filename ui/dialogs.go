package ui

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// The window's few dialogs are modal pop-ups built here from plain widgets. Fyne's dialog
// package would need a module that go.sum does not list yet (github.com/FyshOS/fancyfs);
// these keep the dependencies as they are, and work the same under the test driver.

// modal is an open pop-up dialog.
type modal struct {
	pop *widget.PopUp
}

func (d *modal) close() { d.pop.Hide() }

// showModal shows a titled box with content and a row of buttons, the last one default.
func showModal(w fyne.Window, title string, content fyne.CanvasObject, buttons ...*widget.Button) *modal {
	row := container.NewHBox(layout.NewSpacer())
	for _, b := range buttons {
		row.Add(b)
	}
	box := container.NewVBox(
		&widget.Label{Text: title, TextStyle: fyne.TextStyle{Bold: true}, SizeName: "subHeadingText"},
		content, row)
	d := &modal{pop: widget.NewModalPopUp(box, w.Canvas())}
	width := min(w.Canvas().Size().Width-40, 620)
	d.pop.Resize(fyne.NewSize(width, box.MinSize().Height))
	d.pop.Show()
	if n := len(buttons); n > 0 {
		w.Canvas().Focus(buttons[n-1])
	}
	return d
}

func messageLabel(s string) *widget.Label {
	return &widget.Label{Text: s, Wrapping: fyne.TextWrapWord}
}

// showMessage tells the user something and waits for OK.
func showMessage(w fyne.Window, title, message string) {
	var d *modal
	ok := &widget.Button{Text: "OK", Importance: widget.HighImportance, OnTapped: func() { d.close() }}
	d = showModal(w, title, messageLabel(message), ok)
}

// showConfirm asks a yes-or-no question; onYes runs only for yes.
func showConfirm(w fyne.Window, title, message, yes string, onYes func()) *modal {
	var d *modal
	cancel := &widget.Button{Text: "Cancel", OnTapped: func() { d.close() }}
	confirm := &widget.Button{Text: yes, Importance: widget.DangerImportance, OnTapped: func() {
		d.close()
		onYes()
	}}
	d = showModal(w, title, messageLabel(message), cancel, confirm)
	return d
}

// showSave asks for a file path, suggesting name in the user's home folder, and calls write
// with the new file. An existing file is not overwritten.
func showSave(w fyne.Window, title, name string, write func(io.Writer) error, done func(path string, err error)) {
	dir, err := os.UserHomeDir()
	if err != nil {
		dir = "."
	}
	path := &widget.Entry{Text: filepath.Join(dir, name)}
	path.ExtendBaseWidget(path)
	var d *modal
	cancel := &widget.Button{Text: "Cancel", OnTapped: func() { d.close() }}
	save := &widget.Button{Text: "Save", Importance: widget.HighImportance, OnTapped: func() {
		d.close()
		p := path.Text
		done(p, writeNewFile(p, write))
	}}
	d = showModal(w, title, container.NewVBox(messageLabel("Save to:"), path), cancel, save)
	w.Canvas().Focus(path)
}

// writeNewFile creates path, failing if it exists, and writes it.
func writeNewFile(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; choose another name", path)
	}
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}
