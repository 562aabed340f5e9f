package lesson

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/taskscope/taskscope/claims"
)

// Handout is a lesson measured: what `taskscope lesson --handout` writes as HTML and, with
// --json, prints as JSON. The JSON field names are a contract (see docs/lessons.md).
type Handout struct {
	Title   string         `json:"title"`
	Host    string         `json:"host"`
	Started time.Time      `json:"started"`
	Machine claims.Machine `json:"machine"`
	Steps   []HandoutStep  `json:"steps"`
}

// HandoutStep is one step of the handout.
type HandoutStep struct {
	ID    string `json:"id"`
	Kind  Kind   `json:"kind"`
	Title string `json:"title"`
	Text  string `json:"text,omitempty"`
	// Verdict is holds, nuanced or wrong for a claim step; "" for a run step.
	Verdict string         `json:"verdict"`
	Why     string         `json:"why,omitempty"`
	Figures map[string]any `json:"figures"`
	Error   string         `json:"error,omitempty"`
	Spoiled string         `json:"spoiled,omitempty"`
	// Question, Answers and Expected (the answer the lesson file expects) are for the reader;
	// Prediction is the class's answer when the handout comes from the window.
	Question   string   `json:"question"`
	Answers    []string `json:"answers"`
	Expected   string   `json:"expected,omitempty"`
	Prediction string   `json:"prediction,omitempty"`
	// Program is the command line of a run step.
	Program []string `json:"program,omitempty"`
	// Comparison is the sentence on the class's prediction (from the window only).
	Comparison string `json:"comparison,omitempty"`
	trace      *Trace
}

// NewHandout builds the handout of lesson l from the session's states (predictions and
// outcomes); steps never measured are listed with an error saying so.
func NewHandout(s *Session, m claims.Machine, started time.Time) Handout {
	host, _ := os.Hostname()
	h := Handout{Title: s.Lesson.Title, Host: host, Started: started.UTC().Truncate(time.Second), Machine: m}
	for i, st := range s.Lesson.Steps {
		ss := s.Steps[i]
		hs := HandoutStep{ID: st.ID, Kind: st.Kind, Title: st.Title, Text: st.Text, Question: st.Question,
			Answers: st.Answers, Program: st.Run, Figures: map[string]any{}}
		if st.Expect >= 0 {
			hs.Expected = st.Answers[st.Expect]
		}
		if ss.Prediction != NoPrediction {
			hs.Prediction = st.Answers[ss.Prediction]
		}
		if ss.Phase != Revealed {
			hs.Error = "not measured"
		} else {
			o := ss.Outcome
			hs.Verdict, hs.Why, hs.Error, hs.Spoiled, hs.trace = o.Verdict, o.Why, o.Error, o.Spoiled, o.Trace
			if o.Figures != nil {
				hs.Figures = o.Figures
			}
			if ss.Prediction != NoPrediction {
				hs.Comparison = s.Comparison(i)
			}
		}
		h.Steps = append(h.Steps, hs)
	}
	return h
}

// MeasureAll measures every step of l in order, headless, calling progress (if not nil) after
// each, and returns the session with every step revealed and no predictions.
func MeasureAll(ctx context.Context, l *Lesson, o Options, progress func(i int, st Step, out Outcome)) *Session {
	s := NewSession(l)
	for i, st := range l.Steps {
		if ctx.Err() != nil {
			break
		}
		out := Measure(ctx, l, st, o)
		s.Steps[i].Skipped = true
		s.Measured(i, out)
		if progress != nil {
			progress(i, st, out)
		}
	}
	return s
}

// Failed reports how many steps have no figures to show.
func (h Handout) Failed() int {
	n := 0
	for _, s := range h.Steps {
		if s.Error != "" {
			n++
		}
	}
	return n
}

// WriteJSON writes the handout as one JSON object and a newline.
func (h Handout) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(h); err != nil {
		return fmt.Errorf("lesson: handout JSON: %w", err)
	}
	return nil
}

// machineLine describes where the lesson was measured, for the handout's header.
func (h Handout) machineLine() string {
	py := h.Machine.Python
	if py == "" {
		py = "none"
	}
	return fmt.Sprintf("%s · %d cores · Linux %s · Python %s · %s · load %.1f at the start",
		h.Host, h.Machine.Cores, h.Machine.Kernel, py, runtime.GOARCH, h.Machine.LoadAverage)
}
