package ui

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
)

// schedRow is the detail pane's row for pinning the selected process to cores and changing
// its nice value. The window acts on it through onPin and onNice.
type schedRow struct {
	pin    *widget.Select
	nice   *widget.Entry
	set    *widget.Button
	box    fyne.CanvasObject
	onPin  func(cpus []int, label string)
	onNice func(n int)
}

func newSchedRow() *schedRow {
	r := &schedRow{}
	opts := []string{"all cores"}
	for c := range runtime.NumCPU() {
		opts = append(opts, "core "+strconv.Itoa(c))
	}
	r.pin = &widget.Select{PlaceHolder: "Pin to…", Options: opts, OnChanged: func(s string) {
		if s == "" || r.onPin == nil {
			return
		}
		var cpus []int
		if c, ok := strings.CutPrefix(s, "core "); ok {
			n, _ := strconv.Atoi(c)
			cpus = []int{n}
		} else {
			for c := range runtime.NumCPU() {
				cpus = append(cpus, c)
			}
		}
		r.onPin(cpus, s)
	}}
	r.nice = &widget.Entry{PlaceHolder: "nice"}
	r.set = &widget.Button{Text: "Set nice", OnTapped: func() {
		if r.onNice == nil {
			return
		}
		n, err := strconv.Atoi(strings.TrimSpace(r.nice.Text))
		if err != nil || n < -20 || n > 19 {
			n = 100 // refused below, with the reason
		}
		r.onNice(n)
	}}
	r.box = container.NewHBox(r.pin, container.NewGridWrap(fyne.NewSize(70, r.nice.MinSize().Height), r.nice), r.set)
	return r
}

// pinSelected pins every thread of the selected process (checked by its start time, on the
// worker, the one reader of /proc) and reports the outcome in the status line.
func (m *mainWindow) pinSelected(cpus []int, label string) {
	k, ok := m.st.Selection()
	if !ok {
		return
	}
	m.work.Post(func(w *model.Worker) {
		err := inspect.SetProcessAffinity(k, cpus)
		w.Reply(func() {
			m.setStatus(schedMessage(err, fmt.Sprintf("Pinned process %d to %s.", k.ID, label)))
			m.detail.sched.pin.ClearSelected()
		})
	})
}

// reniceSelected sets the nice value of every thread of the selected process.
func (m *mainWindow) reniceSelected(n int) {
	k, ok := m.st.Selection()
	if !ok {
		return
	}
	if n < -20 || n > 19 {
		m.setStatus("Nice is a whole number from -20 (most favoured) to 19 (least).")
		return
	}
	m.work.Post(func(w *model.Worker) {
		err := inspect.SetProcessNice(k, n)
		w.Reply(func() {
			m.setStatus(schedMessage(err, fmt.Sprintf("Set the nice value of process %d to %d.", k.ID, n)))
		})
	})
}

// schedMessage puts the outcome of a pin or renice in words.
func schedMessage(err error, done string) string {
	switch {
	case err == nil:
		return done
	case errors.Is(err, inspect.ErrGone):
		return "The process has ended (or its PID now names another); nothing was changed."
	}
	return "Not done: " + err.Error()
}
