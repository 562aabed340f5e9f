package ui

import (
	"testing"

	"fyne.io/fyne/v2"
)

// TestLessonOpensOverTheWindowAndGivesItBack: --lesson opens the lesson at its step over the
// window; Escape gives the window its content and keys back; F5 returns to the same lesson,
// where it was.
func TestLessonOpensOverTheWindowAndGivesItBack(t *testing.T) {
	m, _ := newTestWindow(t, options{lesson: "builtin", lessonStep: "gil"})
	if m.lesson == nil || !m.lesson.shown {
		t.Fatal("--lesson builtin did not open the lesson")
	}
	if got := m.lesson.view.Session().Current; got != 8 {
		t.Errorf("--lesson-step gil opened step %d, want 9", got+1)
	}
	keys := m.win.Canvas().OnTypedKey()
	keys(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if m.lesson.shown || m.win.Content() != m.lesson.content {
		t.Fatal("Escape did not give the window back")
	}
	// Escape now goes to the window again (it would clear a filter), and F5 brings the lesson back.
	m.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF5})
	if !m.lesson.shown || m.lesson.view.Session().Current != 8 {
		t.Error("F5 did not return to the lesson where it was")
	}
}

func TestLessonFlagBadFileSaysSo(t *testing.T) {
	m, _ := newTestWindow(t, options{lesson: "/nonexistent/lesson.toml"})
	if m.lesson != nil {
		t.Error("a lesson opened from a missing file")
	}
	if m.status.Text == "" {
		t.Error("the status line does not say why no lesson opened")
	}
}
