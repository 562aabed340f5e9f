package lesson

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
)

//go:embed handout.html.tmpl
var handoutTemplate string

var handoutHTML = template.Must(template.New("handout").Funcs(template.FuncMap{
	"inc":  func(i int) int { return i + 1 },
	"join": func(s []string) string { return strings.Join(s, " ") },
}).Parse(handoutTemplate))

// htmlStep is a step as the template shows it.
type htmlStep struct {
	HandoutStep
	Keys        []KeyFigure
	LookAt      string
	Whole, Zoom template.HTML
	ZoomSpan    string
	Figures     []nameValue
}

type nameValue struct{ Name, Value string }

// WriteHTML writes the handout as one self-contained HTML page: no scripts, no outside files;
// each program's timeline is inline SVG. lookAt gives each step's sentence on what to look at
// (by ID; the lesson's own when nil).
func (h Handout) WriteHTML(w io.Writer, l *Lesson) error {
	data := struct {
		H             Handout
		Date, Machine string
		Steps         []htmlStep
	}{H: h, Date: h.Started.Format("2 January 2006, 15:04 MST"), Machine: h.machineLine()}
	for i, hs := range h.Steps {
		st := l.Steps[i]
		s := htmlStep{HandoutStep: hs, LookAt: st.LookAt}
		if s.LookAt == "" {
			s.LookAt = DefaultLookAt(st)
		}
		s.Keys = KeyFigures(st, Outcome{Figures: hs.Figures})
		if tr := hs.trace; tr != nil && tr.Wall() > 0 {
			s.Whole = TimelineSVG(tr, tr.StartNS, tr.EndNS, 900)
			from, to := TurnZoom(tr)
			s.Zoom = TimelineSVG(tr, from, to, 900)
			s.ZoomSpan = fmt.Sprintf("%s of the run, from %s", FormatOffset(to-from), FormatOffset(from-tr.StartNS))
		}
		names := make([]string, 0, len(hs.Figures))
		for k := range hs.Figures {
			names = append(names, k)
		}
		slices.Sort(names)
		for _, k := range names {
			s.Figures = append(s.Figures, nameValue{k, fmt.Sprint(hs.Figures[k])})
		}
		data.Steps = append(data.Steps, s)
	}
	if err := handoutHTML.Execute(w, data); err != nil {
		return fmt.Errorf("lesson: handout: %w", err)
	}
	return nil
}
