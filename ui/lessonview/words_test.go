package lessonview

import (
	"encoding/json"
	"fmt"
	"image/color"
	"math"
	"os"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/lesson"
	"github.com/taskscope/taskscope/ui/model"
	"github.com/taskscope/taskscope/ui/widgets"
)

// recordedOutcome is one step of testdata/revealed.json: what `taskscope lesson --handout
// --json --quick` measured for it on a busy machine, so every sentence is as long as it gets
// (the reasons name the other load, the comparison says the measurement was disturbed).
type recordedOutcome struct {
	ID      string         `json:"id"`
	Verdict string         `json:"verdict"`
	Why     string         `json:"why"`
	Spoiled string         `json:"spoiled"`
	Figures map[string]any `json:"figures"`
}

func readRecorded(t *testing.T) map[string]recordedOutcome {
	t.Helper()
	b, err := os.ReadFile("testdata/revealed.json")
	if err != nil {
		t.Fatal(err)
	}
	var steps []recordedOutcome
	if err := json.Unmarshal(b, &steps); err != nil {
		t.Fatalf("testdata/revealed.json: %v", err)
	}
	out := map[string]recordedOutcome{}
	for _, s := range steps {
		out[s.ID] = s
	}
	return out
}

// turnsTrace is a traced program's stand-in: two threads taking turns for a second.
func turnsTrace() *lesson.Trace {
	const ms = int64(1e6)
	tr := &lesson.Trace{EndNS: 1000 * ms, Exact: true, Cores: 2, Threads: make([]lesson.Thread, 2)}
	for at := int64(0); at < 1000*ms; at += 10 * ms {
		th := &tr.Threads[(at/(10*ms))%2]
		th.Runs = append(th.Runs, lesson.Span{Start: at, End: at + 10*ms})
	}
	return tr
}

// longestWrongAnswer is the prediction that makes the longest comparison: the longest answer
// the lesson does not expect (any answer when it expects none).
func longestWrongAnswer(st lesson.Step) int {
	best := 0
	for i, a := range st.Answers {
		if i != st.Expect && (best == st.Expect || utf8.RuneCountInString(a) > utf8.RuneCountInString(st.Answers[best])) {
			best = i
		}
	}
	return best
}

// reveal shows step i of the view revealed with the recorded outcome, after the class's
// longest wrong prediction.
func reveal(t *testing.T, v *View, i int, rec map[string]recordedOutcome) {
	t.Helper()
	st := v.sess.Lesson.Steps[i]
	r, ok := rec[st.ID]
	if !ok {
		t.Fatalf("testdata/revealed.json has no step %s", st.ID)
	}
	o := lesson.Outcome{Verdict: r.Verdict, Why: r.Why, Spoiled: r.Spoiled, Figures: r.Figures}
	if st.Kind == lesson.KindRun {
		o.Trace = turnsTrace()
	} else {
		o.Runs = map[string][]demos.Event{"run": {{"event": "result"}}}
	}
	v.sess.Jump(i + 1)
	v.sess.Predict(longestWrongAnswer(st))
	if !v.sess.Advance() {
		t.Fatalf("step %s: Reveal did not ask for a measurement", st.ID)
	}
	v.sess.Measured(i, o)
	v.show()
}

// scrolls lists the scroll containers under o.
func scrolls(o fyne.CanvasObject) []*container.Scroll {
	var out []*container.Scroll
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if s, ok := o.(*container.Scroll); ok {
			out = append(out, s)
			walk(s.Content)
			return
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
	return out
}

// bodyTexts lists the wrapped paragraphs under o at the body text size.
func bodyTexts(o fyne.CanvasObject) []*widget.RichText {
	var out []*widget.RichText
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if r, ok := o.(*widget.RichText); ok {
			if s, ok := r.Segments[0].(*widget.TextSegment); ok && s.Style.SizeName == theme.SizeNameText {
				out = append(out, r)
			}
			return
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
	return out
}

// paragraphs is the box of the words' paragraphs under o, or nil.
func paragraphs(o fyne.CanvasObject) *fyne.Container {
	if c, ok := o.(*fyne.Container); ok {
		if len(c.Objects) >= 2 {
			if _, ok := c.Objects[1].(*widget.RichText); ok {
				return c
			}
		}
		for _, k := range c.Objects {
			if p := paragraphs(k); p != nil {
				return p
			}
		}
	}
	if w, ok := o.(fyne.Widget); ok {
		if _, ok := w.(*widget.RichText); ok {
			return nil
		}
		for _, k := range test.WidgetRenderer(w).Objects() {
			if p := paragraphs(k); p != nil {
				return p
			}
		}
	}
	return nil
}

// evidenceText is the body text size of the fitted evidence under o, or 0 if there is none.
func evidenceText(o fyne.CanvasObject) float32 {
	if c, ok := o.(*fyne.Container); ok {
		if f, ok := c.Layout.(*fitScale); ok {
			return f.th.Size(theme.SizeNameText)
		}
		for _, k := range c.Objects {
			if s := evidenceText(k); s > 0 {
				return s
			}
		}
	}
	if w, ok := o.(fyne.Widget); ok {
		for _, k := range test.WidgetRenderer(w).Objects() {
			if s := evidenceText(k); s > 0 {
				return s
			}
		}
	}
	return 0
}

// standInEvidence is a claim's evidence as wide as the demo cards' widest: the three bars of
// the GIL claim's chart, each under its label.
func standInEvidence(claim string, runs map[string][]demos.Event) fyne.CanvasObject {
	return container.NewVBox(
		&widget.Label{Text: "Speed-up over one worker (full bar: every core busy)", TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord},
		widget.NewLabel("2 threads (GIL)    0.98x one worker"), widget.NewLabel("2 processes    1.23x one worker"),
		widget.NewLabel("2 threads, I/O waits    2.03x one worker"))
}

// menuBar is the height of the window's menu bar in normal mode (presentation mode hides it),
// as the real window draws it under Xvfb: the lesson view has that much less height.
const menuBar = 28

// TestRevealedWordsFitTheWindow: at a projector's 1280x720 and at 1920x1080, in normal and in
// presentation mode, the words beside every revealed step's evidence (verdict, key figures,
// what to look at, the class's prediction, the reason) fit the height they are given, so
// nothing needs a scroll, and their type is no smaller than the view's body text, unless the
// evidence's beside them is smaller still.
func TestRevealedWordsFitTheWindow(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	rec := readRecorded(t)
	l := lesson.Builtin()
	for _, presentation := range []bool{false, true} {
		a.Settings().SetTheme(widgets.ThemeFor(presentation))
		for _, size := range []fyne.Size{{Width: 1280, Height: 720}, {Width: 1920, Height: 1080}} {
			if !presentation {
				size.Height -= menuBar
			}
			w := test.NewWindow(nil)
			v := New(model.NewState(), w, l, "")
			v.Evidence = standInEvidence
			w.SetContent(v.Content())
			w.Resize(size)
			for i, st := range l.Steps {
				name := fmt.Sprintf("presentation=%v %vx%v %s", presentation, size.Width, size.Height, st.ID)
				reveal(t, v, i, rec)
				w.Content().Refresh() // lays the new step out once, as the window's next frame would
				ss := scrolls(v.Content())
				if len(ss) != 1 {
					t.Errorf("%s: %d scroll containers, want the words' one", name, len(ss))
					continue
				}
				s := ss[0]
				need, have := s.Content.MinSize(), s.Size()
				if need.Height > have.Height || need.Width > have.Width {
					t.Errorf("%s: the words need %.0fx%.0f, have %.0fx%.0f", name, need.Width, need.Height, have.Width, have.Height)
				}
				// Each paragraph has the height its lines need, below the one before it.
				box := paragraphs(s.Content)
				if box == nil {
					t.Errorf("%s: no paragraphs beside the evidence", name)
				} else {
					bottom := float32(0)
					for k, o := range box.Objects {
						if o.Position().Y < bottom || o.Size().Height < o.MinSize().Height {
							t.Errorf("%s: paragraph %d at y %.0f, height %.0f (needs %.0f), the one above ends at %.0f", name, k, o.Position().Y, o.Size().Height, o.MinSize().Height, bottom)
						}
						bottom = o.Position().Y + o.Size().Height
					}
				}
				// Smaller than the view's type only where the evidence's is smaller still.
				body := v.theme.Size(theme.SizeNameText)
				if e := evidenceText(v.Content()); e > 0 {
					body = min(body, e)
				}
				texts := bodyTexts(s.Content)
				if len(texts) > 0 {
					t.Logf("%s: words %.0fx%.0f of %.0fx%.0f, type %.1f (view %.1f, evidence %.1f)", name, need.Width, need.Height, have.Width, have.Height,
						theme.SizeForWidget(theme.SizeNameText, texts[0]), v.theme.Size(theme.SizeNameText), evidenceText(v.Content()))
				}
				if len(texts) == 0 {
					t.Errorf("%s: no words beside the evidence", name)
				}
				for _, r := range texts {
					if got := theme.SizeForWidget(theme.SizeNameText, r); got < body {
						t.Errorf("%s: %q at %.1f, smaller than the view's body text or the evidence's, %.1f", name, r.String(), got, body)
					}
				}
			}
			w.Close()
		}
	}
}

// TestFitWordsBalancesBothSides: the words take the width at which the smaller type on the
// screen, theirs or the evidence's, is largest; their type never goes below the evidence's,
// nor above the view's.
func TestFitWordsBalancesBothSides(t *testing.T) {
	const total = 1000
	// Wrapped words: their height goes down as their width goes up, and with their type.
	wrapped := func(area float32) func(w, s float32) float32 {
		return func(w, s float32) float32 { return area / w * s * s }
	}
	// The evidence's type shrinks with the width the words take.
	shrinking := func(per float32) func(w float32) float32 {
		return func(w float32) float32 { return (total - w) / per }
	}
	fixed := func(float32) float32 { return 1 }
	for _, c := range []struct {
		name         string
		height       float32
		need         func(w, s float32) float32
		evidence     func(w float32) float32
		width, scale float32
		fits         bool
	}{
		{"short words keep the least width", 700, wrapped(100 * 470), shrinking(400), 470, 1, true},
		{"longer words widen while the evidence stays larger", 700, wrapped(400 * 1000), shrinking(400), 590, 1, true},
		{"both sides' type shrinks a little rather than one a lot", 700, wrapped(400 * 1000), shrinking(500), 530, 0.95, true},
		{"too long: widest, at the evidence's type", 300, wrapped(400 * 1000), shrinking(500), 640, 0.72, false},
		{"lanes keep the view's type: no smaller words", 500, wrapped(400 * 1000), fixed, 640, 1, false},
		{"lanes: widen to fit", 700, wrapped(400 * 1000), fixed, 590, 1, true},
	} {
		w, s, ok := fitWords(total, c.height, c.need, c.evidence)
		if math.Abs(float64(w-c.width)) > 0.5 || math.Abs(float64(s-c.scale)) > 0.001 || ok != c.fits {
			t.Errorf("%s: width %.1f, scale %.3f, fits %v; want %.0f, %.2f, %v", c.name, w, s, ok, c.width, c.scale, c.fits)
		}
	}
}

// TestFlowSharesLines: key figures share a line while they fit its width, and the flow is as
// tall as its lines.
func TestFlowSharesLines(t *testing.T) {
	a := test.NewApp()
	defer a.Quit()
	box := func(w, h float32) fyne.CanvasObject {
		r := canvas.NewRectangle(color.Black)
		r.SetMinSize(fyne.NewSize(w, h))
		return r
	}
	objs := []fyne.CanvasObject{box(100, 50), box(200, 30), box(200, 30), box(150, 30)}
	f := &flow{gap: func() float32 { return 10 }}
	c := container.New(f, objs...)
	for _, tc := range []struct {
		width, height float32
		rows          int
	}{{1000, 50, 1}, {520, 50 + 30, 2}, {320, 50 + 30 + 30, 3}, {100, 50 + 30*3, 4}} {
		c.Resize(fyne.NewSize(tc.width, 400))
		if got := c.MinSize().Height; got != tc.height {
			t.Errorf("width %.0f: height %.0f, want %.0f", tc.width, got, tc.height)
		}
		if rows := len(f.rows(objs, tc.width)); rows != tc.rows {
			t.Errorf("width %.0f: %d rows, want %d", tc.width, rows, tc.rows)
		}
	}
	// A shorter object stands on its row's bottom, beside the taller one.
	c.Resize(fyne.NewSize(1000, 400))
	if p := objs[1].Position(); p.Y != 20 || p.X != 110 {
		t.Errorf("second object at %v, want (110, 20)", p)
	}
}
