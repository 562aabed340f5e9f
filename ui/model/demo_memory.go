package model

import (
	"fmt"

	"github.com/taskscope/taskscope/inspect"
)

// MemTotal is the memory of one browser model: the sums over its processes.
type MemTotal struct {
	RSS, PSS, Private uint64
	Procs             int
}

// SumMemory adds up a reading per model; owners names the model of each PID.
func SumMemory(owners map[int]string, m map[int]inspect.MemoryBreakdown) map[string]MemTotal {
	sums := map[string]MemTotal{}
	for pid, b := range m {
		model, ok := owners[pid]
		if !ok {
			continue
		}
		t := sums[model]
		t.RSS += b.RSS
		t.PSS += b.PSS
		t.Private += b.Private
		t.Procs++
		sums[model] = t
	}
	return sums
}

// MemoryBars draws the two browser models' memory side by side: RSS, PSS and private, each for
// threads then processes.
func MemoryBars(mem map[string]MemTotal) []Bar {
	th, pr := mem["threads"], mem["processes"]
	mib := func(b uint64) float64 { return float64(b) / (1 << 20) }
	label := func(what, model string, t MemTotal) string {
		if t.Procs == 0 {
			return what + ", " + model
		}
		return fmt.Sprintf("%s, %s (%s)", what, model, Plural(t.Procs, "process", "processes"))
	}
	text := func(b uint64) string {
		if b == 0 {
			return "not measured yet: launch this model"
		}
		return FormatBytes(b)
	}
	var bars []Bar
	for _, m := range []struct {
		what string
		get  func(MemTotal) uint64
	}{
		{"RSS", func(t MemTotal) uint64 { return t.RSS }},
		{"PSS", func(t MemTotal) uint64 { return t.PSS }},
		{"Private", func(t MemTotal) uint64 { return t.Private }},
	} {
		bars = append(bars,
			Bar{Label: label(m.what, "threads", th), Value: mib(m.get(th)), Text: text(m.get(th)), Tone: ToneFirst},
			Bar{Label: label(m.what, "processes", pr), Value: mib(m.get(pr)), Text: text(m.get(pr)), Tone: ToneSecond})
	}
	return bars
}
