package cardmodel

import (
	"fmt"

	"github.com/taskscope/taskscope/inspect"
	"github.com/taskscope/taskscope/ui/model"
)

// MemTotal is the memory of one browser model: the sums over its processes, with the number
// of tabs open when it was read.
type MemTotal struct {
	RSS, PSS, Private uint64
	Procs             int
	Tabs              int
}

// MemRecord is what the browser card keeps of one model's memory. Launch is the last reading
// taken while every tab launched was still open: the figure two models can be compared by, as
// long as both were launched with as many tabs. Now is the newest reading, whatever has
// crashed or closed since. Ended says the run is over, so both are stale.
type MemRecord struct {
	Launch, Now MemTotal
	Launched    int // tabs at launch
	Ended       bool
}

// SumMemory adds up a reading per model; owners names the model of each PID.
func SumMemory(owners map[int]string, m map[int]inspect.MemoryBreakdown) map[string]MemTotal {
	sums := map[string]MemTotal{}
	for pid, b := range m {
		name, ok := owners[pid]
		if !ok {
			continue
		}
		t := sums[name]
		t.RSS += b.RSS
		t.PSS += b.PSS
		t.Private += b.Private
		t.Procs++
		sums[name] = t
	}
	return sums
}

// Record takes a reading of a running model with tabs open.
func (r *MemRecord) Record(t MemTotal, tabs int) {
	t.Tabs = tabs
	r.Now, r.Ended = t, false
	if tabs == r.Launched {
		r.Launch = t
	}
}

// Start begins a new run of launched tabs: earlier figures no longer count.
func (r *MemRecord) Start(launched int) { *r = MemRecord{Launched: launched} }

// MemoryBars compares the two browser models like with like: each model's figures with every
// launched tab open, side by side, for RSS, PSS and private memory. When the two were launched
// with different numbers of tabs the comparison says so instead of drawing unequal runs as
// equals; a figure of a run that has ended says it is the last one read; and a run that has
// lost tabs since shows what it holds now beside its launch figure.
func MemoryBars(recs map[string]MemRecord) (bars []model.Bar, note string) {
	th, pr := recs["threads"], recs["processes"]
	mib := func(b uint64) float64 { return float64(b) / (1 << 20) }
	comparable := th.Launch.Tabs == pr.Launch.Tabs || th.Launch.Procs == 0 || pr.Launch.Procs == 0
	switch {
	case th.Launch.Procs > 0 && pr.Launch.Procs > 0 && !comparable:
		note = fmt.Sprintf("Not comparable: threads ran %s, processes %s. Launch both with the same number of tabs.",
			model.Plural(th.Launch.Tabs, "tab", "tabs"), model.Plural(pr.Launch.Tabs, "tab", "tabs"))
	case th.Launch.Procs > 0 && pr.Launch.Procs > 0:
		note = fmt.Sprintf("Both with %s open, as launched.", model.Plural(th.Launch.Tabs, "tab", "tabs"))
	}
	text := func(r MemRecord, get func(MemTotal) uint64) string {
		if r.Launch.Procs == 0 {
			return "not measured yet: launch this model"
		}
		s := model.FormatBytes(get(r.Launch))
		switch {
		case r.Ended:
			s += " (last run, ended)"
		case r.Now.Tabs != r.Launch.Tabs:
			s += fmt.Sprintf(" (now %s: %s)", model.Plural(r.Now.Tabs, "tab", "tabs"), model.FormatBytes(get(r.Now)))
		}
		return s
	}
	label := func(what, name string, r MemRecord) string {
		if r.Launch.Procs == 0 {
			return what + ", " + name
		}
		return fmt.Sprintf("%s, %s (%s)", what, name, model.Plural(r.Launch.Procs, "process", "processes"))
	}
	for _, m := range []struct {
		what string
		get  func(MemTotal) uint64
	}{
		{"RSS", func(t MemTotal) uint64 { return t.RSS }},
		{"PSS", func(t MemTotal) uint64 { return t.PSS }},
		{"Private", func(t MemTotal) uint64 { return t.Private }},
	} {
		value := func(r MemRecord) float64 {
			if !comparable {
				return 0
			}
			return mib(m.get(r.Launch))
		}
		bars = append(bars,
			model.Bar{Label: label(m.what, "threads", th), Value: value(th), Text: text(th, m.get), Tone: model.ToneFirst},
			model.Bar{Label: label(m.what, "processes", pr), Value: value(pr), Text: text(pr, m.get), Tone: model.ToneSecond})
	}
	return bars, note
}
