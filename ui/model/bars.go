package model

// Bar is one horizontal bar of a chart: a label, the value that sets its length, and the text
// written after it (the value with its unit, or a note such as "not run"). The demo models
// build bars; widgets.BarChart only draws them.
type Bar struct {
	Label string
	Value float64
	Text  string
	// Tone picks the colour: ToneFirst the theme's primary colour, ToneSecond a second colour
	// for the other model, ToneWarning a warning colour (lost updates, crashes).
	Tone Tone
}

// Tone is the colour role of a bar.
type Tone int

// The tones of a bar.
const (
	ToneFirst Tone = iota
	ToneSecond
	ToneWarning
)
