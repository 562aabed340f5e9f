package model

import (
	"fmt"

	"github.com/taskscope/taskscope/demos"
)

// EditorModels are the editor demo's models, in the order the bars show them.
var EditorModels = []string{"threads", "single"}

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

// EditorBars draws p50 and p99 of both models.
func EditorBars(lat map[string]EditorLatency) []Bar {
	var bars []Bar
	for _, q := range []string{"p50", "p99"} {
		for i, model := range EditorModels {
			l := lat[model]
			v := l.P50
			if q == "p99" {
				v = l.P99
			}
			text := "not run"
			if l.Seen {
				text = fmt.Sprintf("%.2f ms (%d keys)", v, l.Keys)
			}
			bars = append(bars, Bar{Label: q + ", " + model, Value: v, Text: text, Tone: Tone(i)})
		}
	}
	return bars
}

// EditorVerdict compares the models' slowest keys in words, once both have run.
func EditorVerdict(lat map[string]EditorLatency) string {
	t, s := lat["threads"], lat["single"]
	if t.Seen && s.Seen && t.P99 > 0 {
		return fmt.Sprintf("The slowest keys (p99) take %.2f ms with one thread against %.2f ms with five: %s as long.",
			s.P99, t.P99, FormatRatio(s.P99, t.P99))
	}
	return "Run both models to compare them."
}
