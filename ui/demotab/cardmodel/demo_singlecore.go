package cardmodel

import (
	"fmt"
	"strings"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
)

// SingleCorePhases are the singlecore demo's phases, in the order the bars show them.
var SingleCorePhases = []string{"alone", "pinned", "spread"}

// SingleCoreRun is what one run of the singlecore demo showed: the last rate of each phase, and
// the result once it came.
type SingleCoreRun struct {
	Core, Workers, Cores int
	Rates                map[string]demos.Event
	Result               demos.Event
}

// NewSingleCoreRun returns an empty run.
func NewSingleCoreRun() *SingleCoreRun {
	return &SingleCoreRun{Core: -1, Rates: map[string]demos.Event{}}
}

// Apply takes one event of the run and reports whether anything shown changed.
func (s *SingleCoreRun) Apply(e demos.Event) bool {
	switch e.Kind() {
	case "ready":
		s.Core, _ = e.Int("core")
		s.Workers, _ = e.Int("workers")
		s.Cores, _ = e.Int("cores")
	case "rate":
		s.Rates[e.String("phase")] = e
	case "result":
		s.Result = e
	default:
		return false
	}
	return true
}

// rate is a phase's units per second: the result's once in, else its last second's.
func (s *SingleCoreRun) rate(phase string) (float64, bool) {
	if s.Result != nil {
		return s.Result.Float(phase + "_units_per_sec")
	}
	if e, ok := s.Rates[phase]; ok {
		return e.Float("units_per_sec")
	}
	return 0, false
}

// Bars draws the three phases' throughput.
func (s *SingleCoreRun) Bars() []model.Bar {
	labels := map[string]string{"alone": "1 on one core", "pinned": "all on one core", "spread": "all on every core"}
	if s.Workers > 0 && s.Cores > 0 { // known once the run has said so
		labels["pinned"] = fmt.Sprintf("%d on one core", s.Workers)
		labels["spread"] = fmt.Sprintf("%d on %s", s.Workers, model.Plural(s.Cores, "core", "cores"))
	}
	var out []model.Bar
	for i, ph := range SingleCorePhases {
		v, ok := s.rate(ph)
		text := "not run yet"
		if ok {
			text = model.FormatCount(v) + " units/s"
			if each := s.perWorker(ph); ph != "alone" && len(each) > 0 {
				text += ", each " + strings.Join(each, ", ")
			}
		}
		out = append(out, model.Bar{Label: labels[ph], Value: v, Text: text, Tone: model.Tone(min(i, 1))})
	}
	return out
}

// perWorker is each worker's units per second in a phase: the result's once in, else the last
// second's.
func (s *SingleCoreRun) perWorker(phase string) []string {
	var raw any
	if s.Result != nil {
		raw = s.Result[phase+"_per_worker"]
	} else if e, ok := s.Rates[phase]; ok {
		raw = e["per_worker"]
	}
	list, _ := raw.([]any)
	out := make([]string, 0, len(list))
	for _, v := range list {
		if f, ok := v.(float64); ok {
			out = append(out, model.FormatCount(f))
		}
	}
	return out
}

// Verdict says in one line what the run showed.
func (s *SingleCoreRun) Verdict() string {
	alone, okA := s.rate("alone")
	pinned, okP := s.rate("pinned")
	spread, okS := s.rate("spread")
	if !okA || !okP || alone <= 0 || pinned <= 0 {
		return "Run it: the same CPU-bound workers alone, crowded onto one core, and spread over every core."
	}
	// One line, so the bars below stay on a 720-line screen.
	v := fmt.Sprintf("On one core %s took turns: %s one alone.", model.Plural(s.Workers, "worker", "workers"), model.FormatRatio(pinned, alone))
	switch {
	case okS && spread/pinned >= 1.3:
		v += fmt.Sprintf(" On %d cores: %s that.", s.Cores, model.FormatRatio(spread, pinned))
	case okS:
		v += fmt.Sprintf(" On %d cores: only %s that (cores busy).", s.Cores, model.FormatRatio(spread, pinned))
	}
	return v
}
