package cardmodel

import (
	"fmt"
	"slices"

	"github.com/taskscope/taskscope/demos"
	"github.com/taskscope/taskscope/ui/model"
)

// EditorModels are the editor demo's models, in the order the bars show them.
var EditorModels = demos.EditorModels

// EditorLatency is one model's latest figures, from its last result event.
type EditorLatency struct {
	P50, P99, MaxMs float64
	Keys            int
	Seen            bool
}

// EditorResult reads a result event; ok is false for any other event.
func EditorResult(e demos.Event) (l EditorLatency, ok bool) {
	if e.Kind() != "result" {
		return l, false
	}
	l.Seen = true
	l.P50, _ = e.Float("latency_p50_ms")
	l.P99, _ = e.Float("latency_p99_ms")
	l.MaxMs, _ = e.Float("max_ms")
	l.Keys, _ = e.Int("keys")
	return l, true
}

// EditorWindow is how many of a model's latest results (one a second) its figures stand on: a
// single second's p99 swung from 2x to 7x between two seconds, as a spellcheck burst fell in
// one second or the next.
const EditorWindow = 5

// EditorSteady is the figure of a model's last EditorWindow results: the median of their p50s
// and of their p99s, the worst max, and the keys of all of them.
func EditorSteady(results []EditorLatency) EditorLatency {
	if len(results) > EditorWindow {
		results = results[len(results)-EditorWindow:]
	}
	if len(results) == 0 {
		return EditorLatency{}
	}
	median := func(get func(EditorLatency) float64) float64 {
		v := make([]float64, len(results))
		for i, r := range results {
			v[i] = get(r)
		}
		slices.Sort(v)
		if n := len(v); n%2 == 0 {
			return (v[n/2-1] + v[n/2]) / 2
		}
		return v[len(v)/2]
	}
	out := EditorLatency{Seen: true,
		P50: median(func(r EditorLatency) float64 { return r.P50 }),
		P99: median(func(r EditorLatency) float64 { return r.P99 })}
	for _, r := range results {
		out.MaxMs = max(out.MaxMs, r.MaxMs)
		out.Keys += r.Keys
	}
	return out
}

// EditorBars draws p50 and p99 of both models.
func EditorBars(lat map[string]EditorLatency) []model.Bar {
	var bars []model.Bar
	for _, q := range []string{"p50", "p99"} {
		for i, name := range EditorModels {
			l := lat[name]
			v := l.P50
			if q == "p99" {
				v = l.P99
			}
			text := "not run"
			if l.Seen {
				text = fmt.Sprintf("%.2f ms (%d keys)", v, l.Keys)
			}
			bars = append(bars, model.Bar{Label: q + ", " + name, Value: v, Text: text, Tone: model.Tone(i)})
		}
	}
	return bars
}

// EditorVerdict compares the models' slowest keys in words, once both have run.
func EditorVerdict(lat map[string]EditorLatency) string {
	t, s := lat["threads"], lat["single"]
	if t.Seen && s.Seen && t.P99 > 0 {
		return fmt.Sprintf("Over the last seconds, the slowest keys (p99) take %.2f ms with one thread against %.2f ms with five: %s as long.",
			s.P99, t.P99, model.FormatRatio(s.P99, t.P99))
	}
	return "Run both models to compare them."
}
