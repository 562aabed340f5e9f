package lesson

import (
	"strings"
	"testing"
)

// threeSteps is a small lesson for the state machine: a claim step with an expected answer,
// a run step without one, another claim.
func threeSteps(t *testing.T) *Lesson {
	t.Helper()
	src := `title = "T"
[[step]]
claim = "memory"
question = "Q1?"
answers = ["a", "b", "c"]
expect = 1
[[step]]
id = "prog"
title = "P"
run = ["true"]
question = "Q2?"
answers = ["x", "y"]
[[step]]
claim = "gil"
question = "Q3?"
answers = ["a", "b"]
expect = 2
`
	l, err := Parse("t.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestSessionSteps(t *testing.T) {
	type op func(s *Session) bool
	advance := func(s *Session) bool { return s.Advance() }
	predict := func(i int) op { return func(s *Session) bool { s.Predict(i); return false } }
	skip := func(s *Session) bool { s.Skip(); return false }
	measured := func(s *Session) bool { s.Measured(s.Current, Outcome{Verdict: "holds"}); return false }
	next := func(s *Session) bool { s.Next(); return false }
	prev := func(s *Session) bool { s.Prev(); return false }
	end := func(s *Session) bool { s.End(); return false }
	home := func(s *Session) bool { s.Home(); return false }
	jump := func(n int) op { return func(s *Session) bool { s.Jump(n); return false } }
	remeasure := func(s *Session) bool { return s.Remeasure() }

	cases := []struct {
		name        string
		ops         []op
		measure     bool // what the last op returned
		current     int
		phase       Phase
		prediction  int
		hint        string
		comparison  string
		counterText string
	}{
		{name: "start", current: 0, phase: Asking, prediction: NoPrediction, counterText: "1 / 3"},
		{name: "reveal without prediction only hints", ops: []op{advance}, phase: Asking, prediction: NoPrediction, hint: "press 1–3, or S"},
		{name: "bad answer refused", ops: []op{predict(5)}, phase: Asking, prediction: NoPrediction, hint: "no such answer"},
		{name: "prediction then reveal measures", ops: []op{predict(0), advance}, measure: true, phase: Measuring, prediction: 0},
		{name: "advance while measuring does nothing", ops: []op{predict(0), advance, advance}, phase: Measuring, prediction: 0, hint: "still measuring"},
		{name: "prediction closed while measuring", ops: []op{predict(0), advance, predict(1)}, phase: Measuring, prediction: 0, hint: "closed"},
		{name: "right prediction", ops: []op{predict(0), advance, measured}, phase: Revealed, prediction: 0, comparison: "the answer the lesson expects"},
		{name: "wrong prediction", ops: []op{predict(2), advance, measured}, phase: Revealed, prediction: 2, comparison: `the lesson expects "a"`},
		{name: "skipped", ops: []op{skip, advance, measured}, phase: Revealed, prediction: NoPrediction, comparison: "No prediction"},
		{name: "advance after reveal goes on", ops: []op{skip, advance, measured, advance}, current: 1, phase: Asking, prediction: NoPrediction, counterText: "2 / 3"},
		{name: "back keeps the revealed step", ops: []op{skip, advance, measured, advance, prev}, current: 0, phase: Revealed, prediction: NoPrediction, comparison: "No prediction"},
		{name: "step without expect", ops: []op{next, predict(1), advance, measured}, current: 1, phase: Revealed, prediction: 1, comparison: "The class predicted: y."},
		{name: "end and home", ops: []op{end}, current: 2, phase: Asking, prediction: NoPrediction, counterText: "3 / 3"},
		{name: "next stops at the end", ops: []op{end, next}, current: 2, phase: Asking, prediction: NoPrediction},
		{name: "prev stops at the start", ops: []op{prev, home}, current: 0, phase: Asking, prediction: NoPrediction},
		{name: "jump", ops: []op{jump(2)}, current: 1, phase: Asking, prediction: NoPrediction},
		{name: "jump out of range", ops: []op{jump(9)}, current: 0, phase: Asking, prediction: NoPrediction, hint: "no such step"},
		{name: "remeasure revealed", ops: []op{skip, advance, measured, remeasure}, measure: true, phase: Measuring, prediction: NoPrediction},
		{name: "remeasure before reveal refused", ops: []op{remeasure}, phase: Asking, prediction: NoPrediction},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := NewSession(threeSteps(t))
			var measure bool
			for _, o := range c.ops {
				measure = o(s)
			}
			_, ss := s.Step()
			if measure != c.measure || s.Current != c.current || ss.Phase != c.phase || ss.Prediction != c.prediction {
				t.Errorf("measure %v current %d phase %d prediction %d; want %v %d %d %d",
					measure, s.Current, ss.Phase, ss.Prediction, c.measure, c.current, c.phase, c.prediction)
			}
			if c.hint == "" && s.Hint != "" || !strings.Contains(s.Hint, c.hint) {
				t.Errorf("hint %q, want %q", s.Hint, c.hint)
			}
			if got := s.Comparison(s.Current); c.comparison == "" && got != "" || !strings.Contains(got, c.comparison) {
				t.Errorf("comparison %q, want %q", got, c.comparison)
			}
			if c.counterText != "" && s.Counter() != c.counterText {
				t.Errorf("counter %q, want %q", s.Counter(), c.counterText)
			}
		})
	}
}

func TestMeasuredIsKeptAfterMovingOn(t *testing.T) {
	s := NewSession(threeSteps(t))
	s.Skip()
	s.Advance()
	s.Next() // the lecturer moves on while step 1 measures
	s.Measured(0, Outcome{Verdict: "wrong"})
	if s.Steps[0].Phase != Revealed || s.Steps[0].Outcome.Verdict != "wrong" || s.Current != 1 {
		t.Errorf("got %+v, current %d", s.Steps[0], s.Current)
	}
}
