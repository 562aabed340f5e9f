package cardmodel

import (
	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
)

// Evidence is what a claim's recorded demo runs showed, in the card's own terms: the bars its
// card draws and the browser's tabs. A view other than the Demos tab (the lesson's reveal)
// draws a claim's evidence from it, so the class sees what the card would have shown.
type Evidence struct {
	// Charts are bar charts, each under its heading, in the card's order.
	Charts []EvidenceChart
	// Browsers are the browser models' tabs (claims about the browser demo), threads first.
	Browsers []*BrowserState
}

// EvidenceChart is one bar chart of the evidence.
type EvidenceChart struct {
	Heading string
	Bars    []model.Bar
	// FullScale is the value of a full bar on a linear scale (0: the longest bar).
	FullScale float64
	LogScale  bool
}

// ClaimEvidence builds the evidence of claim from its runs' events (claims.Result.Runs, by
// run key), and reports whether the claim has any card evidence recorded. The memory claim
// shows the browsers as they were before the first crash (what each tab read); the crash
// claim shows them at the end, with what died.
func ClaimEvidence(claim string, runs map[string][]demos.Event) (Evidence, bool) {
	var ev Evidence
	switch claim {
	case "memory", "crashes":
		for _, m := range []string{"threads", "processes"} {
			events, ok := runs["browser-"+m]
			if !ok {
				continue
			}
			ev.Browsers = append(ev.Browsers, BrowserReplay(m, events, claim == "memory"))
		}
	case "gil", "io-vs-cpu":
		var s PythonState
		for _, e := range runs["python"] {
			s.Apply(e)
		}
		if s.GIL == nil {
			return ev, false
		}
		bars, full := PythonBars(s, s.GIL.Workers)
		ev.Charts = append(ev.Charts, EvidenceChart{Heading: "Speed-up over one worker (full bar: every core busy)", Bars: bars, FullScale: full})
	case "creation", "communication":
		result := lastResult(runs["cost"])
		if result == nil {
			return ev, false
		}
		if claim == "creation" {
			ev.Charts = append(ev.Charts, EvidenceChart{Heading: "Creating (median, microseconds, log scale)", Bars: CostBars(result, CostCreate, "µs"), LogScale: true})
		} else {
			ev.Charts = append(ev.Charts, EvidenceChart{Heading: "One round trip (median, nanoseconds, log scale)", Bars: CostBars(result, CostTrip, "ns"), LogScale: true})
		}
	case "context-switch":
		r := NewCtxSwitchRun()
		for _, e := range runs["ctxswitch"] {
			r.Apply(e)
		}
		ev.Charts = append(ev.Charts, EvidenceChart{Heading: "One switch, threads against processes, pinned to one core (nanoseconds, median of the batches)", Bars: r.Bars()})
	case "single-core":
		r := NewSingleCoreRun()
		for _, e := range runs["singlecore"] {
			r.Apply(e)
		}
		ev.Charts = append(ev.Charts, EvidenceChart{Heading: "Work done per second in each phase", Bars: r.Bars()})
	case "fork-copy":
		var s ForkcowState
		for _, e := range runs["forkcow"] {
			s.Apply(e)
		}
		if !s.Done {
			return ev, false
		}
		bars, full := ForkcowBars(s)
		ev.Charts = append(ev.Charts, EvidenceChart{Heading: ForkcowHeading, Bars: bars, FullScale: full})
	case "sync-between-processes":
		figs := map[string]RaceFigure{}
		for _, sync := range ProcRaceModels {
			for _, e := range runs["procrace-"+sync] {
				if s, f, ok := ProcRaceResult(e); ok {
					figs[s] = f
				}
			}
		}
		if len(figs) == 0 {
			return ev, false
		}
		counts, full := ProcRaceBars(figs)
		ev.Charts = append(ev.Charts, EvidenceChart{Heading: "The shared counter at the end (full bar: every addition counted)", Bars: counts, FullScale: full})
	default:
		return ev, false
	}
	return ev, len(ev.Charts) > 0 || len(ev.Browsers) > 0
}

// BrowserReplay is the browser model's tabs after the events of one run; with beforeCrash it
// stops at the first fault or crash, so every tab still shows what it read.
func BrowserReplay(mdl string, events []demos.Event, beforeCrash bool) *BrowserState {
	b := NewBrowserState(mdl)
	for _, e := range events {
		if beforeCrash && (e.Kind() == "fault" || e.Kind() == "crashed") {
			break
		}
		b.Apply(e)
	}
	return b
}

// lastResult is the last "result" event of a run, or nil.
func lastResult(events []demos.Event) demos.Event {
	var r demos.Event
	for _, e := range events {
		if e.Kind() == "result" {
			r = e
		}
	}
	return r
}
