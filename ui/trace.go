package ui

import (
	"fyne.io/fyne/v2/dialog"
)

// timelineTab is the Timeline tab's index in tabNames.
func timelineTab() int {
	for i, n := range tabNames {
		if n == "timeline" {
			return i
		}
	}
	return 0
}

// startProgram opens the window on a program it starts (`taskscope -- CMD ARGS...`).
func (m *mainWindow) startProgram(argv []string) {
	if len(argv) == 0 {
		return
	}
	m.tabs.SelectIndex(timelineTab())
	if err := m.timeline.Run(argv, ""); err != nil {
		dialog.ShowError(err, m.win)
	}
}

// runProgram is File → Run program….
func (m *mainWindow) runProgram() {
	m.tabs.SelectIndex(timelineTab())
	if why := m.timeline.Off(); why != "" {
		m.setStatus(why)
	}
	m.timeline.AskRun()
}

// traceSelected is File → Trace process… and the detail pane's Trace button: it offers the
// selected process (if any) for the Timeline tab to attach to.
func (m *mainWindow) traceSelected() {
	m.tabs.SelectIndex(timelineTab())
	if why := m.timeline.Off(); why != "" {
		m.setStatus(why) // AskAttach says it on the tab too
	}
	pid, name := 0, ""
	if k, ok := m.st.Selection(); ok {
		pid = k.ID
		if s := m.st.Current(); s != nil {
			if p, found := s.Find(k.ID); found {
				name = p.Name
			}
		}
	}
	m.timeline.AskAttach(pid, name)
}
