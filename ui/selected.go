package ui

// Actions on the selected process: a signal (asked first), pinning to cores, a nice value.

import (
	"errors"
	"fmt"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
)

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
			m.detail.Sched.Pin.ClearSelected()
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

// askSignal confirms, then has the worker send the signal (the start-time check reads /proc,
// so it runs there), then reports the outcome.
func (m *mainWindow) askSignal(s model.SignalChoice) {
	k, ok := m.st.Selection()
	d := m.detail.Model
	if !ok || d == nil || !d.Found {
		return
	}
	if d.Refusal != "" {
		m.modal(showMessage(m.win, "Not sent", d.Refusal), nil)
		return
	}
	who := d.Title
	msg := fmt.Sprintf("Send %s to %s?\n\n%s %s", s.Name, who, s.Name, s.Explain)
	c := showConfirm(m.win, "Send "+s.Name+"?", msg, "Send "+s.Name, func() {
		m.work.Post(func(w *model.Worker) {
			err := w.Signal(k, s.Sig)
			w.Reply(func() {
				text := model.SignalMessage(err, s, who)
				if err != nil {
					m.modal(showError(m.win, errors.New(text)), nil)
				}
				m.setStatus(text)
			})
		})
	})
	m.modal(c, c.Confirm)
}
