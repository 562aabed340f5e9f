// Package lesson turns the claims of the notes and traced programs into a lecture: a lesson
// file (TOML) lists steps in teaching order, each a question for the class with 2–4 answers,
// followed by live evidence. The package reads and checks lesson files, keeps the state of a
// lesson being taught (Session), measures a step without a window (Measure), computes the
// figures of a traced program (parallelism, overlap share) and the Timeline zoom that shows its
// threads taking turns, and writes the handout (HTML and JSON). It knows nothing of Fyne.
package lesson

import "slices"

// Kind says what a step measures.
type Kind string

// The two kinds of step.
const (
	// KindClaim: a claim of `taskscope claims`, measured by its demos, with a verdict.
	KindClaim Kind = "claim"
	// KindRun: a program, traced exactly; its figures are parallelism and overlap share.
	KindRun Kind = "run"
)

// MinAnswers and MaxAnswers bound the answers of a step's question.
const (
	MinAnswers = 2
	MaxAnswers = 4
)

// Lesson is a lesson file read and checked.
type Lesson struct {
	// Title names the lesson.
	Title string
	// File is the path the lesson was read from ("" for the built-in one before it is unpacked).
	File string
	// Dir is the directory relative paths of run steps are taken from.
	Dir string
	// Steps are in teaching order; there is at least one.
	Steps []Step
}

// Step is one step of a lesson: a question, then evidence.
type Step struct {
	// ID is unique in the lesson; a claim step without one takes its claim's ID.
	ID string
	// Kind is KindClaim or KindRun.
	Kind Kind
	// Title is the step's heading; a claim step without one takes its claim's title.
	Title string
	// Claim is the claim's ID (claim steps) and Text its wording for the class.
	Claim string
	// Text is the statement under test, in large type: the claim's text for a claim step, the
	// file's `text` for a run step (may be empty).
	Text string
	// Run is the program and its arguments (run steps), relative paths resolved against the
	// lesson's Dir when it is measured.
	Run []string
	// Question and Answers are asked before anything is measured.
	Question string
	Answers  []string
	// Expect is the index of the answer the measurement is expected to support, or -1 when the
	// file does not say. It lets the window and the handout compare the class's prediction.
	Expect int
	// LookAt is one sentence on what to look at in the evidence ("" for the default).
	LookAt string
	// Line is the line of the step's [[step]] header in its file.
	Line int
}

// Index returns the position of the step with the given ID, or -1.
func (l *Lesson) Index(id string) int {
	return slices.IndexFunc(l.Steps, func(s Step) bool { return s.ID == id })
}
