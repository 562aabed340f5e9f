// Package lessonview is the lesson view: one step of a lesson filling the window, its question and
// answers first and nothing of the result, then, on Reveal, the live measurement's evidence,
// verdict and key figures in large type. What a step shows and when is decided by package
// lesson (the Session); this package only draws it and turns keys and clicks into the
// Session's messages. It is given the view state and the lesson, like every tab.
package lessonview

import (
	"context"
	"os"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/taskscope/taskscope/claims"
	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/lesson"
	"github.com/taskscope/taskscope/ui/model"
)

// View is the lesson view. Its methods run on the UI goroutine.
type View struct {
	st      *model.State
	win     fyne.Window
	sess    *lesson.Session
	started time.Time
	// unpacked is the directory the built-in lesson's programs were written to ("" if none).
	unpacked string
	cancel   context.CancelFunc
	// digits holds a number being typed to jump to (ended by Enter).
	digits string

	theme    *scaledTheme
	override *container.ThemeOverride
	body     *fyne.Container
	root     fyne.CanvasObject

	// OnClose is called when the lecturer leaves the lesson (Escape, Close).
	OnClose func()
	// Evidence draws a claim's evidence from its demo runs' events, as the claim's demo card
	// draws it (nil: none). The window sets it to the Demos tab's; a tab imports no other tab.
	Evidence func(claim string, runs map[string][]demos.Event) fyne.CanvasObject
	// Measure measures a step; tests replace it with recorded outcomes.
	Measure func(ctx context.Context, l *lesson.Lesson, st lesson.Step) lesson.Outcome
	// shown, when set, is called on the UI goroutine once a measurement's outcome is drawn:
	// tests wait on it rather than read the view while it is being redrawn.
	shown func()
}

// New builds the view of lesson l on the view state, at step id ("" for the first).
func New(st *model.State, win fyne.Window, l *lesson.Lesson, id string) *View {
	v := &View{st: st, win: win, sess: lesson.NewSession(l), started: time.Now()}
	v.Measure = func(ctx context.Context, l *lesson.Lesson, s lesson.Step) lesson.Outcome {
		return lesson.Measure(ctx, l, s, lesson.Options{})
	}
	if i := l.Index(id); i >= 0 {
		v.sess.Jump(i + 1)
	}
	v.theme = &scaledTheme{base: fyne.CurrentApp().Settings().Theme(), scale: 1}
	v.body = container.NewStack()
	v.override = container.NewThemeOverride(v.body, v.theme)
	v.root = container.New(&watchSize{onSize: v.resized}, v.override)
	st.OnPresentation(func(bool) { v.restyle() })
	st.OnQuit(v.stop)
	v.show()
	return v
}

// Content is the view's object for the window.
func (v *View) Content() fyne.CanvasObject { return v.root }

// Session is the lesson's state, for the handout and tests.
func (v *View) Session() *lesson.Session { return v.sess }

// resized rescales the type to the window.
func (v *View) resized(s fyne.Size) {
	if f := scaleFor(s); f != v.theme.scale {
		v.theme.scale = f
		v.override.Refresh()
		v.show()
	}
}

// restyle follows a change of the window's theme (presentation mode).
func (v *View) restyle() {
	v.theme.base = fyne.CurrentApp().Settings().Theme()
	v.override.Refresh()
	v.show()
}

// stop cancels a measurement under way and removes the unpacked programs.
func (v *View) stop() {
	if v.cancel != nil {
		v.cancel()
		v.cancel = nil
	}
	if v.unpacked != "" {
		os.RemoveAll(v.unpacked)
		v.unpacked = ""
	}
}

// Close leaves the lesson view; the lesson keeps its state for when it is shown again. A
// measurement under way goes on and is kept.
func (v *View) Close() {
	if v.OnClose != nil {
		v.OnClose()
	}
}

// showDemo leaves the lesson for the shown claim's demo card, for a closer look.
func (v *View) showDemo() {
	st, _ := v.sess.Step()
	c, ok := claims.Lookup(st.Claim)
	if st.Kind != lesson.KindClaim || !ok || !v.st.HasDemoCard(c.Demo) {
		return
	}
	v.Close()
	v.st.ShowDemo(c.Demo)
}

// TypedKey handles a key; it reports whether the key was the lesson's.
func (v *View) TypedKey(e *fyne.KeyEvent) bool {
	s := v.sess
	typed := v.digits
	if _, ok := digitOf(e.Name); !ok {
		v.digits = "" // a number to jump to is digits typed in a row, then Enter
	}
	switch e.Name {
	case fyne.KeyPageDown, fyne.KeyRight, fyne.KeySpace, fyne.KeyDown:
		v.advance()
		return true
	case fyne.KeyPageUp, fyne.KeyLeft, fyne.KeyUp, fyne.KeyBackspace:
		s.Prev()
	case fyne.KeyHome:
		s.Home()
	case fyne.KeyEnd:
		s.End()
	case fyne.KeyS:
		s.Skip()
	case fyne.KeyR:
		v.remeasure()
		return true
	case fyne.KeyD:
		v.showDemo()
		return true
	case fyne.KeyEscape:
		v.Close()
		return true
	case fyne.KeyReturn, fyne.KeyEnter:
		if typed == "" {
			v.advance()
			return true
		}
		n, _ := strconv.Atoi(typed)
		s.Jump(n)
	default:
		d, ok := digitOf(e.Name)
		if !ok {
			return false
		}
		v.digits += strconv.Itoa(d)
		if len(v.digits) > 2 {
			v.digits = strconv.Itoa(d)
		}
		// While the class predicts, a digit is an answer; a number and Enter jump.
		if _, ss := s.Step(); ss.Phase == lesson.Asking && d >= 1 {
			s.Predict(d - 1)
		}
	}
	v.show()
	return true
}

// digitOf reads the keys 0 to 9.
func digitOf(k fyne.KeyName) (int, bool) {
	if len(k) == 1 && k[0] >= '0' && k[0] <= '9' {
		return int(k[0] - '0'), true
	}
	return 0, false
}

// choose takes answer i from a click.
func (v *View) choose(i int) {
	v.sess.Predict(i)
	v.show()
}

// advance is Reveal, or Next once revealed.
func (v *View) advance() {
	if v.sess.Advance() {
		v.measure()
	}
	v.show()
}

// remeasure measures the shown step again.
func (v *View) remeasure() {
	if v.sess.Remeasure() {
		v.measure()
	}
	v.show()
}

// measure runs the shown step's measurement off the UI goroutine; its outcome comes back
// through fyne.Do and is handed to the Session, whatever step is shown by then.
func (v *View) measure() {
	i := v.sess.Current
	l := v.sess.Lesson
	st := l.Steps[i]
	if st.Kind == lesson.KindRun && l.Dir == "" {
		dir, err := l.Unpack()
		if err != nil {
			v.sess.Measured(i, lesson.Outcome{Error: err.Error()})
			return
		}
		v.unpacked = dir
	}
	ctx, cancel := context.WithCancel(context.Background())
	v.cancel = cancel
	measure := v.Measure
	go func() {
		o := measure(ctx, l, st)
		fyne.Do(func() {
			v.sess.Measured(i, o)
			v.show()
			if v.shown != nil {
				v.shown()
			}
		})
	}()
}

// Handout is the handout of the lesson as taught so far, with the class's predictions.
func (v *View) Handout() lesson.Handout {
	return lesson.NewHandout(v.sess, claims.ReadMachine(context.Background(), ""), v.started)
}
