package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/taskscope/taskscope/lesson"
	"github.com/taskscope/taskscope/ui/demotab"
	"github.com/taskscope/taskscope/ui/lessonview"
)

// shortcutLesson is shown in the menu; F5 (what presentation programs start a show with)
// goes through windowKey.
var shortcutLesson = &desktop.CustomShortcut{KeyName: fyne.KeyF5}

// lessonUI is a lesson view laid over the whole window: while it is shown it has the window's
// content and keys; leaving it gives both back and keeps the lesson where it was, so F5 (or a
// demo card visited on the way) returns to the same step with its predictions.
type lessonUI struct {
	path    string
	view    *lessonview.View
	content fyne.CanvasObject
	keys    func(*fyne.KeyEvent)
	shown   bool
}

// lessonMenuItem is View → Start lesson.
func lessonMenuItem(m *mainWindow) *fyne.MenuItem {
	return &fyne.MenuItem{Label: "Start lesson", Shortcut: shortcutLesson, Action: func() { m.openLessonFile("builtin", "") }}
}

// openLessonFile shows the lesson file path ("builtin" for the built-in lesson; "" does
// nothing) at step id over the window; a file that cannot be read is said in the status line.
func (m *mainWindow) openLessonFile(path, id string) {
	if path == "" || m.lesson != nil && m.lesson.shown {
		return
	}
	if m.lesson == nil || m.lesson.path != path {
		file := path
		if file == "builtin" {
			file = ""
		}
		l, err := lesson.Open(file)
		if err != nil {
			m.setStatus(err.Error())
			return
		}
		lu := &lessonUI{path: path, view: lessonview.New(m.st, m.win, l, id)}
		// The reveal draws a claim's evidence as its demo card does.
		lu.view.Evidence = demotab.Evidence
		lu.view.OnClose = func() { m.hideLesson(lu) }
		m.lesson = lu
	}
	lu, c := m.lesson, m.win.Canvas()
	lu.content, lu.keys, lu.shown = c.Content(), c.OnTypedKey(), true
	m.win.SetContent(lu.view.Content())
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if !lu.view.TypedKey(e) && e.Name == fyne.KeyF11 {
			m.setFullScreen(!m.fullscreen)
		}
	})
}

// hideLesson gives the window its content and keys back.
func (m *mainWindow) hideLesson(lu *lessonUI) {
	if !lu.shown {
		return
	}
	lu.shown = false
	m.win.SetContent(lu.content)
	m.win.Canvas().SetOnTypedKey(lu.keys)
}
