package lesson

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/taskscope/taskscope/claims"
)

func TestHandoutJSONAndHTML(t *testing.T) {
	l := threeSteps(t)
	s := NewSession(l)
	s.Predict(1)
	s.Advance()
	s.Measured(0, Outcome{Verdict: "holds", Why: "because", Figures: map[string]any{"other_tabs": int64(3),
		"threads_other_tabs_saw_write": int64(3), "processes_other_tabs_saw_write": int64(0)}})
	s.Next()
	s.Skip()
	s.Advance()
	tr := alternating(2, 5*ms, 500*ms)
	s.Measured(1, Outcome{Trace: tr, Figures: RunFigures(tr), Spoiled: "busy"})
	// Step 3 is never measured.
	h := NewHandout(s, claims.Machine{Cores: 2, Kernel: "6.1"}, time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC))

	var js bytes.Buffer
	if err := h.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Title   string
		Host    string
		Started string
		Steps   []struct {
			ID, Kind, Title, Verdict, Error, Prediction, Comparison string
			Figures                                                 map[string]any
		}
	}
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Title != "T" || got.Started != "2026-12-07T10:00:00Z" || len(got.Steps) != 3 {
		t.Fatalf("got %+v", got)
	}
	if st := got.Steps[0]; st.ID != "memory" || st.Kind != "claim" || st.Verdict != "holds" || st.Prediction != "b" || !strings.Contains(st.Comparison, `the lesson expects "a"`) {
		t.Errorf("claim step %+v", st)
	}
	if st := got.Steps[1]; st.Kind != "run" || st.Figures["parallelism"] != 1.0 || st.Figures["overlap_share"] != 0.0 ||
		st.Figures["threads"] != 2.0 || st.Figures["wall_s"] != 0.5 || st.Figures["exact"] != true || st.Comparison != "" {
		t.Errorf("run step %+v", st)
	}
	if st := got.Steps[2]; st.Error != "not measured" || st.Verdict != "" {
		t.Errorf("unmeasured step %+v", st)
	}
	if h.Failed() != 1 {
		t.Errorf("failed %d", h.Failed())
	}

	var page bytes.Buffer
	if err := h.WriteHTML(&page, l); err != nil {
		t.Fatal(err)
	}
	html := page.String()
	for _, want := range []string{"<svg", "holds", "Threads of one process share", "the class&#39;s prediction", "Take these figures with care: busy", "Not measured: not measured", "2 cores"} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "src=", "href=\"http"} {
		if strings.Contains(html, bad) {
			t.Errorf("the page is not self-contained: %q", bad)
		}
	}
	if strings.Count(html, "<svg") != 2 {
		t.Errorf("%d drawings, want the run step's two (whole run, zoomed)", strings.Count(html, "<svg"))
	}
}

func TestKeyFigures(t *testing.T) {
	l := threeSteps(t)
	run := KeyFigures(l.Steps[1], Outcome{Figures: map[string]any{"parallelism": 1.97, "overlap_share": 0.972, "wall_s": 1.2}})
	if len(run) != 3 || run[0].Value != "1.97 cores" || run[1].Value != "97%" || run[2].Value != "1.20 s" {
		t.Errorf("run %+v", run)
	}
	race := KeyFigures(l.Steps[1], Outcome{Figures: map[string]any{"lost": 5999.0, "expected": 8000.0, "parallelism": 1.0}})
	if len(race) != 3 || race[0].Value != "5,999" || race[0].Label != "updates lost" {
		t.Errorf("race %+v", race)
	}
	one := KeyFigures(l.Steps[1], Outcome{Figures: map[string]any{"lost": 1.0, "expected": 8000.0}})
	if len(one) < 1 || one[0].Label != "update lost" {
		t.Errorf("a count of one: %+v", one)
	}
	claim := KeyFigures(l.Steps[2], Outcome{Figures: map[string]any{"threads_speedup": 0.98, "processes_speedup": 1.9}})
	if len(claim) != 2 || claim[0].Value != "0.98×" {
		t.Errorf("claim %+v", claim)
	}
}

// TestSingularLabelsNameFigures keeps the singular forms tied to labels that exist: a label
// renamed in keyFigures would otherwise lose its singular without a sound.
func TestSingularLabelsNameFigures(t *testing.T) {
	labels := map[string]bool{"updates lost": true} // the race's figure, added by KeyFigures
	for _, specs := range keyFigures {
		for _, s := range specs {
			labels[s.label] = true
		}
	}
	for plural := range singularLabels {
		if !labels[plural] {
			t.Errorf("singularLabels names %q, which no key figure uses", plural)
		}
	}
}
