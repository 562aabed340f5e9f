package lesson

import "strconv"

// Phase is where one step of a lesson being taught stands.
type Phase int

// The phases of a step, in the order the class goes through them.
const (
	// Asking: the question and answers are shown, nothing of the result.
	Asking Phase = iota
	// Measuring: the prediction is in and the live measurement runs.
	Measuring
	// Revealed: the evidence, figures and verdict are shown.
	Revealed
)

// NoPrediction is StepState.Prediction before the class answers.
const NoPrediction = -1

// StepState is what is known of one step while the lesson is taught.
type StepState struct {
	Phase Phase
	// Prediction is the index of the class's answer, or NoPrediction.
	Prediction int
	// Skipped is true when the lecturer revealed without a prediction, on purpose.
	Skipped bool
	// Outcome is the last measurement (valid once Revealed).
	Outcome Outcome
}

// Session is a lesson being taught: which step is shown and where each stands. It changes only
// through its methods, which the window calls on keys and clicks and when a measurement comes
// back, so every path is tested without a window.
type Session struct {
	Lesson *Lesson
	// Current is the index of the step shown.
	Current int
	// Steps hold the state of each step of Lesson.
	Steps []StepState
	// Hint is one line for the lecturer when a key did nothing ("press 1–3 or S first").
	Hint string
}

// NewSession starts the lesson at its first step, nothing predicted.
func NewSession(l *Lesson) *Session {
	s := &Session{Lesson: l, Steps: make([]StepState, len(l.Steps))}
	for i := range s.Steps {
		s.Steps[i].Prediction = NoPrediction
	}
	return s
}

// Step returns the step shown and its state.
func (s *Session) Step() (Step, *StepState) { return s.Lesson.Steps[s.Current], &s.Steps[s.Current] }

// Predict takes answer i (from 0) as the class's prediction. It is refused once the result is
// being measured or shown, since the class has seen it by then.
func (s *Session) Predict(i int) bool {
	st, ss := s.Step()
	s.Hint = ""
	if ss.Phase != Asking {
		s.Hint = "the prediction is closed once the measurement has started"
		return false
	}
	if i < 0 || i >= len(st.Answers) {
		s.Hint = "no such answer"
		return false
	}
	ss.Prediction, ss.Skipped = i, false
	return true
}

// Skip lets the lecturer reveal without a prediction.
func (s *Session) Skip() {
	_, ss := s.Step()
	if ss.Phase == Asking {
		ss.Skipped, ss.Prediction = true, NoPrediction
		s.Hint = ""
	}
}

// Advance is Page Down, →, Space or a click. Asking with a prediction (or a skip): start the
// measurement, and it returns true, meaning the caller must run Measure and hand the result to
// Measured. Asking with neither: it only sets a Hint. Measuring: nothing. Revealed: the next step.
func (s *Session) Advance() (measure bool) {
	st, ss := s.Step()
	s.Hint = ""
	switch ss.Phase {
	case Asking:
		if ss.Prediction == NoPrediction && !ss.Skipped {
			s.Hint = predictHint(len(st.Answers))
			return false
		}
		ss.Phase = Measuring
		return true
	case Measuring:
		s.Hint = "still measuring"
		return false
	default:
		s.Next()
		return false
	}
}

// predictHint tells the lecturer what to press first.
func predictHint(answers int) string {
	return "take the class's prediction first: press 1–" + strconv.Itoa(answers) + ", or S to skip it"
}

// Measured hands the measurement of step i back. A result for a step no longer measuring (the
// lecturer moved on and back, or it came twice) is still kept, so nothing measured is lost.
func (s *Session) Measured(i int, o Outcome) {
	if i < 0 || i >= len(s.Steps) {
		return
	}
	s.Steps[i].Outcome = o
	s.Steps[i].Phase = Revealed
}

// Remeasure measures a revealed step again (for a spoiled measurement, or another look). It
// returns true when the caller must run Measure.
func (s *Session) Remeasure() bool {
	_, ss := s.Step()
	if ss.Phase != Revealed {
		return false
	}
	ss.Phase = Measuring
	return true
}

// Next, Prev, Home and End move between steps; Jump goes to step n (from 1), and reports
// whether there is one. A step keeps its state when left.
func (s *Session) Next() { s.goTo(s.Current + 1) }

// Prev goes to the step before.
func (s *Session) Prev() { s.goTo(s.Current - 1) }

// Home goes to the first step.
func (s *Session) Home() { s.goTo(0) }

// End goes to the last step.
func (s *Session) End() { s.goTo(len(s.Steps) - 1) }

// Jump goes to step n, counted from 1.
func (s *Session) Jump(n int) bool {
	if n < 1 || n > len(s.Steps) {
		s.Hint = "no such step"
		return false
	}
	s.goTo(n - 1)
	return true
}

func (s *Session) goTo(i int) {
	s.Hint = ""
	s.Current = min(max(i, 0), len(s.Steps)-1)
}

// Comparison says how the class's prediction compares with the answer the lesson expects:
// "" when nothing can be said (no prediction, no expected answer, or not revealed).
func (s *Session) Comparison(i int) string {
	st, ss := s.Lesson.Steps[i], s.Steps[i]
	switch {
	case ss.Phase != Revealed || ss.Outcome.Error != "":
		return ""
	case ss.Skipped || ss.Prediction == NoPrediction:
		return "No prediction was taken."
	case st.Expect < 0:
		return "The class predicted: " + st.Answers[ss.Prediction] + "."
	}
	// The expected answer is the lesson file's, not decided from this measurement: the
	// sentence says so, and a disturbed measurement is said to be one.
	var out string
	if ss.Prediction == st.Expect {
		out = "The class predicted \"" + st.Answers[ss.Prediction] + "\", the answer the lesson expects."
	} else {
		out = "The class predicted \"" + st.Answers[ss.Prediction] + "\"; the lesson expects \"" + st.Answers[st.Expect] + "\"."
	}
	if ss.Outcome.Spoiled != "" {
		out += " Check it against the figures: this measurement was disturbed."
	}
	return out
}

// Counter is the step counter, "3 / 13".
func (s *Session) Counter() string {
	return strconv.Itoa(s.Current+1) + " / " + strconv.Itoa(len(s.Steps))
}
