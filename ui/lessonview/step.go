package lessonview

import (
	"fmt"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/taskscope/taskscope/claims"
	"github.com/taskscope/taskscope/lesson"
)

// verdictColors are the verdicts' colors, readable on black and on white.
var verdictColors = map[string]color.NRGBA{
	"holds":   {0x2e, 0xb8, 0x4b, 0xff},
	"nuanced": {0xf0, 0x9a, 0x1a, 0xff},
	"wrong":   {0xf0, 0x3c, 0x32, 0xff},
}

// text is a wrapped paragraph at a theme text size.
func text(s string, size fyne.ThemeSizeName, style fyne.TextStyle) *widget.RichText {
	seg := &widget.TextSegment{Text: s, Style: widget.RichTextStyle{SizeName: size, TextStyle: style}}
	rt := widget.NewRichText(seg)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// big is one line of large type, scale times the body text, in color c (nil: foreground).
func (v *View) big(s string, scale float32, c color.Color, bold bool) *canvas.Text {
	if c == nil {
		c = v.theme.Color(theme.ColorNameForeground, fyne.CurrentApp().Settings().ThemeVariant())
	}
	t := canvas.NewText(s, c)
	t.TextSize = v.theme.Size(theme.SizeNameText) * scale
	t.TextStyle.Bold = bold
	return t
}

// show draws the shown step as the Session has it.
func (v *View) show() {
	st, ss := v.sess.Step()
	s := v.sess

	counter := widget.NewLabelWithStyle("Step "+s.Counter()+" · "+s.Lesson.Title, fyne.TextAlignLeading, fyne.TextStyle{})
	counter.Truncation = fyne.TextTruncateEllipsis
	hint := widget.NewLabelWithStyle(s.Hint, fyne.TextAlignTrailing, fyne.TextStyle{Italic: true})
	// A spoiled measurement says so in the corner, where it costs no line of the evidence.
	if o := ss.Outcome; s.Hint == "" && ss.Phase == lesson.Revealed && o.Spoiled != "" {
		hint.SetText("Careful: " + o.Spoiled + ". R measures again.")
		hint.Importance = widget.WarningImportance
	}
	top := container.NewBorder(nil, nil, nil, hint, counter)

	parts := []fyne.CanvasObject{text(st.Title, theme.SizeNameHeadingText, fyne.TextStyle{Bold: true})}
	if st.Text != "" {
		parts = append(parts, text(st.Text, theme.SizeNameSubHeadingText, fyne.TextStyle{Italic: true}))
	}
	var center fyne.CanvasObject
	switch ss.Phase {
	case lesson.Asking:
		parts = append(parts, text(st.Question, theme.SizeNameSubHeadingText, fyne.TextStyle{Bold: true}), v.answers(st, ss))
	case lesson.Measuring:
		parts = append(parts, v.predictionLine(st, ss),
			text("Measuring live on this machine…", theme.SizeNameSubHeadingText, fyne.TextStyle{Bold: true}),
			widget.NewProgressBarInfinite())
	case lesson.Revealed:
		var below fyne.CanvasObject
		parts, below = v.evidence(st, ss, parts)
		center = below
	}
	// Text scrolls rather than run under the buttons, should a lecturer's step be long; a
	// program's timeline takes what room is left below its text.
	var mid fyne.CanvasObject = container.NewVScroll(container.NewVBox(parts...))
	if center != nil {
		mid = container.NewBorder(container.NewVBox(parts...), nil, nil, nil, center)
	}
	v.body.Objects = []fyne.CanvasObject{container.NewPadded(container.NewBorder(top, v.buttons(ss), nil, nil, mid))}
	// The override, not only the body, is refreshed: that hands the lesson's theme to the new
	// step's widgets, which would otherwise measure their words at the window's size.
	v.override.Refresh()
	if v.win != nil {
		v.win.Canvas().Unfocus() // a clicked button would otherwise take Space for itself
	}
}

// answers are the step's answers as buttons, 1 to 4; the class's choice is highlighted.
func (v *View) answers(st lesson.Step, ss *lesson.StepState) fyne.CanvasObject {
	var objs []fyne.CanvasObject
	for i, a := range st.Answers {
		// The answer's text is a label over an empty button: a button's own text keeps the
		// window theme's size, where the label takes the lesson's larger type.
		b := &widget.Button{OnTapped: func() { v.choose(i) }}
		style := fyne.TextStyle{}
		mark := "   "
		if ss.Prediction == i {
			b.Importance = widget.HighImportance
			style.Bold = true
			mark = " ✔ "
		}
		l := text(strconv.Itoa(i+1)+mark+a, theme.SizeNameSubHeadingText, style)
		if ss.Prediction == i {
			l.Segments[0].(*widget.TextSegment).Style.ColorName = theme.ColorNameForegroundOnPrimary
		}
		objs = append(objs, container.NewStack(b, l))
	}
	if ss.Skipped {
		objs = append(objs, widget.NewLabel("Prediction skipped: press Page Down to measure."))
	}
	return container.NewVBox(objs...)
}

// predictionLine recalls the question and the class's answer once the answers are hidden.
func (v *View) predictionLine(st lesson.Step, ss *lesson.StepState) fyne.CanvasObject {
	p := "no prediction"
	if ss.Prediction != lesson.NoPrediction {
		p = "the class said \"" + st.Answers[ss.Prediction] + "\""
	}
	l := widget.NewLabel(st.Question + " — " + p)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// evidence adds the verdict, key figures and sentences to parts, and returns what fills the
// rest of the window: the evidence (a program's zoomed timeline, or a claim's evidence as its
// demo card draws it) with the verdict, figures and words beside it, or nothing.
func (v *View) evidence(st lesson.Step, ss *lesson.StepState, parts []fyne.CanvasObject) ([]fyne.CanvasObject, fyne.CanvasObject) {
	o := ss.Outcome
	if o.Error != "" {
		return append(parts, text("Could not measure: "+o.Error, theme.SizeNameText, fyne.TextStyle{Bold: true})), nil
	}
	look := st.LookAt
	if look == "" {
		look = lesson.DefaultLookAt(st)
	}
	lookAt := text(look, theme.SizeNameText, fyne.TextStyle{})
	var compare fyne.CanvasObject
	if c := v.sess.Comparison(v.sess.Current); c != "" {
		compare = text(c, theme.SizeNameText, fyne.TextStyle{Bold: true})
	}
	why := o.Why
	var ev fyne.CanvasObject
	switch {
	case o.Trace != nil && o.Trace.Wall() > 0:
		from, to := lesson.TurnZoom(o.Trace)
		cap := widget.NewLabel(fmt.Sprintf("Each bar is a thread on a CPU: %s of the %s run, where the threads' turns show.",
			lesson.FormatOffset(to-from), lesson.FormatOffset(o.Trace.Wall())))
		cap.Wrapping = fyne.TextWrapWord
		ev = container.NewBorder(cap, nil, nil, nil, newLanes(o.Trace, from, to))
		why = "" // a run's reason repeats its figures
	case v.Evidence != nil && len(o.Runs) > 0:
		if card := v.Evidence(st.Claim, o.Runs); card != nil {
			ev = v.fitted(card)
		}
	}
	if ev != nil {
		// The evidence takes the larger part of the step, from below the claim down; the
		// verdict, the figures and the words stand beside it, as wide as they need to be to
		// fit the height without a scroll (see columns). Under a row of figures the evidence
		// would have too little height at 1280x720. The verdict and the figures share lines
		// where they fit: presentation mode's type at 1280x720 leaves room for few lines.
		w := v.newWords()
		var figs []fyne.CanvasObject
		if o.Verdict != "" {
			figs = append(figs, w.big(o.Verdict, 1.9, verdictColors[o.Verdict], true))
		}
		for _, k := range lesson.KeyFigures(st, o) {
			figs = append(figs, container.New(layout.NewCustomPaddedHBoxLayout(theme.Padding()), w.big(k.Value, 1.4, nil, true), container.NewCenter(w.big(k.Label, 1, nil, false))))
		}
		// What to look at first: it is about the evidence beside it.
		side := []fyne.CanvasObject{container.New(&flow{gap: w.figureGap}, figs...), lookAt}
		if compare != nil {
			side = append(side, compare)
		}
		if why != "" {
			side = append(side, text(why, theme.SizeNameText, fyne.TextStyle{}))
		}
		w.set(side...)
		return parts, container.New(&columns{words: w}, ev, container.NewVScroll(w.over))
	}
	var row []fyne.CanvasObject
	if o.Verdict != "" {
		row = append(row, v.big(o.Verdict, 2.6, verdictColors[o.Verdict], true))
	}
	for _, k := range lesson.KeyFigures(st, o) {
		row = append(row, container.NewVBox(v.big(k.Value, 2.2, nil, true), v.big(k.Label, 1, nil, false)))
	}
	if len(row) > 0 {
		parts = append(parts, container.NewHBox(spaced(row)...))
	}
	if compare != nil {
		parts = append(parts, compare)
	}
	parts = append(parts, lookAt)
	if why != "" {
		parts = append(parts, text(why, theme.SizeNameText, fyne.TextStyle{}))
	}
	return parts, nil
}

// spaced puts a gap between the objects of a row.
func spaced(objs []fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for i, o := range objs {
		if i > 0 {
			out = append(out, widget.NewLabel("   "))
		}
		out = append(out, o)
	}
	return out
}

// buttons are the step's actions, each named with its key.
func (v *View) buttons(ss *lesson.StepState) fyne.CanvasObject {
	back := &widget.Button{Text: "Back (PgUp)", Icon: theme.NavigateBackIcon(), OnTapped: func() { v.sess.Prev(); v.show() }}
	next := &widget.Button{Text: "Next (PgDn)", Icon: theme.NavigateNextIcon(), IconPlacement: widget.ButtonIconTrailingText, Importance: widget.HighImportance, OnTapped: v.advance}
	objs := []fyne.CanvasObject{back}
	switch ss.Phase {
	case lesson.Asking:
		next.Text = "Reveal (PgDn)"
		objs = append(objs, &widget.Button{Text: "Skip prediction (S)", OnTapped: func() { v.sess.Skip(); v.show() }})
	case lesson.Measuring:
		next.Disable()
	case lesson.Revealed:
		objs = append(objs, &widget.Button{Text: "Measure again (R)", Icon: theme.ViewRefreshIcon(), OnTapped: v.remeasure})
		st, _ := v.sess.Step()
		if c, ok := claims.Lookup(st.Claim); ok && v.st.HasDemoCard(c.Demo) {
			objs = append(objs, &widget.Button{Text: "Demo (D)", Icon: theme.MediaPlayIcon(), OnTapped: v.showDemo})
		}
	}
	objs = append(objs, next, layout.NewSpacer(),
		&widget.Button{Text: "Handout…", Icon: theme.DocumentSaveIcon(), OnTapped: v.saveHandout},
		&widget.Button{Text: "Close (Esc)", Icon: theme.CancelIcon(), OnTapped: v.Close})
	return container.NewHBox(objs...)
}

// saveHandout asks where to write the handout of the lesson as taught, with the class's
// predictions, and writes it.
func (v *View) saveHandout() {
	if v.win == nil {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		defer w.Close()
		if err := v.Handout().WriteHTML(w, v.sess.Lesson); err != nil {
			dialog.ShowError(err, v.win)
		}
	}, v.win)
	d.SetFileName("handout.html")
	d.Show()
}
