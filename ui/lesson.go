package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	core "github.com/taskscope/taskscope/lesson"
	lessonview "github.com/taskscope/taskscope/ui/lesson"
)

// shortcutLesson is shown in the menu; F5 (what presentation programs start a show with)
// goes through windowKey.
var shortcutLesson = &desktop.CustomShortcut{KeyName: fyne.KeyF5}

// lessonUI is a lesson view laid over the whole window: while it is open it has the window's
// content and keys; closing it gives both back.
type lessonUI struct {
	view    *lessonview.View
	content fyne.CanvasObject
	keys    func(*fyne.KeyEvent)
}

// lessonMenuItem is View → Start lesson.
func lessonMenuItem(m *mainWindow) *fyne.MenuItem {
	return &fyne.MenuItem{Label: "Start lesson", Shortcut: shortcutLesson, Action: func() { m.openLessonFile("builtin", "") }}
}

// openLessonFile opens the lesson file path ("builtin" for the built-in lesson; "" does
// nothing) at step id over the window; a file that cannot be read is said in the status line.
func (m *mainWindow) openLessonFile(path, id string) {
	if path == "" || m.lesson != nil {
		return
	}
	if path == "builtin" {
		path = ""
	}
	l, err := core.Open(path)
	if err != nil {
		m.setStatus(err.Error())
		return
	}
	c := m.win.Canvas()
	lu := &lessonUI{view: lessonview.New(m.st, m.win, l, id), content: c.Content(), keys: c.OnTypedKey()}
	m.lesson = lu
	lu.view.OnClose = func() {
		m.lesson = nil
		m.win.SetContent(lu.content)
		c.SetOnTypedKey(lu.keys)
	}
	m.win.SetContent(lu.view.Content())
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if !lu.view.TypedKey(e) && e.Name == fyne.KeyF11 {
			m.setFullScreen(!m.fullscreen)
		}
	})
}
