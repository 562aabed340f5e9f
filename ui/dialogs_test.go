package ui

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestConfirmRunsOnlyOnYes(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()

	yes := 0
	d := showConfirm(w, "Send SIGTERM?", "Send SIGTERM to sleep (PID 200)?", "Send SIGTERM", func() { yes++ })
	d.Hide() // Cancel
	if yes != 0 {
		t.Fatalf("cancel ran the action")
	}
	d = showConfirm(w, "Send SIGTERM?", "Send SIGTERM to sleep (PID 200)?", "Send SIGTERM", func() { yes++ })
	d.Confirm()
	if yes != 1 {
		t.Fatalf("confirm ran the action %d times, want 1", yes)
	}
}

func TestWriteAndCloseRemovesPartialFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "taskscope-2026-11-21T23-59.json")
	wc, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	failed := errors.New("disk full")
	err = writeAndClose(wc, func(w io.Writer) error {
		io.WriteString(w, `{"taken":`)
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("err = %v, want %v", err, failed)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("partial export left behind: %v", err)
	}

	wc, err = storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	if err := writeAndClose(wc, func(w io.Writer) error { _, err := io.WriteString(w, "{}\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "{}\n" {
		t.Errorf("file holds %q", b)
	}
}

func TestExportName(t *testing.T) {
	s := fixture(t0, [3]float64{1, 1, 1})
	want := "taskscope-" + t0.Local().Format("2006-01-02T15-04") + ".csv"
	if got := exportName(s, "csv"); got != want {
		t.Errorf("exportName = %q, want %q", got, want)
	}
	if got := exportName(nil, "json"); got != "taskscope.json" {
		t.Errorf("exportName(nil) = %q", got)
	}
}

// TestSaveDialogSuggestsName checks that the export opens Fyne's save dialog over the window
// with the file name filled in.
func TestSaveDialogSuggestsName(t *testing.T) {
	m, src := newTestWindow(t, options{})
	step(m, src, fixture(t0, [3]float64{1, 1, 1}))
	name := exportName(m.st.Current(), "json")
	d := showSave(m.win, "json", name, nil, nil)
	defer d.Hide()
	top := m.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog over the window")
	}
	for _, o := range test.LaidOutObjects(top) {
		if e, ok := o.(*widget.Entry); ok && e.Text == name {
			return
		}
	}
	t.Errorf("no entry holding %q in the save dialog", name)
}
