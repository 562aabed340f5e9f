package model

import (
	"fmt"

	"github.com/taskscope/taskscope/demos"
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
func (s *SingleCoreRun) Bars() []Bar {
	labels := map[string]string{
		"alone":  "1 worker alone on one core",
		"pinned": fmt.Sprintf("%s on that one core", Plural(s.Workers, "worker", "workers")),
		"spread": fmt.Sprintf("%s on all %d cores", Plural(s.Workers, "worker", "workers"), s.Cores),
	}
	var out []Bar
	for i, ph := range SingleCorePhases {
		v, ok := s.rate(ph)
		text := "not run yet"
		if ok {
			text = FormatCount(v) + " units/s"
			if e, ok := s.Rates[ph]; ok && ph != "alone" {
				text += fmt.Sprintf("  each: %v", e["per_worker"])
			}
		}
		out = append(out, Bar{Label: labels[ph], Value: v, Text: text, Tone: Tone(min(i, 1))})
	}
	return out
}

// Verdict says in words what the run showed.
func (s *SingleCoreRun) Verdict() string {
	alone, okA := s.rate("alone")
	pinned, okP := s.rate("pinned")
	spread, okS := s.rate("spread")
	if !okA || !okP || alone <= 0 || pinned <= 0 {
		return "Run it: the same CPU-bound workers alone, crowded onto one core, and spread over every core."
	}
	v := fmt.Sprintf("On one core %s all ran, taking turns in time slices, and together did %s what one did alone.",
		Plural(s.Workers, "worker", "workers"), FormatRatio(pinned, alone))
	if okS {
		v += fmt.Sprintf(" Spread over %d cores they did %s as much: only more cores add speed.", s.Cores, FormatRatio(spread, pinned))
	}
	return v
}
