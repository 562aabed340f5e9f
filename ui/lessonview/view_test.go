package lessonview

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/lesson"
	"github.com/taskscope/taskscope/ui/model"
)

// texts gathers every text the view shows, so a test can ask what is on screen.
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.RichText:
			b.WriteString(w.String() + "\n")
		case *widget.Button:
			b.WriteString(w.Text + "\n")
		case *canvas.Text:
			b.WriteString(w.Text + "\n")
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, k := range c.Objects {
				walk(k)
			}
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, k := range test.WidgetRenderer(w).Objects() {
				walk(k)
			}
		}
	}
	walk(o)
	return b.String()
}

func TestViewShowsNothingOfTheResultBeforeAPrediction(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	st := model.NewState()
	l := lesson.Builtin()
	w := test.NewWindow(nil)
	defer w.Close()
	v := New(st, w, l, "gil")
	measured := make(chan string, 4)
	// The test driver runs fyne.Do on the calling goroutine: the outcome is held back until the
	// key that asked for it has been handled, as the real driver would queue it.
	release := make(chan struct{})
	v.Measure = func(ctx context.Context, l *lesson.Lesson, s lesson.Step) lesson.Outcome {
		measured <- s.ID
		<-release
		return lesson.Outcome{Verdict: "holds", Why: "threads kept 1 core busy",
			Figures: map[string]any{"threads_speedup": 0.98, "processes_speedup": 1.9, "workers": int64(2)},
			Runs:    map[string][]demos.Event{"python": {{"event": "result"}}}}
	}
	// The card's evidence, as the window would hand it over: named here so the test can see it.
	v.Evidence = func(claim string, runs map[string][]demos.Event) fyne.CanvasObject {
		return widget.NewLabel(fmt.Sprintf("card evidence of %s from %d runs", claim, len(runs)))
	}
	drawn := make(chan struct{}, 1)
	v.shown = func() { drawn <- struct{}{} }
	w.SetContent(v.Content())
	w.Resize(fyne.NewSize(1280, 720))

	screen := texts(v.Content())
	if !strings.Contains(screen, "Step 9 / 13") || !strings.Contains(screen, "Which one gets faster") {
		t.Fatalf("the step and its question are not shown:\n%s", screen)
	}
	key := func(k fyne.KeyName) { v.TypedKey(&fyne.KeyEvent{Name: k}) }
	key(fyne.KeyPageDown) // no prediction yet: nothing is measured, a hint says why
	screen = texts(v.Content())
	if strings.Contains(screen, "holds") || strings.Contains(screen, "0.98") || strings.Contains(screen, "card evidence") || !strings.Contains(screen, "press 1–4, or S") {
		t.Fatalf("before a prediction:\n%s", screen)
	}
	select {
	case id := <-measured:
		t.Fatalf("%s was measured before a prediction", id)
	default:
	}
	key(fyne.Key2)
	key(fyne.KeySpace)
	if id := <-measured; id != "gil" {
		t.Fatalf("measured %s", id)
	}
	close(release)
	select {
	case <-drawn:
	case <-time.After(5 * time.Second):
		t.Fatal("the outcome was not drawn within 5 s")
	}
	screen = texts(v.Content())
	for _, want := range []string{"holds", "0.98×", "1.90×", `The class predicted "processes", the answer the lesson expects.`, "card evidence of gil from 1 runs"} {
		if !strings.Contains(screen, want) {
			t.Errorf("after the reveal the view lacks %q:\n%s", want, screen)
		}
	}
	h := v.Handout()
	if hs := h.Steps[8]; hs.Prediction != "processes" || hs.Verdict != "holds" || !strings.Contains(hs.Comparison, "the lesson expects") || h.Steps[0].Error != "not measured" {
		t.Errorf("handout step %+v", hs)
	}
	key(fyne.KeyPageDown)
	if !strings.Contains(texts(v.Content()), "Step 10 / 13") {
		t.Error("Page Down after the reveal does not go on")
	}
	key(fyne.Key1)
	key(fyne.Key2)
	key(fyne.KeyReturn)
	if v.Session().Current != 11 {
		t.Errorf("1, 2, Enter went to step %d, want 12", v.Session().Current+1)
	}
	key(fyne.KeyHome)
	if v.Session().Current != 0 {
		t.Error("Home")
	}
	closed := false
	v.OnClose = func() { closed = true }
	key(fyne.KeyEscape)
	if !closed {
		t.Error("Escape does not close the lesson")
	}
}

func TestScaleGrowsWithTheWindow(t *testing.T) {
	for _, c := range []struct {
		w, h float32
		want float32
	}{{1280, 720, 1}, {1024, 600, 1}, {1920, 1080, 1.5}, {1920, 720, 1}, {3840, 2160, 2}} {
		if got := scaleFor(fyne.NewSize(c.w, c.h)); got != c.want {
			t.Errorf("%vx%v: %v, want %v", c.w, c.h, got, c.want)
		}
	}
}

// TestEvidenceTypeFitsItsRoom: the evidence's type grows with the room it is given, and
// shrinks below the view's own only when the text would not fit otherwise.
func TestEvidenceTypeFitsItsRoom(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	v := New(model.NewState(), nil, lesson.Builtin(), "")
	scaleIn := func(w, h float32) float32 {
		box := v.fitted(widget.NewLabel("between two processes   2,697 ns (median of 9 batches)"))
		box.Resize(fyne.NewSize(w, h))
		return box.(*fyne.Container).Layout.(*fitScale).th.scale
	}
	small, large, narrow := scaleIn(700, 300), scaleIn(1100, 700), scaleIn(250, 300)
	if !(large > small && small > 1 && narrow < 1) {
		t.Errorf("type scale %.1f in 700x300, %.1f in 1100x700, %.1f in 250x300: want growing with the room, below 1 only when narrow", small, large, narrow)
	}
	if large > evidenceMaxScale {
		t.Errorf("scale %.1f over the most, %.1f", large, float32(evidenceMaxScale))
	}
}
