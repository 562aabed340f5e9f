package lesson

import (
	"fmt"
	"html/template"
	"strings"
)

// svgLanes is how many threads a timeline drawing shows at most: the busiest first.
const svgLanes = 8

// laneColors tell threads apart; one color a lane, in order.
var laneColors = []string{"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"}

// TimelineSVG draws the busy threads of t over [from, to] as lanes of runs, width pixels wide,
// with a time axis; a self-contained <svg> element for the handout.
func TimelineSVG(t *Trace, from, to int64, width int) template.HTML {
	lanes := BusyThreads(t)
	if len(lanes) > svgLanes {
		lanes = lanes[:svgLanes]
	}
	const laneH, gap, label, axis = 22, 6, 150, 22
	plot := float64(width - label - 10)
	height := len(lanes)*(laneH+gap) + axis
	span := float64(to - from)
	if span <= 0 {
		span = 1
	}
	x := func(ns int64) float64 { return float64(label) + plot*float64(ns-from)/span }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`, width, height, width, height)
	for li, ti := range lanes {
		th := t.Threads[ti]
		y := li * (laneH + gap)
		fmt.Fprintf(&b, `<text x="0" y="%d">%s</text>`, y+15, template.HTMLEscapeString(fmt.Sprintf("%s %d/%d", th.Name, th.PID, th.TID)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.0f" height="%d" fill="#f2f2f2"/>`, label, y, plot, laneH)
		// Runs closer than a pixel are drawn as one rectangle, so a long trace stays small.
		var open bool
		var x0, x1 float64
		flush := func() {
			if open {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>`, x0, y, max(x1-x0, 0.5), laneH, laneColors[li%len(laneColors)])
			}
		}
		for _, r := range th.Runs {
			c, ok := clip(r, from, to)
			if !ok {
				continue
			}
			a, e := x(c.Start), x(c.End)
			if open && a-x1 < 1 {
				x1 = e
				continue
			}
			flush()
			open, x0, x1 = true, a, e
		}
		flush()
	}
	y := len(lanes) * (laneH + gap)
	for i := 0; i <= 4; i++ {
		at := from + (to-from)*int64(i)/4
		fmt.Fprintf(&b, `<text x="%.0f" y="%d" text-anchor="middle">%s</text>`, min(max(x(at), float64(label)+20), float64(width)-30), y+15, FormatOffset(at-from))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// FormatOffset writes a time offset in nanoseconds with a unit that suits it (axis labels of
// a timeline, in the handout and in the lesson view).
func FormatOffset(ns int64) string {
	switch {
	case ns == 0:
		return "0"
	case ns >= 1e9:
		return fmt.Sprintf("%.2f s", float64(ns)/1e9)
	case ns >= 1e6:
		return fmt.Sprintf("%.1f ms", float64(ns)/1e6)
	default:
		return fmt.Sprintf("%.0f µs", float64(ns)/1e3)
	}
}
