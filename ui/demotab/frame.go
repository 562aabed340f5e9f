package demotab

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// frame lays a card out the same way for every demo: a title, the teaching text behind a
// toggle, the controls, then the live evidence and the log. On a desk the card has Fyne's
// heading and subtitle, the text open, and everything in one column. In presentation mode the
// card must fit a 1280x720 projector without scrolling, so the heading goes (the sub-tab names
// the card), the text folds away behind its toggle, and the evidence and the log stand side
// by side (evidence left, log right).
type frame struct {
	card            *widget.Card
	title, subtitle string
	about           *widget.Button
	text            *widget.Label
	body            *columns
	// stacked keeps the body in one column on a projector too, for a card whose evidence is
	// already two columns (the browser's two models, each with its log).
	stacked bool
}

// newFrame builds a card. controls go in order above the body; evidence and logs form the
// body's two columns.
func (p *panel) newFrame(title, subtitle, text string, controls []fyne.CanvasObject, evidence, logs fyne.CanvasObject) *frame {
	f := &frame{title: title, subtitle: subtitle, text: &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}}
	f.about = &widget.Button{Text: "About", Icon: theme.InfoIcon(), Importance: widget.LowImportance}
	f.about.OnTapped = func() {
		if f.text.Visible() {
			f.text.Hide()
		} else {
			f.text.Show()
		}
		p.relayoutCard(f.card)
	}
	f.body = &columns{left: evidence, right: logs}
	// The toggle sits at the end of the first row of controls: a row of its own would cost
	// the projector a line.
	// A card without controls (the browser's are in its panes) has it beside its last part.
	var objs []fyne.CanvasObject
	if len(controls) > 0 {
		objs = append(objs, container.NewBorder(nil, nil, nil, f.about, controls[0]), f.text)
		objs = append(objs, controls[1:]...)
	} else {
		logs = container.NewBorder(nil, nil, nil, container.NewVBox(layout.NewSpacer(), f.about), logs)
		f.body.right = logs
		objs = append(objs, f.text)
	}
	// The body takes the height the controls leave, so on a large screen the log grows.
	body := container.New(f.body, evidence, logs)
	f.card = &widget.Card{Title: title, Subtitle: subtitle, Content: container.NewBorder(container.NewVBox(objs...), nil, nil, nil, body)}
	f.present(p.st.Presentation())
	p.frames = append(p.frames, f)
	return f
}

// present switches the card between its desk and projector layouts.
func (f *frame) present(on bool) {
	f.body.side = on && !f.stacked
	if on {
		// The card's sub-tab names it; the heading would cost two lines.
		f.card.Title, f.card.Subtitle = "", ""
		f.text.Hide()
	} else {
		f.card.Title, f.card.Subtitle = f.title, f.subtitle
		f.text.Show()
	}
	f.card.Refresh()
}

// columns is the body's layout: one column (evidence over the log), or, side by side, the
// evidence on the left and the log filling the right at its full height.
type columns struct {
	left, right fyne.CanvasObject
	side        bool
}

// leftShare is the evidence's share of the width when side by side.
const leftShare = 0.56

// Layout implements fyne.Layout.
func (c *columns) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	if !c.side {
		lh := c.left.MinSize().Height
		c.left.Move(fyne.NewPos(0, 0))
		c.left.Resize(fyne.NewSize(size.Width, lh))
		c.right.Move(fyne.NewPos(0, lh+pad))
		c.right.Resize(fyne.NewSize(size.Width, max(size.Height-lh-pad, c.right.MinSize().Height)))
		return
	}
	lw := max(c.left.MinSize().Width, (size.Width-pad)*leftShare)
	c.left.Move(fyne.NewPos(0, 0))
	c.left.Resize(fyne.NewSize(lw, size.Height))
	c.right.Move(fyne.NewPos(lw+pad, 0))
	c.right.Resize(fyne.NewSize(max(size.Width-lw-pad, 0), size.Height))
}

// MinSize implements fyne.Layout.
func (c *columns) MinSize([]fyne.CanvasObject) fyne.Size {
	l, r := c.left.MinSize(), c.right.MinSize()
	pad := theme.Padding()
	if !c.side {
		return fyne.NewSize(max(l.Width, r.Width), l.Height+pad+r.Height)
	}
	return fyne.NewSize(l.Width+pad+r.Width, max(l.Height, r.Height))
}
